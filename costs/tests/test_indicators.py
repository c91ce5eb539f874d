"""The cost allocation's indicator (costs/indicators.py) against a year's costs counted by hand."""

import datetime
from decimal import Decimal

import pytest

from costs import actions
from costs.models import CostLine, Driver, FundingModel
from decisions.tests import factories as decisions
from indicators.tests.factories_register import computed, stored
from organisations.tests import factories as orgs
from services.models import Consumer
from services.tests import factories

pytestmark = pytest.mark.django_db
YEAR = datetime.date.today().year - 1
TKR = 1000_00  # öre


def _cost(service, amount_ore, figure="outcome"):
    CostLine.objects.create(service=service, year=YEAR, cost_type="operations", figure=figure, amount_ore=amount_ore)


def test_share_of_the_years_cost_allocated_to_the_users_rather_than_carried_in_common():
    hsn, slso, ks = (orgs.organisation(code) for code in ("HSN", "SLSO", "KS"))
    users = Driver.objects.create(code="users", name="Användare")
    by_volume, in_common, by_share, without_model = (factories.service(hsn) for _ in range(4))
    _cost(by_volume, 600 * TKR)
    _cost(in_common, 300 * TKR)
    _cost(by_share, 50 * TKR)
    _cost(without_model, 50 * TKR)  # no funding model: not allocated
    FundingModel.objects.create(service=by_volume, year=YEAR, method="volume", driver=users)
    Consumer.objects.create(service=by_volume, organisation=slso, volume=3, unit="users")
    Consumer.objects.create(service=by_volume, organisation=ks, volume=1, unit="users")
    FundingModel.objects.create(service=in_common, year=YEAR, method="common", funder=ks,
                                decision=decisions.decision())
    FundingModel.objects.create(service=by_share, year=YEAR, method="equal_share")
    Consumer.objects.create(service=by_share, organisation=slso)
    actions.run_allocation(year=YEAR)
    # 1 000 tkr of cost; 600 by volume + 50 by equal share land on users: 650 of 1 000
    assert stored(computed("kostnad-fordelad", year=YEAR)) == (650, 1000, Decimal("65.0000"))


def test_the_budget_run_counts_when_the_year_has_no_outcome_run_and_no_run_gives_no_figure():
    board = orgs.organisation()
    service = factories.service(board)
    _cost(service, 200 * TKR, figure="budget")
    FundingModel.objects.create(service=service, year=YEAR, method="equal_share")
    Consumer.objects.create(service=service, organisation=board)
    assert computed("kostnad-fordelad", year=YEAR) is None  # no run yet: nothing to count
    actions.run_allocation(year=YEAR, figure="budget")
    assert stored(computed("kostnad-fordelad", year=YEAR)) == (200, 200, Decimal("100.0000"))
