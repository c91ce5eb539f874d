import datetime
import itertools

from organisations.tests import factories as org_factories
from security import actions
from security.models import Level, Scale
from services.tests import factories as service_factories

_n = itertools.count(1)


def owned_service(**fields):
    """A service, its owner and an editor of the owner."""
    owner = org_factories.organisation()
    service = service_factories.service(owner, **fields)
    editor = org_factories.user(editor_of=owner)
    return service, owner, editor


def information(service, *, k=1, r=1, t=1, user=None, **fields):
    fields.setdefault("name", f"Informationsmängd {next(_n)}")
    fields.setdefault("classified_on", datetime.date(2024, 1, 1))
    return actions.add_information_type(service=service, user=user, confidentiality=k, integrity=r,
                                        availability=t, **fields)


def klassa():
    """Switch to the KLASSA 0–4 scale the migration loaded (inactive)."""
    scale = Scale.objects.get(purpose=Scale.Purpose.CLASSIFICATION, levels__number=0)
    return actions.activate_scale(scale=scale)


def level_count(scale):
    return Level.objects.filter(scale=scale).count()
