"""Factories for the follow-up tests: people who may or may not edit an indicator."""

from organisations.models import Organisation
from organisations.tests import factories as orgs

from . import factories


def board(code="HSN"):
    return Organisation.objects.get_or_create(code=code, defaults={"name": "Hälso- och sjukvårdsnämnden",
                                                                   "kind": "board"})[0]


def office():
    """The governance office: an editor of the region."""
    return orgs.user("kansli", editor_of=factories.region())


def board_editor(code="HSN"):
    return orgs.user(f"red-{code.lower()}", editor_of=board(code))


def admin():
    return orgs.user("admin", admin=True)


def reader():
    return orgs.user("lasare")
