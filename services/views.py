from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisations.queries import editable_organisation_ids, may_create_anything
from styr.views import save_or_report

from . import actions, exports, extensions
from .api import service_history
from .filters import ServiceFilter
from .forms import (
    ConsumerForm,
    ImportForm,
    RoleAssignmentForm,
    ServiceCreateForm,
    ServiceForm,
    TransferForm,
    add_action_errors,
)
from .imports import ImportFileError, import_services
from .models import Consumer, RoleAssignment, Service
from .queries import dashboard_figures, may_edit_service, services_with_owner

PAGE_SIZE = 50


def _require_owner_editor(user, service):
    if not may_edit_service(user, service):
        raise PermissionDenied(_("Only editors of the owning organisation and administrators may change this service."))


@login_required
def dashboard(request):
    return render(request, "services/dashboard.html", {"figures": dashboard_figures(),
                                                       "panels": extensions.dashboard_panels(request)})


def _filtered(request):
    return ServiceFilter(request.GET, queryset=services_with_owner())


@login_required
def service_list(request):
    filterset = _filtered(request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
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
    context = {"filter": filterset, "page": page, "query": query.urlencode(), "sort": sort,
               "may_create": may_create_anything(request.user)}
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
    service = get_object_or_404(services_with_owner().prefetch_related("categories__scheme"), pk=pk)
    may_edit = may_edit_service(request.user, service)
    return render(request, "services/detail.html", {
        "service": service,
        "ownerships": service.ownerships.select_related("organisation").order_by("-valid_from"),
        "consumers": service.consumers.select_related("organisation"),
        "roles": service.roles.all(),
        "history": service_history(service),
        "may_edit": may_edit,
        "consumer_form": ConsumerForm(instance=Consumer(service=service)),
        "role_form": RoleAssignmentForm(),
        "panels": extensions.service_panels(request, service),
    })


@login_required
def service_create(request):
    organisations = editable_organisation_ids(request.user)
    if organisations is not None and not organisations:
        raise PermissionDenied(_("Only editors and administrators may register services."))
    form = ServiceCreateForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("categories", "owner", "owner_from")}
        try:
            service = actions.create_service(
                owner=form.cleaned_data["owner"], owner_from=form.cleaned_data["owner_from"],
                categories=form.cleaned_data["categories"], **data,
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
def service_transfer(request, pk):
    service = get_object_or_404(Service, pk=pk)
    _require_owner_editor(request.user, service)
    form = TransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.transfer_ownership(service=service, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Ownership was transferred to %(org)s.") % {"org": form.cleaned_data["to"]})
            return redirect(service)
    return render(request, "services/transfer.html", {"form": form, "service": service,
                                                      "current": actions.current_ownership(service)})


def _add_to_service(request, pk, form_class, instance_class, done):
    service = get_object_or_404(Service, pk=pk)
    _require_owner_editor(request.user, service)
    save_or_report(request, form_class(request.POST, instance=instance_class(service=service)), done)
    return redirect(service)


def _remove_from_service(request, pk, model, related_pk, done):
    row = get_object_or_404(model, pk=related_pk, service_id=pk)
    _require_owner_editor(request.user, row.service)
    row.delete()
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
    if editable_organisation_ids(request.user) is not None:
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
