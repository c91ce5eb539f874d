"""R20: value before money (002 §10.10, issue 12). An initiative that is decided or in progress has a value
assessment on record. The investment decision cannot be recorded without one (portfolio/actions.py and the
database), so the rule finds what came before the rule: initiatives entered, or carried over, without one.
A rule over initiatives rather than services (core.registry.Rule.subject, docs/decisions/0016), owned by the
initiative's owner; set-based (one NOT EXISTS)."""

from django.db.models import Exists, OuterRef
from django.urls import reverse

from core.registry import WARNING, Rule

from .models import Initiative, ValueAssessment

RULE_ID = "R20-VARDEBEDOMNING"
UNDER_WAY = (Initiative.Status.DECIDED, Initiative.Status.IN_PROGRESS)


def under_way(today):
    return Initiative.objects.filter(status__in=UNDER_WAY)


def without_assessment(initiatives, today):
    return initiatives.filter(~Exists(ValueAssessment.objects.filter(initiative=OuterRef("pk"))))


def describe(failing):
    rows = failing.order_by("code").values("pk", "code", "title", "owner__code", "owner__name")
    return [{"id": row["pk"], "link": reverse("portfolio:initiative", args=[row["pk"]]),
             "label": f"{row['code']} {row['title']}", "owner": row["owner__code"], "owner_name": row["owner__name"]}
            for row in rows]


RULES = [
    Rule(RULE_ID, "Ett initiativ som är beslutat eller pågår har en nyttovärdering (värdering före investering).",
         "002 §10.10", WARNING, under_way, without_assessment, subject="initiative", owner="owner",
         describe=describe, reason="Initiativet saknar en nyttovärdering."),
]
