"""R21: an initiative done more than a year ago has measured its benefits (002 §8.2: value is followed up, not only
promised). A rule over initiatives rather than services (core.registry.Rule.subject, docs/decisions/0016): it
applies to the initiatives done on or before a year before today (`status_changed_on`, the day the status became
"done"), and a finding is one that has an expected benefit with no outcome measured after that day. Set-based."""

import datetime

from django.db.models import Exists, OuterRef

from core.registry import WARNING, Rule

from .models import Benefit, BenefitOutcome, Initiative

RULE_ID = "R21-NYTTOUPPFOLJNING"


def done_a_year_ago(today):
    cutoff = today - datetime.timedelta(days=365)
    return Initiative.objects.filter(status=Initiative.Status.DONE, status_changed_on__lte=cutoff)


def unmeasured_benefits():
    """Benefits without an outcome measured after their initiative's last status change (for a done initiative:
    after it was done)."""
    return Benefit.objects.filter(~Exists(BenefitOutcome.objects.filter(
        benefit=OuterRef("pk"), measured_on__gt=OuterRef("initiative__status_changed_on"))))


def without_measured_benefits(initiatives, today):
    return initiatives.filter(Exists(unmeasured_benefits().filter(initiative=OuterRef("pk"))))


def describe(failing):
    from django.urls import reverse

    rows = failing.order_by("code").values("pk", "code", "title", "status_changed_on", "owner__code",
                                           "owner__name")
    return [{"id": row["pk"], "link": reverse("portfolio:followup-initiative", args=[row["pk"]]),
             "label": f"{row['code']} {row['title']} (klart {row['status_changed_on']})",
             "owner": row["owner__code"], "owner_name": row["owner__name"]} for row in rows]


RULES = [
    Rule(RULE_ID, "Ett initiativ som blev klart för mer än ett år sedan har mätt sina förväntade nyttor efter att "
         "det blev klart.", "002 §8.2, §10.10", WARNING, done_a_year_ago, without_measured_benefits,
         subject="initiative", owner="owner", describe=describe,
         reason="Initiativets förväntade nyttor är inte mätta efter att det blev klart."),
]
