"""The demo's ranking part (demo_ranking.py) on factory-made data shaped like the initiatives' builder's, and on
nothing at all (it skips quietly what is missing)."""

import datetime
from decimal import Decimal

import pytest

from core import registry
from organisations.tests import factories as orgs

from .. import demo_ranking
from ..models import BenefitOutcome, Initiative, InitiativeCost, RankingDecision, RankingOverride
from .factories import benefit, initiative_cost
from .factories_ranking import assessed, council_year, done

pytestmark = pytest.mark.django_db


def test_the_demo_part_skips_what_is_missing():
    demo_ranking.build({})
    assert not RankingDecision.objects.exists()


def test_the_demo_part_ranks_places_decides_and_follows_up():
    rsty = orgs.organisation("RSTY", name="Regionstyrelsen")
    year, _secretary = council_year(capacity=4_500_000_000, council=rsty)
    for n, (score, cost) in enumerate([(80, 1_500_000_000), (75, 1_500_000_000), (70, 1_200_000_000),
                                       (65, 900_000_000), (60, 200_000_000)], start=3):
        assessed(year, score, cost, code=f"INI-2026-{n:02d}")
    first = done(datetime.date(2025, 9, 30), code="INI-2026-01")
    benefit(first)
    second = done(datetime.date(2025, 6, 30), code="INI-2026-02")
    for _ in range(2):
        benefit(second, baseline=Decimal(10), target=Decimal(30))
    initiative_cost(second, year=2025, investment=800_000_00, running=50_000_00)
    registry_before = len(registry.DEMO_BUILDERS)
    demo_ranking.build({})
    assert len(registry.DEMO_BUILDERS) == registry_before
    placed = RankingOverride.objects.get()
    # 15 + 15 + 12 MSEK fit the 45; 9 does not and draws the line; 2 fits the 3 left and is lifted above it.
    assert placed.initiative.code == "INI-2026-07" and placed.placement == "above"
    recorded = RankingDecision.objects.get()
    assert recorded.decided_on == datetime.date(2026, 4, 15) and recorded.decision.body == rsty
    above = set(recorded.entries.filter(above_line=True).values_list("initiative__code", flat=True))
    assert above == {"INI-2026-03", "INI-2026-04", "INI-2026-05", "INI-2026-07"}
    assert Initiative.objects.get(code="INI-2026-07").status == "prioritised"
    assert BenefitOutcome.objects.filter(benefit__initiative=second).count() == 4
    assert InitiativeCost.objects.get(initiative=second).actual_investment == 864_000_00
    rule = registry.RULES["R21-NYTTOUPPFOLJNING"]
    assert list(rule.failing(datetime.date(2026, 12, 3)).values_list("code", flat=True)) == ["INI-2026-01"]
    demo_ranking.build({})  # a second run adds nothing
    assert RankingDecision.objects.count() == 1 and BenefitOutcome.objects.count() == 4
