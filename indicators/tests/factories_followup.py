"""Factories for the follow-up tests: people who may or may not edit an indicator."""

from django.contrib.auth import get_user_model

from organisations.models import Organisation
from organisations.tests import factories as orgs

from . import factories


def board(code="HSN"):
    return Organisation.objects.get_or_create(code=code, defaults={"name": "Hälso- och sjukvårdsnämnden",
                                                                   "kind": "board"})[0]


def _user(username, **kwargs):
    """One account per name, made the first time it is asked for."""
    return get_user_model().objects.filter(username=username).first() or orgs.user(username, **kwargs)


def office():
    """The governance office: an editor of the region."""
    return _user("kansli", editor_of=factories.region())


def board_editor(code="HSN"):
    return _user(f"red-{code.lower()}", editor_of=board(code))


def admin():
    return _user("admin", admin=True)


def reader():
    return _user("lasare")
