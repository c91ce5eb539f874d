from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import registry
from core.access import may_edit, may_register, may_see_details
from core.views import paged, save_or_report
from services.models import Service

from . import queries, queries_components
from .filters import ComponentFilter
from .forms import EnvironmentForm, TestRecordForm
from .models import Environment, TestRecord

PAGE_SIZE = 50


def service_panel(request, service):
    """Components, tests and environments are a service's security details: a shielded service shows only
    that they are hidden (core.access.may_see_details)."""
    if not may_see_details(request.user, service):
        return render_to_string("lifecycle/_service_panel_hidden.html", {"service": service}, request=request)
    status, earliest = queries.service_support(service)
    return render_to_string("lifecycle/_service_panel.html", {
        "service": service,
        "components": queries.components_with_support().filter(services=service),
        "support_status": status, "support_end": earliest,
        "tests": service.tests.all()[:20],
        "environments": service.environments.all(),
        "has_passed_test": queries.has_passed_test(service),
        "may_edit": may_edit(request.user, service),
        "test_form": TestRecordForm(initial={"version": service.version}),
        "environment_form": EnvironmentForm(),
    }, request=request)


def _add(request, pk, form_class, model, done):
    service = get_object_or_404(Service, pk=pk)
    if not may_edit(request.user, service):
        raise PermissionDenied(_("Only editors of the owning organisation and administrators may change this service."))
    save_or_report(request, form_class(request.POST, instance=model(service=service)), done)
    return redirect(service.section_url("architecture", "lifecycle"))


@login_required
@require_POST
def test_add(request, pk):
    return _add(request, pk, TestRecordForm, TestRecord, _("The test was recorded."))


@login_required
@require_POST
def environment_add(request, pk):
    return _add(request, pk, EnvironmentForm, Environment, _("The environment was recorded."))


@login_required
def component_list(request):
    components = queries_components.components_with_counts(request.user).order_by("name", "version")
    filterset = ComponentFilter(request.GET, queryset=components)
    return render(request, "lifecycle/components.html", {
        "filter": filterset, **paged(request, filterset.qs, PAGE_SIZE),
        "may_create": may_register(request.user), "component_links": registry.COMPONENT_LINKS})
