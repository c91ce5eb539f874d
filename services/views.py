import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import access, registry
from core.forms import add_action_errors
from core.tables import ImportFileError
from core.versioning import StaleVersion, claim, stale_message
from core.views import save_or_report

from . import actions, exports
from .api import service_history
from .filters import page_of, service_filter
from .forms import (
    ConsumerForm,
    ImportForm,
    OwnershipCorrectionForm,
    RoleAssignmentForm,
    ServiceCreateForm,
    ServiceForm,
)
from .imports import import_services
from .models import Consumer, Ownership, RoleAssignment, Service
from .queries import current_ownership, dashboard_figures, ownership_on, scheduled_ownership, services_with_owner

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
    rows = [(s, [column.value(s) for column in columns]) for s in page.object_list]
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


@login_required
def service_detail(request, pk):
    service = access.visible_to(request.user, services_with_owner()).prefetch_related("categories__scheme").filter(
        pk=pk).first()
    if service is None:
        if Service.objects.filter(pk=pk).exists():  # there, but not for this reader's eyes
            raise Http404(_("There is no service %(id)s.") % {"id": pk})
        return _deleted_service(request, pk)
    may_edit = access.may_edit(request.user, service)
    return render(request, "services/detail.html", {
        "service": service,
        "scheduled": scheduled_ownership(service),
        "ownerships": service.ownerships.select_related("organisation", "decision").order_by("-valid_from"),
        "consumers": service.consumers.select_related("organisation"),
        "roles": service.roles.all(),
        "history": service_history(service.pk),
        "may_edit": may_edit,
        "may_administer": access.may_administer(request.user),
        "consumer_form": ConsumerForm(instance=Consumer(service=service)),
        "role_form": RoleAssignmentForm(),
        "panels": registry.service_panels(request, service),
    })


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
    return render(request, "services/delete.html", {"service": service})


def _add_to_service(request, pk, form_class, instance_class, done):
    service = get_object_or_404(Service, pk=pk)
    _require_owner_editor(request.user, service)
    save_or_report(request, form_class(request.POST, instance=instance_class(service=service)), done)
    return redirect(service)


def _remove_from_service(request, pk, model, related_pk, done):
    row = get_object_or_404(model, pk=related_pk, service_id=pk)
    _require_owner_editor(request.user, row.service)
    # The page showed a version; a row changed since (e.g. its volume) is not removed unseen.
    try:
        with transaction.atomic():
            claim(row, int(request.POST.get("row_version", "")))
            row.delete()
    except (ValueError, StaleVersion):
        messages.error(request, stale_message(row))
        return redirect(row.service)
    messages.success(request, done)
    return redirect(row.service)


@login_required
@require_POST
def consumer_add(request, pk):
    return _add_to_service(request, pk, ConsumerForm, Consumer, _("The consumer was added."))


@login_required
@require_POST
def consumer_delete(request, pk, consumer_pk):
    return _remove_from_service(request, pk, Consumer, consumer_pk, _("The consumer was removed."))


@login_required
@require_POST
def role_add(request, pk):
    return _add_to_service(request, pk, RoleAssignmentForm, RoleAssignment, _("The role was added."))


@login_required
@require_POST
def role_delete(request, pk, role_pk):
    return _remove_from_service(request, pk, RoleAssignment, role_pk, _("The role was removed."))


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
        "consumptions": organisation.consumptions.select_related("service").order_by("service__name")[:PANEL_LIMIT],
    }
    counts = {f"{name}_count": rows.count() for name, rows in {
        "current": current, "coming": periods.filter(valid_from__gt=today),
        "past": periods.filter(valid_to__lte=today), "consumptions": organisation.consumptions.all()}.items()}
    lists = {name: list(rows) for name, rows in lists.items()}
    return render_to_string("services/_organisation_panel.html", {
        **lists, **counts, "organisation": organisation, "limit": PANEL_LIMIT,
        "shown_limit_reached": any(len(rows) == PANEL_LIMIT for rows in lists.values()),
    }, request=request)
