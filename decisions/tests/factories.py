import datetime
import itertools

from decisions import actions
from organisations.tests import factories as orgs

_n = itertools.count(1)


def decision(body=None, registry_number=None, decided_on=datetime.date(2024, 1, 10)):
    body = body or orgs.organisation()
    number = registry_number or f"RS 2024-{next(_n):04d}"
    return actions.record_decision(body=body, decided_on=decided_on, registry_number=number, title="Beslut")
