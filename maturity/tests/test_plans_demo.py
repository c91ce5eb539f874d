"""The demo's plans and other region (maturity/demo_plans.py) on a round shaped as the rounds' builder makes it,
and on nothing at all."""

import datetime
from decimal import Decimal

import pytest

from organisations.tests import factories as org_factories
from portfolio.tests import factories as portfolio_factories

from .. import demo_plans, rules
from ..models import ActionPlan, Activity, ExternalResult, Round, RoundUnit
from . import factories as f
from . import factories_analysis as fa

pytestmark = pytest.mark.django_db


def _demo_round():
    org_factories.user("admin", admin=True)
    model = fa.model_version(code="demo-mognad", version=2)
    rnd = Round.objects.create(model=model, name="Mognadsmätning 2026", period_start=datetime.date(2026, 3, 1),
                               period_end=datetime.date(2026, 4, 30), status=Round.Status.CLOSED)
    for index, code in enumerate(["SLSO-PRIMARVARD", "DS-GERIATRIK", "RLK-IT"]):
        unit = f.unit(org_factories.organisation(code.split("-")[0]), code, name=code.title())
        RoundUnit.objects.create(round=rnd, unit=unit, invited=10)
        fa.results(rnd, unit, {"a": 2 + index * 0.2, "b": 3.1, "c": 1.8 + index * 0.1}, total=2.5)
    return rnd


def test_a_plan_for_every_unit_but_one_goals_on_the_weakest_categories():
    rnd = _demo_round()
    initiative = portfolio_factories.initiative(code="INI-2026-03")
    demo_plans.build({})
    plans = ActionPlan.objects.filter(round=rnd)
    assert sorted(plans.values_list("unit__code", flat=True)) == ["RLK-IT", "SLSO-PRIMARVARD"]
    plan = plans.get(unit__code="SLSO-PRIMARVARD")
    assert sorted(plan.goals.values_list("category__code", flat=True)) == ["a", "c"]
    assert plan.goals.get(category__code="c").target == Decimal("2.3")
    levels = set(Activity.objects.values_list("level", flat=True))
    assert levels == {"local", "central"}
    assert Activity.objects.filter(initiative=initiative).count() == 1
    # the missing plan is R22's finding
    failing = rules.RULES[0].failing(datetime.date(2026, 12, 3))
    assert list(failing.values_list("unit__code", flat=True)) == ["DS-GERIATRIK"]
    # Region Exempel arrived through the exchange import, on every category and dimension
    assert ExternalResult.objects.filter(organisation_name="Region Exempel", level="category").count() == 3
    assert ExternalResult.objects.filter(organisation_name="Region Exempel", level="dimension").count() == 2


def test_building_twice_adds_nothing():
    _demo_round()
    demo_plans.build({})
    counts = (ActionPlan.objects.count(), Activity.objects.count(), ExternalResult.objects.count())
    demo_plans.build({})
    assert (ActionPlan.objects.count(), Activity.objects.count(), ExternalResult.objects.count()) == counts


def test_without_rounds_it_skips_quietly():
    demo_plans.build({})
    assert not ActionPlan.objects.exists() and not ExternalResult.objects.exists()
