"""The demo's portfolio part (order 66): what the ranking's part and the journeys rely on."""

import datetime

import pytest

from core import registry
from portfolio import rules
from portfolio.models import Criterion, Initiative, InvestmentDecision, PortfolioYear, ValueAssessment
from styr import demo

pytestmark = pytest.mark.django_db


def test_the_demo_portfolio():
    demo.build()
    assert sorted(Criterion.objects.values_list("code", flat=True)) == ["hallbarhet", "kostnad", "nytta", "risk",
                                                                         "strategi"]
    year = PortfolioYear.objects.get(year=2026)
    assert year.council.code == "RSTY" and year.capacity == 4_500_000_000 and year.weights.count() == 5
    assert PortfolioYear.objects.get(year=2025).capacity == 4_000_000_000
    codes = list(Initiative.objects.values_list("code", flat=True))
    assert codes == [f"INI-2026-{n:02d}" for n in range(1, 13)]
    assert Initiative.objects.values("owner").distinct().count() >= 6
    assessed = set(ValueAssessment.objects.values_list("initiative__code", flat=True))
    assert len(assessed) == 10 and not assessed & {"INI-2026-11", "INI-2026-12"}
    first = Initiative.objects.get(code="INI-2026-01")
    assert first.status == "done" and first.status_changed_on == datetime.date(2025, 9, 30)
    assert first.benefits.exists() and not first.benefits.filter(outcomes__isnull=False).exists()
    assert Initiative.objects.get(code="INI-2026-02").status_changed_on == datetime.date(2025, 6, 30)
    under_way = InvestmentDecision.objects.filter(assessment__initiative__status__in=["decided", "in_progress"])
    assert under_way.count() == 2
    for investment in InvestmentDecision.objects.select_related("assessment__initiative"):
        assert investment.decision.body == investment.body  # the body carrying the running cost
    failing = registry.RULES[rules.RULE_ID].failing(datetime.date.today())
    assert list(failing.values_list("code", flat=True)) == ["INI-2026-12"]


def test_styrning_is_the_governance_office(client):
    demo.build()
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="styrning"))
    initiative = Initiative.objects.get(code="INI-2026-11")
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "Värdera nyttan för 2026" in page
