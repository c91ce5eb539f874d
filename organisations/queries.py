"""Reads about organisations and about who may act for them, shared by views, API and commands."""

from .models import Membership


def is_administrator(user):
    return bool(user and user.is_authenticated and user.is_superuser)


def editable_organisation_ids(user):
    """Organisations whose property the user may change; None means every organisation."""
    if is_administrator(user):
        return None
    if not (user and user.is_authenticated):
        return set()
    return set(
        Membership.objects.filter(user=user, role=Membership.Role.EDITOR).values_list(
            "organisation_id", flat=True
        )
    )


def may_edit_for(user, organisation_id):
    ids = editable_organisation_ids(user)
    return ids is None or organisation_id in ids


def may_create_anything(user):
    ids = editable_organisation_ids(user)
    return ids is None or bool(ids)
