"""R22: a unit assessed in a closed maturity round has an action plan within the round's `plan_within_days` after
the period ends (004 §6.3: the measurement is turned into an action plan with goals and activities). A rule over
units in rounds rather than services (core.registry.Rule.subject, docs/decisions/0016), owned by the unit's
organisation.

Only a unit's latest closed round counts: a unit assessed again since is asked for a plan on the newer result, not
for one on last year's. The deadline is per round; rounds are few, so the rounds past their deadline are found
first and the units then in one query — no loop over units."""

import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse

from core.registry import WARNING, Rule

from .models import ActionPlan, Round, RoundUnit

RULE_ID = "R22-MOGNADSPLAN"


def rounds_past_deadline(today):
    return [pk for pk, end, days in Round.objects.filter(status=Round.Status.CLOSED).values_list(
        "pk", "period_end", "plan_within_days") if end + datetime.timedelta(days=days) < today]


def assessed_units(today):
    """Units in a closed round whose plan is due, in the latest closed round that assessed them."""
    later = RoundUnit.objects.filter(unit_id=OuterRef("unit_id"), round__status=Round.Status.CLOSED,
                                     round__period_end__gt=OuterRef("round__period_end"))
    return RoundUnit.objects.filter(round_id__in=rounds_past_deadline(today)).exclude(Exists(later))


def without_plan(round_units, today):
    return round_units.exclude(Exists(ActionPlan.objects.filter(round_id=OuterRef("round_id"),
                                                                unit_id=OuterRef("unit_id"))))


def describe(failing):
    rows = failing.order_by("unit__code", "round__period_end").values(
        "pk", "round_id", "round__name", "unit_id", "unit__code", "unit__name", "unit__organisation__code",
        "unit__organisation__name")
    return [{"id": row["pk"], "link": reverse("maturity:unit-result", args=[row["round_id"], row["unit_id"]]),
             "label": f"{row['unit__name']} ({row['unit__code']}), {row['round__name']}",
             "owner": row["unit__organisation__code"], "owner_name": row["unit__organisation__name"]}
            for row in rows]


RULES = [
    Rule(RULE_ID, "En enhet som mätts i en avslutad mognadsmätning har en handlingsplan med mål och aktiviteter "
         "senast den tid efter mätperioden som mätningen anger.", "004 §6.3", WARNING, assessed_units, without_plan,
         subject="maturity_unit", owner="unit__organisation", describe=describe,
         reason="Enheten saknar en handlingsplan med mål och aktiviteter efter mätningen."),
]
