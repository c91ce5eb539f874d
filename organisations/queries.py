"""Reads about organisations, shared by views, API and commands."""

from .models import Membership


def memberships_of(user, role):
    """Ids of the organisations in which `user` holds `role`; the access module asks this through the
    registry (organisations registers it in ready())."""
    return set(Membership.objects.filter(user=user, role=role).values_list("organisation_id", flat=True))
