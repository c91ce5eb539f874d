"""Component pages (issue 13): a detail page with the services that run on it (paged, added one at a time with
suggestions, removed after a confirmation), an edit page and the history.

Who may do what (core.access): a component's facts belong to no organisation, so any editor may register and
change a component (may_register / may_edit, as core.access answers for what has no owner); a link between a
component and a service is the service's, so the editors of the service's owner add and remove it (may_edit of the
service); deleting a component reaches across owners and is the administrators' (may_administer)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import access, deletion, history
from core.forms import add_action_errors
from core.views import paged
from services.models import Service

from . import actions_components as actions
from . import queries, queries_components
from .forms import ComponentForm, ComponentServiceForm
from .models import Component

PAGE_SIZE = 50


def _component(pk):
    return get_object_or_404(queries.components_with_support(), pk=pk)


def _may_edit_facts(user):
    return access.may_register(user)


def _detail(request, component, form=None, status=200):
    services = queries_components.services_of(request.user, component)
    may_link = access.may_register(request.user)
    return render(request, "lifecycle/component.html", {
        "component": component, **paged(request, services, PAGE_SIZE),
        "may_edit": _may_edit_facts(request.user), "may_link": may_link,
        "may_delete": access.may_administer(request.user),
        "form": form or (ComponentServiceForm() if may_link else None)}, status=status)


@login_required
def component_detail(request, pk):
    return _detail(request, _component(pk))


def _edit(request, component):
    if not _may_edit_facts(request.user):
        raise PermissionDenied(_("Only editors and administrators may register and change components."))
    form = ComponentForm(request.POST or None, instance=component)
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.save_component(component=form.instance)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The component %(component)s was saved.") % {"component": saved})
            return redirect("lifecycle:component", saved.pk)
    return render(request, "lifecycle/component_form.html", {"form": form, "component": component})


@login_required
def component_create(request):
    return _edit(request, Component())


@login_required
def component_edit(request, pk):
    return _edit(request, get_object_or_404(Component, pk=pk))


@login_required
def component_history(request, pk):
    """The component's changes, newest first, a page at a time. Which services it was linked to is shown only to
    those who see every service's security details (a shielded service's components are its details)."""
    component = get_object_or_404(Component, pk=pk)
    entries = history.merged(Component.history.filter(id=pk))
    if not access.sees_all_details(request.user):
        for entry in entries:
            entry.changes = [c for c in entry.changes if c.field != "services"]
        entries = [e for e in entries if e.type != "~" or e.changes]
    return render(request, "lifecycle/component_history.html", {
        "component": component, **paged(request, entries, PAGE_SIZE)})


@login_required
def component_delete(request, pk):
    component = get_object_or_404(Component, pk=pk)
    if not access.may_administer(request.user):
        raise PermissionDenied(_("Only administrators may delete components."))
    if request.method != "POST":
        return deletion.confirm(request, component, cancel_url=component_url(component))
    actions.delete_component(component=component)
    messages.success(request, _("The component %(component)s was deleted.") % {"component": component})
    return redirect("lifecycle:components")


def component_url(component):
    from django.urls import reverse

    return reverse("lifecycle:component", args=[component.pk])


def _editable_service(request, service):
    if not access.may_edit(request.user, service):
        raise PermissionDenied(_("Only editors of the owning organisation and administrators may change this "
                                 "service."))


@login_required
@require_POST
def component_link(request, pk):
    """Link a service typed with suggestions; the answer is the page again, with the error next to the field."""
    component = _component(pk)
    if not access.may_register(request.user):
        raise PermissionDenied(_("Only editors of the owning organisation and administrators may change this "
                                 "service."))
    form = ComponentServiceForm(request.POST)
    if form.is_valid():
        service = form.cleaned_data["service"]
        _editable_service(request, service)
        try:
            actions.link_service(component=component, service=service)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("%(service)s now runs on %(component)s.") % {
                "service": service, "component": component})
            return redirect("lifecycle:component", component.pk)
    return _detail(request, component, form, status=400)


@login_required
def component_unlink(request, pk, service_pk):
    """GET asks first; POST removes the link (not the service, not the component)."""
    component = get_object_or_404(Component, pk=pk)
    service = get_object_or_404(access.with_details_visible(request.user, Service.objects.all()), pk=service_pk)
    _editable_service(request, service)
    link = queries_components.link(component, service)
    if link is None:
        messages.error(request, _("%(service)s does not run on %(component)s.") % {
            "service": service, "component": component})
        return redirect("lifecycle:component", component.pk)
    if request.method != "POST":
        return deletion.confirm(
            request, link, cancel_url=component_url(component),
            title=_("Remove %(service)s from %(component)s?") % {"service": service, "component": component},
            note=_("The service and the component stay in the register; only the link between them goes."))
    try:
        actions.unlink_service(component=component, service=service)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(service)s no longer runs on %(component)s.") % {
            "service": service, "component": component})
    return redirect("lifecycle:component", component.pk)
