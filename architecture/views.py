"""Pages of integrations and dependencies (issue 11, part 1): the service page's panel, the forms that record
them, the region's list of integrations with its export, and the suggestions for the service fields. Every
change goes through architecture.actions; every read through architecture.queries (core.access.visible_to)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core import access, deletion
from core import exports as export_writer
from core.forms import add_action_errors
from core.views import paged
from services.models import Service

from . import actions, queries
from .filters import IntegrationFilter
from .forms import DependencyForm, IntegrationForm
from .models import Dependency, Integration

PAGE_SIZE = 50
PANEL_ROWS = 50
FORM_FIELDS = ("producer", "kind", "platform", "carries", "standard", "criticality", "phase", "needed",
               "description")


def service_panel(request, service):
    """"Integrations and dependencies" on the service page: what it receives and delivers, what it depends on and
    what depends on it, directly. They are the service's security details: a shielded service shows only that they
    are hidden, and a row whose other end is shielded from the user is left out (core.access.visible_to)."""
    if not access.may_see_details(request.user, service):
        return render_to_string("architecture/_integrations_panel.html", {"service": service, "hidden": True},
                                request=request)
    may_edit = access.may_write(request.user) and access.may_edit(request.user, service)
    sections = {**queries.service_integrations(request.user, service),
                **queries.service_dependencies(request.user, service)}
    # A platform or the it-workplace may have thousands of rows: the panel shows the first ones and how many
    # there are; the list (filtered by this service) pages through all of them.
    context = {"service": service, "may_edit": may_edit, "panel_rows": PANEL_ROWS}
    for name, rows in sections.items():
        context[name] = rows[:PANEL_ROWS]
        context[f"{name}_count"] = rows.count() if len(context[name]) == PANEL_ROWS else len(context[name])
    return render_to_string("architecture/_integrations_panel.html", context, request=request)


def _visible_integration(user, pk):
    integration = queries.integrations_visible_to(user).filter(pk=pk).first()
    if integration is None:
        raise Http404(_("There is no integration %(id)s.") % {"id": pk})
    return integration


def _refuse(user, obj):
    actions.refuse_unless_editor(user, obj)  # PermissionDenied: 403 with its message


def _form_values(form):
    return {name: form.cleaned_data.get(name) for name in FORM_FIELDS if name in form.cleaned_data}


@login_required
def integration_create(request, pk):
    """Record an integration the service receives (its owner's editors: the consumer's owner records it)."""
    service = get_object_or_404(Service, pk=pk)
    _refuse(request.user, Integration(consumer=service))
    form = IntegrationForm(request.POST or None, instance=Integration(consumer=service))
    if request.method == "POST" and form.is_valid():
        try:
            actions.create_integration(user=request.user, consumer=service, contracts=form.contract_list(),
                                       **_form_values(form))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The integration was recorded."))
            return redirect(service.section_url("architecture", "integrations"))
    return render(request, "architecture/integration_form.html", {"form": form, "service": service},
                  status=400 if form.errors else 200)


@login_required
def integration_edit(request, pk):
    integration = _visible_integration(request.user, pk)
    _refuse(request.user, integration)
    form = IntegrationForm(request.POST or None, instance=integration)
    if request.method == "POST" and form.is_valid():
        stored = Integration.objects.get(pk=pk)
        values = _form_values(form)
        try:
            actions.update_integration(
                user=request.user, integration=stored, expected_version=form.cleaned_data["row_version"],
                contracts=form.contract_list(),
                information_types=form.cleaned_data.get("information_types") if "information_types" in form.fields
                else None, **values)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The integration was saved."))
            return redirect(stored.consumer.section_url("architecture", "integrations"))
    integration = _visible_integration(request.user, pk)  # as stored, whatever a refused form set on it
    return render(request, "architecture/integration_form.html",
                  {"form": form, "service": integration.consumer, "integration": integration},
                  status=400 if form.errors else 200)


def _posted_version(request):
    # The confirmation page posts back to its own address, which carries the version the user saw (core.deletion).
    value = request.POST.get("row_version") or request.GET.get("row_version") or ""
    return int(value) if value.isdigit() and len(value) < 10 else None


@login_required
def integration_delete(request, pk):
    integration = _visible_integration(request.user, pk)
    _refuse(request.user, integration)
    if request.method != "POST":  # every delete asks first (core.deletion)
        return deletion.confirm(request, integration,
                                cancel_url=integration.consumer.section_url("architecture", "integrations"))
    try:
        actions.delete_integration(user=request.user, integration=integration,
                                   expected_version=_posted_version(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The integration was removed."))
    return redirect(integration.consumer.section_url("architecture", "integrations"))


@login_required
def dependency_create(request, pk):
    service = get_object_or_404(Service, pk=pk)
    _refuse(request.user, Dependency(service=service))
    form = DependencyForm(request.POST or None, instance=Dependency(service=service))
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_dependency(user=request.user, service=service, depends_on=form.cleaned_data["depends_on"],
                                   description=form.cleaned_data["description"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The dependency was recorded."))
            return redirect(service.section_url("architecture", "dependencies"))
    return render(request, "architecture/dependency_form.html", {"form": form, "service": service},
                  status=400 if form.errors else 200)


@login_required
def dependency_delete(request, pk):
    dependency = queries.dependencies_visible_to(request.user).filter(pk=pk).first()
    if dependency is None:
        raise Http404(_("There is no dependency %(id)s.") % {"id": pk})
    _refuse(request.user, dependency)
    if request.method != "POST":
        return deletion.confirm(request, dependency,
                                cancel_url=dependency.service.section_url("architecture", "dependencies"))
    try:
        actions.remove_dependency(user=request.user, dependency=dependency, expected_version=_posted_version(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The dependency was removed."))
    return redirect(dependency.service.section_url("architecture", "dependencies"))


def _filtered(request):
    filterset = IntegrationFilter(request.GET, queryset=queries.integrations_visible_to(request.user).order_by("id"))
    return filterset, (filterset.qs if filterset.is_valid() else Integration.objects.none())


@login_required
def integration_list(request):
    """The region's integrations, as far as the user may see them: filtered (e.g. by a service contract, to see
    which producers and consumers use GetCareDocumentation), paged, exported with the same filter."""
    filterset, rows = _filtered(request)
    context = {"filter": filterset, **paged(request, rows, PAGE_SIZE)}
    return render(request, "architecture/integrations.html", context, status=400 if filterset.errors else 200)


EXPORT_COLUMNS = ["integration_id", "producer_id", "producer", "consumer_id", "consumer", "kind", "platform",
                  "service_contracts", "information_types", "carries", "standard", "criticality", "phase", "needed",
                  "description"]


def export_rows(queryset):
    for i in queryset.iterator(chunk_size=2000):
        yield [i.pk, i.producer_id, i.producer.name, i.consumer_id, i.consumer.name, i.get_kind_display(),
               i.platform.name if i.platform else None, " ".join(c.urn for c in i.contracts.all()),
               "; ".join(t.name for t in i.information_types.all()), i.carries, i.standard,
               i.get_criticality_display(), i.get_phase_display(), i.needed, i.description]


@login_required
def integration_export(request, fmt):
    filterset, rows = _filtered(request)
    if not filterset.is_valid():
        return HttpResponse(filterset.errors.as_text(), status=400, content_type="text/plain; charset=utf-8")
    return export_writer.response(fmt, "integrationer", EXPORT_COLUMNS, export_rows(rows), sheet_title="integrationer")
