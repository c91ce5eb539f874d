"""Small factories for portfolio tests (and the concurrency guard in styr/tests). They write rows as the
register stands; the rules of the actions are tested through the actions."""

import datetime
import itertools
from decimal import Decimal

from decisions.tests import factories as decision_factories
from indicators.tests import factories as indicator_factories
from organisations.tests import factories as org_factories
from services.tests import factories as service_factories

from ..models import (
    AssessmentScore,
    Benefit,
    BenefitOutcome,
    Criterion,
    CriterionWeight,
    Initiative,
    InitiativeCost,
    InitiativeService,
    InvestmentDecision,
    NeedOf,
    PortfolioYear,
    RankingOverride,
    ValueAssessment,
)

_n = itertools.count(1)


def initiative(owner=None, *, proposer=None, status=Initiative.Status.IDEA, **fields):
    number = next(_n)
    owner = owner or org_factories.organisation()
    fields.setdefault("code", f"INI-{number:04d}")
    fields.setdefault("title", f"Initiativ {number}")
    fields.setdefault("need", "Invånarna vill boka tid digitalt.")
    fields.setdefault("need_of", NeedOf.RESIDENTS)
    return Initiative.objects.create(owner=owner, proposer=proposer or owner, status=status, **fields)


def initiative_service(init=None, service=None, effect=InitiativeService.Effect.CHANGES):
    return InitiativeService.objects.create(initiative=init or initiative(),
                                            service=service or service_factories.service(), effect=effect)


def benefit(init=None, **fields):
    fields.setdefault("kind", NeedOf.RESIDENTS)
    fields.setdefault("description", "Fler bokar tid digitalt")
    fields.setdefault("measure", "Andel digitala bokningar")
    fields.setdefault("unit", "%")
    fields.setdefault("baseline", Decimal(20))
    fields.setdefault("target", Decimal(60))
    fields.setdefault("target_year", 2027)
    return Benefit.objects.create(initiative=init or initiative(), **fields)


def benefit_outcome(ben=None, year=2026, value=Decimal(35), **fields):
    fields.setdefault("measured_on", datetime.date(year, 12, 31))
    return BenefitOutcome.objects.create(benefit=ben or benefit(), year=year, value=value, **fields)


def initiative_cost(init=None, year=2026, investment=100_000_00, running=20_000_00, **fields):
    return InitiativeCost.objects.create(initiative=init or initiative(), year=year,
                                         estimated_investment=investment, estimated_running=running, **fields)


def criterion(code=None, aspect=Criterion.Aspect.BENEFIT, **fields):
    code = code or f"krit{next(_n)}"
    fields.setdefault("name", f"Kriterium {code}")
    return Criterion.objects.create(code=code, aspect=aspect, **fields)


def portfolio_year(year=None, council=None, capacity=1_000_000_00):
    if year is None:
        year = 2026
        while PortfolioYear.objects.filter(year=year).exists():
            year += 1
    return PortfolioYear.objects.create(year=year, council=council or org_factories.organisation(),
                                        capacity=capacity)


def criterion_weight(year=None, crit=None, weight=Decimal(1)):
    return CriterionWeight.objects.create(portfolio_year=year or portfolio_year(), criterion=crit or criterion(),
                                          weight=weight)


def value_assessment(init=None, year=None, score=Decimal(50), **fields):
    fields.setdefault("assessed_on", datetime.date(2026, 3, 1))
    return ValueAssessment.objects.create(initiative=init or initiative(), portfolio_year=year or portfolio_year(),
                                          score=score, **fields)


def assessment_score(assessment=None, crit=None, score=3):
    return AssessmentScore.objects.create(assessment=assessment or value_assessment(), criterion=crit or criterion(),
                                          score=score)


def ranking_override(year=None, init=None, placement=RankingOverride.Placement.ABOVE, reason="Lagkrav 2027"):
    return RankingOverride.objects.create(portfolio_year=year or portfolio_year(), initiative=init or initiative(),
                                          placement=placement, reason=reason, recorded_on=datetime.date(2026, 4, 1))


def investment_decision(assessment=None, body=None, amount=100_000_00):
    assessment = assessment or value_assessment()
    body = body or assessment.initiative.owner
    return InvestmentDecision.objects.create(assessment=assessment, body=body, amount=amount,
                                             decision=decision_factories.decision(body=body))


def focus_area(code=None):
    code = code or f"fokus{next(_n)}"
    return indicator_factories.focus_area(code=code, name=f"Fokusområde {code}")
