"""Write use-cases of the rules: the daily snapshot. Atomic."""

import datetime

from django.db import transaction

from . import queries
from .models import RuleSnapshot


@transaction.atomic
def take_snapshot(*, today=None):
    """Store today's result of every rule per owner; taken again the same day, it replaces that day's."""
    today = today or datetime.date.today()
    RuleSnapshot.objects.filter(taken_on=today).delete()
    rows = [
        RuleSnapshot(taken_on=today, rule=rule_id, owner_id=owner_id, applicable=applicable, failing=failing)
        for rule_id, owner_id, applicable, failing in queries.counts_by_owner(today)
    ]
    RuleSnapshot.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
