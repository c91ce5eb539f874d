"""Pages of information types and classification (issue 9, part 1): the panel's section, the edit pages, the
region's classification list, import and export of information types."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core import access
from core.forms import add_action_errors
from core.tables import ImportFileError
from core.versioning import StaleVersion
from core.views import paged
from services.models import Service

from . import actions, classification_io
from .filters import ClassificationFilter
from .forms import ImportForm, InformationTypeForm, OverrideForm, VersionForm
from .models import InformationType, Scale


def level_names(purpose=Scale.Purpose.CLASSIFICATION):
    """{number: name} of the active scale, one query."""
    scale = Scale.active_for(purpose)
    return {} if scale is None else dict(scale.levels.values_list("number", "name"))


def _level(names, number):
    if number is None:
        return ""
    return f"{number} – {names[number]}" if number in names else str(number)


def classification_section(request, service):
    """The service's information types and how its classification came about."""
    names = level_names()
    information = access.visible_to(request.user, InformationType.objects.filter(service=service)).select_related(
        "classified_by").order_by("name", "pk")
    pages = paged(request, information)
    rows = [(info, _level(names, info.confidentiality), _level(names, info.integrity),
             _level(names, info.availability)) for info in pages["page"].object_list]
    return {"information_rows": rows, "information_page": pages["page"], "information_query": pages["query"]}



def _editable_service(request, pk):
    service = get_object_or_404(Service, pk=pk)
    if not access.may_edit(request.user, service):
        raise PermissionDenied(_("Only editors of the owning organisation and administrators may classify this "
                                 "service's information."))
    return service


def _editable_information(request, pk):
    information = get_object_or_404(InformationType.objects.select_related("service"), pk=pk)
    if not access.may_see(request.user, information):
        raise Http404(_("There is no information type %(id)s.") % {"id": pk})
    if not access.may_edit(request.user, information.service):
        raise PermissionDenied(_("Only editors of the owning organisation and administrators may classify this "
                                 "service's information."))
    return information


def _form_fields(form):
    return {name: form.cleaned_data[name] for name in actions.INFORMATION_FIELDS if name in form.cleaned_data}


@login_required
def information_add(request, pk):
    service = _editable_service(request, pk)
    form = InformationTypeForm(request.POST or None, instance=InformationType(service=service))
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_information_type(service=service, user=request.user, **_form_fields(form))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The information type was added."))
            return redirect(service.section_url("security", "security"))
    return render(request, "security/information_form.html", {
        "form": form, "service": service, "title": _("Add information to %(name)s") % {"name": service.name}})


@login_required
def information_edit(request, pk):
    information = _editable_information(request, pk)
    form = InformationTypeForm(request.POST or None, instance=information)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_information_type(
                information=InformationType.objects.get(pk=pk), user=request.user,
                expected_version=form.cleaned_data["row_version"], **_form_fields(form))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(information.service.section_url("security", "security"))
    return render(request, "security/information_form.html", {
        "form": form, "service": information.service, "information": information,
        "title": _("Edit %(name)s") % {"name": information.name}})


@login_required
def information_remove(request, pk):
    information = _editable_information(request, pk)
    service = information.service
    if request.method == "POST":
        form = VersionForm(request.POST)
        try:
            if not form.is_valid() or form.cleaned_data["row_version"] is None:
                raise StaleVersion(information)
            actions.remove_information_type(information=information, user=request.user,
                                            expected_version=form.cleaned_data["row_version"])
        except StaleVersion as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The information type %(name)s was removed.") % {"name": information.name})
        return redirect(service.section_url("security", "security"))
    return render(request, "security/information_remove.html", {"information": information, "service": service})


@login_required
def classification_override(request, pk):
    service = _editable_service(request, pk)
    current = getattr(service, "classification", None) if hasattr(service, "classification") else None
    initial = {}
    if current is not None:
        initial = {"confidentiality": current.confidentiality, "integrity": current.integrity,
                   "availability": current.availability, "justification": current.justification,
                   "row_version": current.row_version}
    form = OverrideForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.override_classification(
                service=service, user=request.user, confidentiality=data["confidentiality"],
                integrity=data["integrity"], availability=data["availability"], justification=data["justification"],
                expected_version=data["row_version"] if current is not None else None)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The classification was set by hand."))
            return redirect(service.section_url("security", "security"))
    return render(request, "security/override_form.html", {"form": form, "service": service,
                                                          "classification": current})


@login_required
def classification_computed(request, pk):
    service = _editable_service(request, pk)
    if request.method != "POST":
        return redirect(service.section_url("security", "security"))
    form = VersionForm(request.POST)
    try:
        version = form.cleaned_data["row_version"] if form.is_valid() else None
        actions.clear_override(service=service, user=request.user, expected_version=version)
    except StaleVersion as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The classification is computed from the information again."))
    return redirect(service.section_url("security", "security"))


def _classification_filter(request):
    return ClassificationFilter(request.GET, queryset=Service.objects.all(), request=request)


@login_required
def classification_list(request):
    """The region's classifications: every service's letters for every reader, its information types' names
    only where the reader may see its details."""
    filterset = _classification_filter(request)
    services = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    context = paged(request, services)
    page_services = list(context["page"].object_list)
    names = {}
    visible = access.visible_to(request.user, InformationType.objects.filter(
        service__in=[s.pk for s in page_services])).order_by("name").values_list("service_id", "name")
    for service_id, name in visible:
        names.setdefault(service_id, []).append(name)
    context.update(filter=filterset, rows=[(s, names.get(s.pk, [])) for s in page_services],
                   may_import=access.may_register(request.user))
    return render(request, "security/classifications.html", context)


@login_required
def information_export(request, fmt):
    filterset = _classification_filter(request)
    if not filterset.is_valid():
        return HttpResponse(filterset.errors.as_text(), status=400, content_type="text/plain; charset=utf-8")
    information = access.visible_to(request.user, InformationType.objects.filter(
        service__in=filterset.qs.values("pk")))
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        classification_io.write_csv(information, response)
    else:
        response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        classification_io.write_xlsx(information, response)
    response["Content-Disposition"] = f'attachment; filename="informationsmangder-{datetime.date.today()}.{fmt}"'
    return response


@login_required
def information_import(request):
    if not access.may_register(request.user):
        raise PermissionDenied(_("Only editors and administrators may import information types."))
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = classification_io.import_information(upload.name, upload.read(), user=request.user)
        except ImportFileError as error:
            form.add_error("file", str(error))
    return render(request, "security/information_import.html", {"form": form, "result": result})
