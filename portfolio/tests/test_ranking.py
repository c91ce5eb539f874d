"""The ranking's order and capacity line (portfolio/ranking.py), checked by hand on small lists."""

import datetime
from decimal import Decimal

import pytest

from .. import ranking
from ..models import Initiative, RankingOverride
from .factories import ranking_override
from .factories_ranking import assessed, council_year

pytestmark = pytest.mark.django_db


def codes(result):
    return [row.code for row in result.rows]


def test_ties_are_broken_by_score_cost_assessed_on_and_code():
    year, _secretary = council_year(capacity=1000)
    assessed(year, 70, 300, code="E")
    assessed(year, 80, 500, code="D")                                  # highest score first
    assessed(year, 70, 200, code="C")                                  # same score: lower cost first
    assessed(year, 70, 300, code="B", assessed_on=datetime.date(2026, 2, 1))  # same cost: earlier assessment
    assessed(year, 70, 300, code="A")                                  # all equal: code decides, A before E
    result = ranking.rank(year)
    assert codes(result) == ["D", "C", "B", "A", "E"]
    assert [row.position for row in result.rows] == [1, 2, 3, 4, 5]
    assert [row.cumulative for row in result.rows] == [500, 700, 1000, 1300, 1600]
    # 500 + 200 + 300 = 1000 fits exactly; A at 1300 is the first that does not and draws the line.
    assert [row.above_line for row in result.rows] == [True, True, True, False, False]
    assert result.line_after == 3 and result.above_cost == 1000 and result.overdrawn == 0
    assert codes(ranking.rank(year)) == codes(result)  # the same data ranks the same way


def test_the_line_is_a_line_not_a_packing():
    year, _secretary = council_year(capacity=1000)
    assessed(year, 90, 600, code="A")
    assessed(year, 80, 600, code="B")   # does not fit: the line falls here
    assessed(year, 70, 100, code="C")   # would fit, but stays below a better-ranked one
    result = ranking.rank(year)
    assert [(row.code, row.above_line) for row in result.rows] == [("A", True), ("B", False), ("C", False)]


def test_running_cost_of_the_year_counts_and_stopped_done_and_unscored_are_not_ranked():
    year, _secretary = council_year(capacity=1000)
    assessed(year, 90, 600, code="A", running=500)
    assessed(year, 80, 300, code="B")
    assessed(year, 99, 10, code="S", status=Initiative.Status.STOPPED)
    assessed(year, 99, 10, code="F", status=Initiative.Status.DONE)
    unscored = assessed(year, 99, 10, code="U")
    unscored.assessments.update(score=None)
    result = ranking.rank(year)
    assert codes(result) == ["A", "B"]
    assert [(row.cost, row.above_line) for row in result.rows] == [(1100, False), (300, False)]


def test_placements_come_first_and_last_with_their_reasons():
    year, _secretary = council_year(capacity=1000)
    assessed(year, 90, 400, code="A")
    b = assessed(year, 80, 400, code="B")
    assessed(year, 70, 400, code="C")
    d = assessed(year, 10, 100, code="D")
    ranking_override(year, d, RankingOverride.Placement.ABOVE, "Lagkrav från 2027")
    ranking_override(year, b, RankingOverride.Placement.BELOW, "Väntar på nationell lösning")
    result = ranking.rank(year)
    assert [(r.code, r.cumulative, r.above_line, r.reason) for r in result.rows] == [
        ("D", 100, True, "Lagkrav från 2027"), ("A", 500, True, ""), ("C", 900, True, ""),
        ("B", 1300, False, "Väntar på nationell lösning")]


def test_an_above_placement_that_does_not_fit_stands_and_the_capacity_is_reported_exceeded():
    year, _secretary = council_year(capacity=1000)
    a = assessed(year, 10, 1200, code="A")
    assessed(year, 90, 100, code="B")
    ranking_override(year, a, RankingOverride.Placement.ABOVE, "Beslutat av fullmäktige")
    result = ranking.rank(year)
    assert [(r.code, r.above_line) for r in result.rows] == [("A", True), ("B", False)]
    assert result.overdrawn == 200 and result.line_after == 1


def test_the_pure_line_orders_by_code_point_not_by_collation():
    rows = [ranking.Row(i, code, "", "assessed", 1, "X", "X", Decimal(1), 0, datetime.date(2026, 1, 1))
            for i, code in enumerate(["b", "B", "a", "A"])]
    assert [r.code for r in ranking.line(rows, 2026, 0).rows] == ["A", "B", "a", "b"]
