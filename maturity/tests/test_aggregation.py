"""The aggregation, hand-checked on a small round (definitions in maturity/actions.py and docs/decisions/0030)."""

from decimal import Decimal

import pytest

from maturity import actions
from maturity.models import Result

from . import factories as f
from .factories_rounds import small_round

pytestmark = pytest.mark.django_db


def _figures(rnd, unit, **level):
    row = Result.objects.get(round=rnd, unit=unit, **{"point": None, "category": None, "dimension": None, **level})
    return row.mean, row.spread, row.respondents, row.response_rate


def test_aggregation_hand_checked():
    rnd, (one, two), p = small_round()
    f.response(rnd, one, "a", {p["p1"]: 2, p["p2"]: 4, p["p3"]: 3, p["p4"]: 7})
    f.response(rnd, one, "b", {p["p1"]: 4, p["p2"]: 2, p["p3"]: 5})
    f.response(rnd, two, "c", {p["p1"]: 1})
    # unit one: 4 points, 3 categories, 2 dimensions and the total; unit two: p1, k1, d1 and the total
    assert actions.aggregate(round=rnd) == 10 + 4
    D = Decimal
    assert _figures(rnd, one, point=p["p1"]) == (D("3.000"), D("1.000"), 2, D("20.00"))
    assert _figures(rnd, one, point=p["p4"]) == (D("7.000"), D("0.000"), 1, D("10.00"))
    k1, k2 = p["p1"].category, p["p3"].category
    # k1: respondent a (1·2 + 3·4)/4 = 3.5, b (1·4 + 3·2)/4 = 2.5 → mean 3.0, population SD 0.5
    assert _figures(rnd, one, category=k1) == (D("3.000"), D("0.500"), 2, D("20.00"))
    assert _figures(rnd, one, category=k2) == (D("4.000"), D("1.000"), 2, D("20.00"))
    # d1 over its points by weight, not the mean of its categories: a 17/5 = 3.4, b 15/5 = 3.0
    assert _figures(rnd, one, dimension=k1.dimension) == (D("3.200"), D("0.200"), 2, D("20.00"))
    assert _figures(rnd, one, dimension=p["p4"].category.dimension) == (D("7.000"), D("0.000"), 1, D("10.00"))
    # total: a (2 + 12 + 3 + 7)/6 = 4.0, b 3.0
    assert _figures(rnd, one) == (D("3.500"), D("0.500"), 2, D("20.00"))
    assert _figures(rnd, two) == (D("1.000"), D("0.000"), 1, D("10.00"))
    rnd.refresh_from_db()
    assert rnd.aggregated_at is not None


def test_aggregation_replaces_results_and_rate_empty_without_invited():
    rnd, (one, _two), p = small_round()
    rnd.round_units.update(invited=None)
    f.response(rnd, one, "a", {p["p1"]: 5})
    actions.aggregate(round=rnd)
    actions.aggregate(round=rnd)
    assert Result.objects.filter(round=rnd).count() == 4
    assert _figures(rnd, one)[3] is None


def test_aggregation_on_demand_is_for_administrators():
    from django.core.exceptions import PermissionDenied

    from organisations.tests import factories as org

    rnd, _units, _p = small_round()
    with pytest.raises(PermissionDenied):
        actions.aggregate(round=rnd, user=org.user(editor_of=org.organisation()))
    assert actions.aggregate(round=rnd, user=org.user(admin=True)) == 0
