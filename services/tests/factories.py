import datetime
import itertools

from organisations.tests import factories as org_factories
from services import actions
from services.models import Service

_n = itertools.count(1)


def service(owner=None, *, phase=Service.Phase.IN_PRODUCTION, domain=None, owner_from=None, **fields):
    """A service; one past "planned" gets an owner unless `owner=False` is asked for explicitly."""
    number = next(_n)
    fields.setdefault("name", f"Tjänst {number}")
    fields.setdefault("kind", Service.Kind.COMMON)
    if owner is None and phase != Service.Phase.PLANNED:
        owner = org_factories.organisation()
    fields.setdefault("as_administrator", True)  # tests set up the register as it stands, in any phase
    return actions.create_service(
        owner=owner or None, owner_from=owner_from or datetime.date(2020, 1, 1), phase=phase,
        domain=domain or org_factories.domain(), **fields,
    )
