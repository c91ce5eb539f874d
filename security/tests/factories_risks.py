"""Small builders for the tests of risk analyses and risks."""

import datetime

from organisations.tests import factories as orgs
from security import actions
from services.tests import factories as service_factories


def classified_service(owner=None, confidentiality=3):
    """A service whose information is classified K<confidentiality>: at K3 its details are shielded from
    readers outside its owner."""
    service = service_factories.service(owner or orgs.organisation())
    actions.add_information_type(service=service, name="Journal", confidentiality=confidentiality, integrity=2,
                                 availability=2, classified_on=datetime.date(2025, 1, 1))
    return service


def analysis(service=None, **fields):
    fields.setdefault("performed_on", datetime.date(2025, 3, 1))
    fields.setdefault("participants", "Sara Holm, Per Ek")
    fields.setdefault("scope", "Hela tjänsten")
    fields.setdefault("review_by", datetime.date(2026, 3, 1))
    return actions.record_analysis(service=service or service_factories.service(), **fields)


def risk(analysis_=None, likelihood=2, consequence=2, **fields):
    fields.setdefault("description", "Obehörig läsning av journal")
    return actions.record_risk(analysis=analysis_ or analysis(), likelihood=likelihood, consequence=consequence,
                               **fields)
