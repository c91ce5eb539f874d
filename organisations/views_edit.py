"""Maintaining the organisation chart, the responsibility domains and the memberships in the app (issue 13 point 2):
administrators create and change organisations and domains; administrators and an organisation's own
administrators give, change and take away its memberships. Every delete asks first (core.deletion)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core import access, deletion, history
from core.forms import add_action_errors
from core.views import paged

from . import actions
from .forms import DomainForm, MembershipForm, MembershipRoleForm, OrganisationForm
from .models import Domain, Membership, Organisation

PAGE_SIZE = 50


def _administrators_only(user):
    if not access.may_administer(user):
        raise PermissionDenied(_("Only administrators may change organisations and domains."))


def _memberships_managed_by(user, organisation):
    if not access.may_manage_memberships(user, organisation):
        raise PermissionDenied(_("Only administrators and the organisation's own administrators may change its "
                                 "memberships."))


# Organisations --------------------------------------------------------------------------------------------------

def _edit_organisation(request, organisation):
    _administrators_only(request.user)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.save_organisation(organisation=form.instance)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The organisation %(organisation)s was saved.") % {"organisation": saved})
            return redirect(saved.get_absolute_url())
    return render(request, "organisations/organisation_form.html", {"form": form, "organisation": organisation})


@login_required
def organisation_create(request):
    return _edit_organisation(request, Organisation())


@login_required
def organisation_edit(request, pk):
    return _edit_organisation(request, get_object_or_404(Organisation, pk=pk))


@login_required
def organisation_history(request, pk):
    """The organisation's own changes and those of its memberships, newest first, a page at a time."""
    organisation = get_object_or_404(Organisation, pk=pk)
    entries = history.merged(Organisation.history.filter(id=pk), Membership.history.filter(organisation_id=pk))
    return render(request, "organisations/history.html", {
        "subject": organisation, **paged(request, entries, PAGE_SIZE)})


# Domains --------------------------------------------------------------------------------------------------------

@login_required
def domain_list(request):
    domains = Domain.objects.select_related("deciding_board", "parent", "transfers_decided_by").order_by("name")
    return render(request, "organisations/domains.html", {
        **paged(request, domains, PAGE_SIZE), "may_administer": access.may_administer(request.user)})


@login_required
def domain_detail(request, pk):
    domain = get_object_or_404(Domain.objects.select_related("deciding_board", "parent", "transfers_decided_by"),
                               pk=pk)
    return render(request, "organisations/domain.html", {
        "domain": domain, "sub_areas": domain.sub_areas.order_by("name"),
        "may_administer": access.may_administer(request.user)})


def _edit_domain(request, domain):
    _administrators_only(request.user)
    form = DomainForm(request.POST or None, instance=domain)
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.save_domain(domain=form.instance)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The domain %(domain)s was saved.") % {"domain": saved})
            return redirect("organisations:domain", saved.pk)
    return render(request, "organisations/domain_form.html", {"form": form, "domain": domain})


@login_required
def domain_create(request):
    return _edit_domain(request, Domain())


@login_required
def domain_edit(request, pk):
    return _edit_domain(request, get_object_or_404(Domain, pk=pk))


@login_required
def domain_history(request, pk):
    domain = get_object_or_404(Domain, pk=pk)
    return render(request, "organisations/history.html", {
        "subject": domain, "back_url": domain.get_absolute_url(),
        **paged(request, history.merged(Domain.history.filter(id=pk)), PAGE_SIZE)})


@login_required
def domain_delete(request, pk):
    domain = get_object_or_404(Domain, pk=pk)
    _administrators_only(request.user)
    if request.method != "POST":
        return deletion.confirm(request, domain, cancel_url=domain.get_absolute_url())
    actions.delete_domain(domain=domain)
    messages.success(request, _("The domain %(domain)s was deleted.") % {"domain": domain})
    return redirect("organisations:domains")


# Memberships ----------------------------------------------------------------------------------------------------

@login_required
def membership_list(request, pk):
    """Who holds which role in the organisation; those who manage its memberships add, change and remove here."""
    organisation = get_object_or_404(Organisation, pk=pk)
    may_manage = access.may_manage_memberships(request.user, organisation)
    form = MembershipForm(request.POST or None) if may_manage else None
    if request.method == "POST":
        _memberships_managed_by(request.user, organisation)
        if form.is_valid():
            try:
                added = actions.add_membership(user=form.cleaned_data["user"], organisation=organisation,
                                               role=form.cleaned_data["role"])
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("%(user)s is now %(role)s in %(organisation)s.") % {
                    "user": added.user, "role": added.get_role_display().lower(), "organisation": organisation})
                return redirect("organisations:memberships", organisation.pk)
    memberships = organisation.memberships.select_related("user").order_by("user__username", "role")
    return render(request, "organisations/memberships.html", {
        "organisation": organisation, "form": form, "may_manage": may_manage,
        **paged(request, memberships, PAGE_SIZE)}, status=400 if form is not None and form.errors else 200)


def _membership(request, pk):
    membership = get_object_or_404(Membership.objects.select_related("user", "organisation"), pk=pk)
    _memberships_managed_by(request.user, membership.organisation)
    return membership


@login_required
def membership_edit(request, pk):
    membership = _membership(request, pk)
    form = MembershipRoleForm(request.POST or None,
                              initial={"role": membership.role, "row_version": membership.row_version})
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_membership(membership=membership, role=form.cleaned_data["role"],
                                      row_version=form.cleaned_data["row_version"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The membership was changed."))
            return redirect("organisations:memberships", membership.organisation_id)
    return render(request, "organisations/membership_form.html", {"form": form, "membership": membership})


@login_required
def membership_delete(request, pk):
    membership = _membership(request, pk)
    back = reverse("organisations:memberships", args=[membership.organisation_id])
    if request.method != "POST":
        return deletion.confirm(request, membership, cancel_url=back,
                                title=_("Remove %(membership)s?") % {"membership": membership})
    actions.remove_membership(membership=membership)
    messages.success(request, _("The membership was removed."))
    return redirect("organisations:memberships", membership.organisation_id)
