"""Factories for the process map, overlap and needs-mapping tests."""

import datetime

from governance.models import Exemption
from organisations.tests import factories as orgs
from services.models import Consumer
from services.tests import factories as service_factories

from .factories import process

TODAY = datetime.date.today()


def supporting(leaf, *, consumers=(), **fields):
    """An active service that supports `leaf`, used by the given organisations."""
    fields.setdefault("kind", "local")
    made = service_factories.service(**fields)
    leaf.services.add(made)
    for organisation in consumers:
        Consumer.objects.create(service=made, organisation=organisation, volume=10)
    return made


def exemption(service, *, expires_on=None, status=Exemption.Status.APPROVED):
    from decisions.tests.factories import decision as a_decision

    board = orgs.organisation()
    decision = a_decision(body=board)
    return Exemption.objects.create(
        service=service, requesting_organisation=board, unique_need="Unikt", why_not_common="Passar inte",
        status=status, deciding_board=board, decision=decision,
        expires_on=expires_on or TODAY + datetime.timedelta(days=365))


def tree():
    """1 › 1.1 › (1.1.1, 1.1.2)."""
    top = process("1", "Vård")
    middle = process("1.1", "Planera vård", parent=top)
    return top, middle, process("1.1.1", "Boka tid", parent=middle), process("1.1.2", "Boka tolk", parent=middle)
