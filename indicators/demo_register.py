"""The demo's register indicators (DEMO_BUILDERS order 71, after the entered indicators' part at 70): figures for
2024 and 2025 stored as past figures — made up, a little below this year's, since the register of those years
is not in the demo — targets for every computed indicator, 2026 computed from the demo register, and the
digitalisation grade's definition for 2024–2026 (a change of weights in 2026 makes its version 2)."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model

from core import registry

from . import compute, grading
from .models import Indicator, IndicatorYear, Outcome

YEARS = (2024, 2025, 2026)
# How far below the 2026 figure the made-up past figures lie, in percentage points.
BEHIND = {2024: Decimal(9), 2025: Decimal(4)}
# Targets (%) per indicator, as a region might set them; the rest aim for 90 %.
TARGETS = {"tjanster-med-agare": 100, "tjanster-klassade": 90, "drift-med-support": 95, "testad-fore-drift": 100,
           "kostnad-fordelad": 75, "tjanster-med-forvaltningsledare": 90}
# The grade's computed parts and their weights in 2024–2025; 2026 weighs classification more (version 2).
GRADE = {"tjanster-med-agare": 2, "tjanster-klassade": 2, "drift-med-support": 1, "testad-fore-drift": 1}
GRADE_2026 = {"tjanster-klassade": 3}


def _target(code, value, year):
    """The region's target, or — where the register is far from it — one within the indicator's reach, so that
    the demo's deviations are the two the follow-up part made on purpose, not one per indicator."""
    aim = Decimal(TARGETS.get(code, 90))
    reach = value + Decimal(3) - Decimal(2026 - year)
    return max(Decimal(0), min(aim, reach)).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def build(region):
    this_year = datetime.date.today().year
    if this_year < 2026:
        return  # the demo's running year has not begun
    indicators, _conflicts = compute.ensure_indicators()
    on = min(datetime.date.today(), datetime.date(2026, 12, 31))
    counts = {code: registry.INDICATORS[code].count(on, None) for code in indicators}
    values = {code: compute.value_of(n, d) for code, (n, d) in counts.items()}
    for code, indicator in indicators.items():
        value = values[code]
        if value is None:
            continue
        for year in YEARS:
            IndicatorYear.objects.get_or_create(indicator=indicator, year=year,
                                                defaults={"target": _target(code, value, year)})
        numerator, denominator = counts[code]
        for year, behind in BEHIND.items():
            past = max(Decimal(0), value - behind)
            n = int((past * denominator / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
            Outcome.objects.get_or_create(indicator=indicator, year=year, period=compute.PERIOD, defaults={
                "value": compute.value_of(n, denominator), "numerator": n, "denominator": denominator,
                "computed_on": datetime.date(year + 1, 1, 12), "query_version": registry.INDICATORS[code].version})
    compute.compute(year=2026, on=on)
    _grade(indicators)


def _grade(indicators):
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    entered = list(Indicator.objects.filter(kind=Indicator.Kind.ENTERED, active=True,
                                            years__year=2026).distinct().order_by("code")[:2])
    weights = {indicators[code]: weight for code, weight in GRADE.items() if code in indicators}
    weights.update({indicator: 2 for indicator in entered})
    if not weights:
        return
    grading.define_grade(year=2024, weights=weights, user=admin,
                         note="Digitaliseringsgraden enligt 002 §7.1.1: registrets och de inmatade mätetalen.")
    grading.copy_definition(from_year=2024, to_year=2025, user=admin)
    grading.copy_definition(from_year=2025, to_year=2026, user=admin)
    changed = dict(weights)
    changed.update({indicators[code]: weight for code, weight in GRADE_2026.items() if code in indicators})
    if changed == weights:
        return
    grading.define_grade(year=2026, weights=changed, user=admin, based_on=1,
                         note="Informationsklassningen väger tyngre från 2026 (exempel).")
