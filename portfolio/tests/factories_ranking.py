"""Factories of the ranking and follow-up tests: a year with a council, assessed initiatives with a cost for the
year (ValueAssessment.score set directly, as the assessment action would)."""

import datetime
from decimal import Decimal

from organisations.tests import factories as orgs

from . import factories


def council_year(year=2026, capacity=100_00, council=None):
    """A portfolio year, its council and a secretary of that council."""
    council = council or orgs.organisation()
    portfolio_year = factories.portfolio_year(year=year, council=council, capacity=capacity)
    return portfolio_year, orgs.user(secretariat_of=council)


def assessed(portfolio_year, score, cost, *, code=None, assessed_on=datetime.date(2026, 3, 1), proposer=None,
             status="assessed", running=0):
    """An initiative assessed for `portfolio_year` with `score` and an estimated investment of `cost` öre."""
    fields = {"code": code} if code else {}
    initiative = factories.initiative(proposer=proposer, owner=proposer, status=status, **fields)
    factories.value_assessment(initiative, portfolio_year, score=Decimal(score), assessed_on=assessed_on)
    factories.initiative_cost(initiative, year=portfolio_year.year, investment=cost, running=running)
    return initiative


def done(status_changed_on, owner=None, **fields):
    from ..models import Initiative

    return factories.initiative(owner, status=Initiative.Status.DONE, status_changed_on=status_changed_on, **fields)
