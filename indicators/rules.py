"""R17: a deviation from target has an analysis of causes and an action plan (002 §11). A rule over the
indicators' deviations rather than over services (core.registry.Rule.subject, docs/decisions/0016): its
findings are the open deviations that lack either, owned by the indicator's owner."""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from core.registry import WARNING, Rule

from .models import Deviation, PlanAction

RULE_ID = "R17-HANDLINGSPLAN"


def open_deviations(today):
    return Deviation.objects.filter(status=Deviation.Status.OPEN)


def without_plan(deviations, today):
    """Open deviations without an analysis of causes or without a single action in their plan."""
    return deviations.filter(Q(cause_analysis="") | ~Exists(PlanAction.objects.filter(deviation=OuterRef("pk"))))


def describe(failing):
    """Each failing deviation as a finding: its indicator, year and basis, linked to its page; one query."""
    bases = dict(Deviation.Basis.choices)
    rows = failing.order_by("indicator__code", "-year", "basis", "period").values(
        "pk", "year", "basis", "period", "indicator__code", "indicator__name", "indicator__owner__code",
        "indicator__owner__name")
    return [{"id": row["pk"], "link": reverse("indicators:deviation", args=[row["pk"]]),
             "label": f"{row['indicator__code']} {row['indicator__name']}, {row['year']}"
                      f"{'' if row['period'] == 'year' else ' ' + row['period']} ({bases[row['basis']]})",
             "owner": row["indicator__owner__code"], "owner_name": row["indicator__owner__name"]}
            for row in rows]


RULES = [
    Rule(RULE_ID, "En indikators avvikelse från målet har en orsaksanalys och en handlingsplan.", "002 §11",
         WARNING, open_deviations, without_plan, subject="deviation", owner="indicator__owner", describe=describe,
         reason="Avvikelsen saknar orsaksanalys eller handlingsplan."),
]
