from decimal import Decimal

import pytest

from indicators import queries
from indicators.tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_grade_is_the_weighted_mean_of_parts_normalised_against_their_targets():
    higher = f.indicator("andel-ok")  # target 60, outcome 30: half way
    lower = f.indicator("ledtid", direction="lower", unit="dagar")  # target 10, outcome 5: beyond target, capped at 1
    f.indicator_year(higher, 2026, target=Decimal(60))
    f.indicator_year(lower, 2026, target=Decimal(10))
    f.outcome(higher, 2026, Decimal(30))
    f.outcome(lower, 2026, Decimal(5))
    f.grade_definition(2026, {higher: Decimal(3), lower: Decimal(1)})
    grade = queries.grade(2026)
    assert grade["value"] == Decimal("62.5")  # (3 × 0.5 + 1 × 1) / 4
    assert [(p["indicator"].code, p["points"]) for p in grade["parts"]] == [("andel-ok", Decimal("37.5")),
                                                                         ("ledtid", Decimal("25.0"))]


def test_a_part_without_a_value_is_named_missing_and_left_out_of_the_mean():
    counted, empty = f.indicator("a"), f.indicator("b")
    f.indicator_year(counted, 2026, target=Decimal(50))
    f.indicator_year(empty, 2026, target=Decimal(50), forecast=Decimal(25))
    f.outcome(counted, 2026, Decimal(50))
    f.grade_definition(2026, {counted: Decimal(1), empty: Decimal(1)})
    assert queries.grade(2026)["value"] == Decimal("100.0")
    assert queries.grade(2026)["missing"] == [empty]
    assert queries.grade(2026, use_forecast=True)["value"] == Decimal("75.0")


def test_the_latest_version_of_a_years_definition_is_in_force_and_other_years_keep_theirs():
    a, b = f.indicator("a"), f.indicator("b")
    for year in (2025, 2026):
        f.indicator_year(a, year, target=Decimal(100))
        f.indicator_year(b, year, target=Decimal(100))
        f.outcome(a, year, Decimal(100))
        f.outcome(b, year, Decimal(0))
    f.grade_definition(2025, {a: Decimal(1), b: Decimal(1)})
    f.grade_definition(2026, {a: Decimal(1), b: Decimal(1)})
    f.grade_definition(2026, {a: Decimal(3), b: Decimal(1)}, version=2)
    assert queries.grade_trend([2025, 2026]) == [(2025, Decimal("50.0")), (2026, Decimal("75.0"))]
