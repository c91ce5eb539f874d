"""Write use-cases of the organisation chart, the responsibility domains and the memberships. Keyword-only and
atomic; each refuses with a ValidationError naming the field, so forms and the API show the same message. Who may
call them is asked in the views (core.access.may_administer, may_manage_memberships)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Membership


def _refuse_loop(record, parent, field, message):
    """A record cannot be part of itself, through any number of parents."""
    seen, node = set(), parent
    while node is not None and node.pk not in seen:
        if record.pk is not None and node.pk == record.pk:
            raise ValidationError({field: message}, code="loop")
        seen.add(node.pk)
        node = node.parent


@transaction.atomic
def save_organisation(*, organisation):
    """Create or change an organisation; a change over someone else's newer one is refused (row_version)."""
    _refuse_loop(organisation, organisation.parent, "parent", _("An organisation cannot be part of itself."))
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def save_domain(*, domain):
    _refuse_loop(domain, domain.parent, "parent", _("A domain cannot be part of itself."))
    domain.full_clean()
    domain.save()
    return domain


@transaction.atomic
def delete_domain(*, domain):
    """A domain that has sub-areas or services refers to it is protected by the database (PROTECT): the
    confirmation page says what holds it."""
    domain.delete()


def _refuse_duplicate(membership):
    taken = Membership.objects.filter(user=membership.user, organisation=membership.organisation,
                                      role=membership.role).exclude(pk=membership.pk)
    if taken.exists():
        raise ValidationError({"role": _("%(user)s already has this role in %(organisation)s.") % {
            "user": membership.user, "organisation": membership.organisation}}, code="duplicate")


@transaction.atomic
def add_membership(*, user, organisation, role):
    """Give `user` `role` in `organisation` (one membership per user, organisation and role; the database
    refuses a second one too)."""
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Unknown role.")}, code="invalid")
    membership = Membership(user=user, organisation=organisation, role=role)
    _refuse_duplicate(membership)
    membership.save()
    return membership


@transaction.atomic
def change_membership(*, membership, role, row_version=None):
    """Change the role of a membership; refused over someone else's newer change."""
    from core import versioning

    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Unknown role.")}, code="invalid")
    versioning.check(membership, row_version)
    membership.role = role
    _refuse_duplicate(membership)
    membership.save()
    return membership


@transaction.atomic
def remove_membership(*, membership):
    membership.delete()


