import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import access, converters, registry
from core.deletion import confirm
from core.forms import add_action_errors, int_param
from core.tables import ImportFileError
from core.versioning import StaleVersion, stale_message
from core.views import save_or_report

from . import actions, exports
from . import sections as sections_
from .api import service_history
from .filters import page_of, service_filter
from .forms import (
    ConsumerForm,
    ConsumerVolumeForm,
    ImportForm,
    OwnershipCorrectionForm,
    RoleAssignmentForm,
    ServiceCreateForm,
    ServiceForm,
)
from .imports import import_services
from .models import Consumer, Ownership, RoleAssignment, Service
from .queries import (
    current_ownership,
    dashboard_figures,
    first_consumptions,
    ownership_on,
    scheduled_ownership,
    services_with_owner,
)

PAGE_SIZE = 50


def _require_owner_editor(user, service):
    if not access.may_edit(user, service):
        raise PermissionDenied(_("Only editors of the owning organisation and administrators may change this service."))


def _overview_figures():
    """The overview's figures as stored (docs/decisions/0036: counted per visit they cost 0.7 s at 100,000
    services), or counted now when nothing is stored."""
    for stored in registry.OVERVIEW_FIGURES:
        figures = stored()
        if figures:
            return figures
    return dashboard_figures()


@login_required
def dashboard(request):
    return render(request, "services/dashboard.html", {"figures": _overview_figures(),
                                                       "panels": registry.dashboard_panels(request)})


def _filtered(request):
    return service_filter()(request.GET, queryset=access.visible_to(request.user, services_with_owner()))


def _rows(services, columns):
    """The list's rows with what the table shows worked out once a page: the choices' labels (get_FOO_display
    rebuilds and translates every choice on each call) and the detail address from one reverse — together a tenth
    of the page's time at 50 rows."""
    labels = {name: {value: str(label) for value, label in Service._meta.get_field(name).flatchoices}
              for name in ("phase", "kind", "criticality")}
    address = converters.addresses_by_key(lambda marker: reverse("services:detail", args=[marker]))
    return [{"service": s, "url": address(s.pk) if address else s.get_absolute_url(),
             **{name: labels[name].get(getattr(s, name), getattr(s, name)) for name in labels},
             "extra": [column.value(s) for column in columns]}
            for s in services]


@login_required
def service_list(request):
    filterset = _filtered(request)
    page = page_of(filterset, access.visible_to(request.user, Service.objects.all()), request.GET.get("page"),
                   PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    current = query.get("ordering", "name")
    sort = {}
    for column in ("name", "owner", "domain", "phase", "kind", "criticality"):
        link = query.copy()
        link["ordering"] = f"-{column}" if current == column else column
        sort[column] = {"query": link.urlencode(),
                        "state": "ascending" if current == column else "descending" if current == f"-{column}"
                        else "none"}
    # Columns other apps add (registry.SERVICE_LIST_EXTENSIONS), read from the page's own rows.
    columns = registry.service_list_columns()
    extra = []
    for column in columns:
        entry = {"label": column.label, "sort": None}
        if column.sort:
            link = query.copy()
            link["ordering"] = f"-{column.sort}" if current == column.sort else column.sort
            entry["sort"] = {"query": link.urlencode(),
                             "state": "ascending" if current == column.sort
                             else "descending" if current == f"-{column.sort}" else "none"}
        extra.append(entry)
    rows = _rows(page.object_list, columns)
    context = {"filter": filterset, "page": page, "query": query.urlencode(), "sort": sort,
               "extra_columns": extra, "rows": rows,
               "may_create": access.may_register(request.user), "may_import": access.may_administer(request.user)}
    template = "services/_service_table.html" if request.headers.get("HX-Request") else "services/list.html"
    return render(request, template, context)


@login_required
def service_export(request, fmt):
    filterset = _filtered(request)
    if not filterset.is_valid():
        return HttpResponse(filterset.errors.as_text(), status=400, content_type="text/plain")
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        exports.write_csv(filterset.qs, response)
    else:
        response = HttpResponse(
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        exports.write_xlsx(filterset.qs, response)
    response["Content-Disposition"] = f'attachment; filename="tjanster.{fmt}"'
    return response


def _visible_service(request, pk):
    """The service as the user may see it, with its owner; 404 when hidden from them, 410 (its history) when
    deleted — the page and each of its sections answer alike."""
    service = access.visible_to(request.user, services_with_owner()).prefetch_related("categories__scheme").filter(
        pk=pk).first()
    if service is None:
        if Service.objects.filter(pk=pk).exists():  # there, but not for this reader's eyes
            raise Http404(_("There is no service %(id)s.") % {"id": pk})
    return service


@login_required
def service_detail(request, pk):
    service = _visible_service(request, pk)
    if service is None:
        return _deleted_service(request, pk)
    # Sections render only when asked: ?open=<key> (a write returns there), ?sections=all (everything, e.g. to
    # print); the rest are fetched when opened.
    everything = request.GET.get("sections") == "all"
    wanted = set(request.GET.getlist("open"))
    sections = [{"key": one.key, "label": one.label,
                 "html": sections_.render(request, service, one.key) if everything or one.key in wanted else None}
                for one in sections_.SECTIONS]
    return render(request, "services/detail.html", {
        "service": service,
        "scheduled": scheduled_ownership(service),
        "sections": sections,
        "everything": everything,
        "may_edit": access.may_edit(request.user, service),
        "may_administer": access.may_administer(request.user),
    })


@login_required
def service_section(request, pk, section):
    """One section of the service page: the fragment HTMX fetches when it is opened, or without JavaScript a page
    of its own."""
    if section not in sections_.BY_KEY:
        raise Http404(_("The service page has no section %(section)s.") % {"section": section[:40]})
    service = _visible_service(request, pk)
    if service is None:
        raise Http404(_("There is no service %(id)s.") % {"id": pk})
    template = "services/_section.html" if request.headers.get("HX-Request") else "services/section.html"
    return render(request, template, {"html": sections_.render(request, service, section), "service": service,
                                      "section": sections_.BY_KEY[section]})


def _deleted_service(request, pk):
    """A deleted service's address still answers with its history, so no record of it is lost to readers."""
    last = Service.history.filter(id=pk).order_by("-history_date", "-history_id").first()
    if last is None:
        raise Http404(_("There is no service %(id)s.") % {"id": pk})
    return render(request, "services/deleted.html", {"last": last, "history": service_history(pk)}, status=410)


@login_required
def service_create(request):
    organisations = access.editable_organisation_ids(request.user)
    if organisations is not None and not organisations:
        raise PermissionDenied(_("Only editors and administrators may register services."))
    form = ServiceCreateForm(request.POST or None, organisations=organisations,
                             as_administrator=access.may_administer(request.user))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("categories", "owner", "owner_from")}
        try:
            service = actions.create_service(
                owner=form.cleaned_data["owner"], owner_from=form.cleaned_data.get("owner_from"),
                categories=form.cleaned_data["categories"], as_administrator=access.may_administer(request.user),
                **data,
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The service %(name)s was registered.") % {"name": service.name})
            return redirect(service)
    return render(request, "services/form.html", {"form": form, "title": _("Register a service")})


@login_required
def service_edit(request, pk):
    service = get_object_or_404(Service, pk=pk)
    _require_owner_editor(request.user, service)
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in form.Meta.fields if k != "categories"}
        try:
            actions.update_service(
                service=Service.objects.get(pk=pk), expected_version=form.cleaned_data["row_version"],
                categories=form.cleaned_data["categories"], **data,
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(service)
    return render(request, "services/form.html", {"form": form, "service": service,
                                                  "title": _("Edit %(name)s") % {"name": service.name}})


@login_required
def ownership_correction(request, pk):
    service = get_object_or_404(Service, pk=pk)
    if not access.may_administer(request.user):
        raise PermissionDenied(_("Ownership changes by a decided transfer: the owner's editors request one from the "
                                 "service page. Only administrators correct the ownership record."))
    form = OwnershipCorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.correct_ownership(service=service, to=data["to"], on_date=data["on_date"],
                                      mandate=data["mandate"], decision=data["decision"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The ownership record was corrected: %(org)s from %(date)s.")
                             % {"org": data["to"], "date": data["on_date"]})
            return redirect(service)
    return render(request, "services/ownership_correction.html", {
        "form": form, "service": service, "current": current_ownership(service)})


@login_required
def service_delete(request, pk):
    service = get_object_or_404(Service, pk=pk)
    if not access.may_administer(request.user):
        raise PermissionDenied(_("A service ends by being decommissioned and archived. Only an administrator "
                                 "deletes a wrongly registered service."))
    if request.method == "POST":
        try:
            actions.delete_service(service=service)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(service)
        messages.success(request, _("%(name)s was deleted; its history stays at its address.") % {"name": service})
        return redirect("services:list")
    return confirm(request, service, cancel_url=service.get_absolute_url(), note=_(
        "Delete only a service that was registered by mistake. A service that ends its life is decommissioned and "
        "archived instead. Its history stays readable at its address."))


def _add_to_service(request, pk, form_class, instance_class, done, section):
    service = get_object_or_404(Service, pk=pk)
    _require_owner_editor(request.user, service)
    save_or_report(request, form_class(request.POST, instance=instance_class(service=service)), done)
    return redirect(service.section_url(section))


def _remove_from_service(request, row, done, section, title):
    """GET: what goes with the row, and a button; POST: remove it. The version comes from the page that linked
    here (?row_version=…, kept by the confirmation's form) or from the form: a row changed since (e.g. its volume)
    is not removed unseen."""
    _require_owner_editor(request.user, row.service)
    back = row.service.section_url(section)
    if request.method != "POST":
        return confirm(request, row, cancel_url=back, title=title)
    version = int_param(request.POST.get("row_version") or request.GET.get("row_version"), low=1, high=2**31 - 1)
    try:
        if version is None:
            raise StaleVersion(row)
        actions.remove_from_service(row=row, expected_version=version)
    except StaleVersion:
        messages.error(request, stale_message(row))
        return redirect(back)
    messages.success(request, done)
    return redirect(back)


@login_required
@require_POST
def consumer_add(request, pk):
    return _add_to_service(request, pk, ConsumerForm, Consumer, _("The consumer was added."), "consumers")


@login_required
def consumer_delete(request, pk, consumer_pk):
    consumer = get_object_or_404(Consumer.objects.select_related("organisation", "service"), pk=consumer_pk,
                                 service_id=pk)
    return _remove_from_service(
        request, consumer, _("The consumer was removed."), "consumers",
        _("Remove %(org)s as a consumer of %(service)s?") % {"org": consumer.organisation, "service": consumer.service})


@login_required
def consumer_row(request, pk, consumer_pk):
    """One consumer's row as the page shows it (HTMX: what "Cancel" puts back in place of the edit form)."""
    consumer = _consumer(request, pk, consumer_pk, editing=False)
    if not request.headers.get("HX-Request"):
        return redirect(consumer.service.section_url("consumers"))
    return render(request, "services/_consumer_row.html", {"c": consumer, "service": consumer.service,
                                                            "may_edit": access.may_edit(request.user,
                                                                                        consumer.service)})


def _consumer(request, pk, consumer_pk, *, editing):
    consumer = Consumer.objects.select_related("organisation", "service").filter(pk=consumer_pk, service_id=pk).first()
    if consumer is None or not access.visible_to(request.user, Service.objects.filter(pk=pk)).exists():
        raise Http404(_("There is no such consumer."))
    if editing:
        _require_owner_editor(request.user, consumer.service)
    return consumer


@login_required
def consumer_volume(request, pk, consumer_pk):
    """Change a consumer's volume in place: HTMX swaps the row for this form and the saved row back; without
    JavaScript it is a page of its own. A volume changed by someone else since the form was shown is refused
    and the form shows their value."""
    consumer = _consumer(request, pk, consumer_pk, editing=True)
    service = consumer.service
    partial = bool(request.headers.get("HX-Request"))
    form = ConsumerVolumeForm(request.POST or None, instance=consumer)
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_consumer_volume(consumer=Consumer.objects.get(pk=consumer.pk),
                                           volume=form.cleaned_data["volume"],
                                           expected_version=form.cleaned_data["row_version"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            done = _("The volume of %(org)s was changed.") % {"org": consumer.organisation}
            if not partial:
                messages.success(request, done)
                return redirect(service.section_url("consumers"))
            consumer.refresh_from_db()
            return render(request, "services/_consumer_row.html", {"c": consumer, "service": service,
                                                                    "may_edit": True, "saved": done})
    if form.errors and any(error.code == "stale" for error in form.non_field_errors().as_data()):
        # Show the value someone else saved, with its version, under the message: the user decides again.
        errors = form.non_field_errors()
        consumer.refresh_from_db()
        form = ConsumerVolumeForm(instance=consumer)
        form.stale_errors = errors
    context = {"c": consumer, "service": service, "form": form}
    if partial:
        return render(request, "services/_consumer_volume_form.html", context)
    return render(request, "services/consumer_volume.html", context)


@login_required
@require_POST
def role_add(request, pk):
    return _add_to_service(request, pk, RoleAssignmentForm, RoleAssignment, _("The role was added."), "ownership")


@login_required
def role_delete(request, pk, role_pk):
    role = get_object_or_404(RoleAssignment.objects.select_related("service"), pk=role_pk, service_id=pk)
    return _remove_from_service(
        request, role, _("The role was removed."), "ownership",
        _("Remove %(person)s as %(role)s of %(service)s?") % {
            "person": role.person_name, "role": role.get_role_display().lower(), "service": role.service})


@login_required
def service_import(request):
    if not access.may_administer(request.user):
        raise PermissionDenied(_("Only administrators may import services."))
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_services(upload.name, upload.read(), skip_invalid=form.cleaned_data["skip_invalid"],
                                     user=request.user)
        except ImportFileError as error:
            form.add_error("file", str(error))
    return render(request, "services/import.html", {"form": form, "result": result})


PANEL_LIMIT = 20  # the first page of each list on the organisation's page; counts say how many there are


def organisation_panel(request, organisation):
    """What the organisation owns (by date: now, from a later date, earlier) and uses, on its page."""
    today = datetime.date.today()
    periods = Ownership.objects.filter(organisation=organisation).select_related("service")
    current = ownership_on(today).filter(organisation=organisation)
    lists = {
        "current": current.select_related("service").order_by("service__name")[:PANEL_LIMIT],
        "coming": periods.filter(valid_from__gt=today).order_by("valid_from")[:PANEL_LIMIT],
        "past": periods.filter(valid_to__lte=today).order_by("-valid_to", "service__name")[:PANEL_LIMIT],
    }
    counts = {f"{name}_count": rows.count() for name, rows in {
        "current": current, "coming": periods.filter(valid_from__gt=today),
        "past": periods.filter(valid_to__lte=today), "consumptions": organisation.consumptions.all()}.items()}
    lists = {name: list(rows) for name, rows in lists.items()}
    lists["consumptions"] = first_consumptions(organisation, counts["consumptions_count"], PANEL_LIMIT)
    return render_to_string("services/_organisation_panel.html", {
        **lists, **counts, "organisation": organisation, "limit": PANEL_LIMIT,
        "shown_limit_reached": any(len(rows) == PANEL_LIMIT for rows in lists.values()),
    }, request=request)
