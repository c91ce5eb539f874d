"""The demo's register indicators (indicators/demo_register.py): three years of figures and a versioned grade."""

import datetime

import pytest

from core import registry
from indicators import compute, queries
from indicators.models import GradeDefinition, Indicator, Outcome
from styr import demo

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(datetime.date.today().year < 2026, reason="the demo's running year is 2026")
def test_the_demo_holds_three_years_of_computed_figures_and_a_grade_per_year():
    demo.build()
    computed = Indicator.objects.filter(kind="computed")
    assert computed.count() == len(registry.INDICATORS)
    owner = Outcome.objects.filter(indicator__code="tjanster-med-agare", period="year")
    assert sorted(owner.values_list("year", flat=True)) == [2024, 2025, 2026]
    past = owner.get(year=2024)
    assert compute.is_final(past) and past.value < owner.get(year=2026).value
    assert all(o.indicator.years.filter(year=o.year, target__isnull=False).exists() for o in owner)
    assert list(GradeDefinition.objects.filter(year=2026).values_list("version", flat=True)) == [1, 2]
    assert [year for year, value in queries.grade_trend([2024, 2025, 2026]) if value is not None] == [2024, 2025,
                                                                                                      2026]
    # A run now keeps the past years as they were stored.
    results = compute.compute(year=2025)
    assert {r.status for r in results if r.code == "tjanster-med-agare"} == {compute.KEPT}
