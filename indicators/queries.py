"""Reads of indicators shared by the pages, the API, the bokslut and the overview's charts."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max

from .models import Deviation, GradeDefinition, Indicator, IndicatorYear, Outcome

HUNDRED = Decimal(100)
# A part of the grade counts at most this share of its target: overshooting one indicator cannot hide
# another one falling short.
SCORE_CAP = Decimal(1)


def year_outcome(indicator_id, year):
    """The outcome that stands for a year: the whole-year figure if there is one, else the latest period's."""
    outcomes = {o.period: o for o in Outcome.objects.filter(indicator_id=indicator_id, year=year)}
    return _standing(outcomes)


def _standing(outcomes):
    if "year" in outcomes:
        return outcomes["year"]
    periods = sorted(outcomes, key=Outcome.PERIODS.index)
    return outcomes[periods[-1]] if periods else None


def figures(indicators, years):
    """{indicator id: {year: {"target", "outcome" (Outcome or None), "forecast", "forecast_by", "forecast_at"}}}
    for the given indicators (ids or a query) and years, in three queries."""
    ids = list(indicators.values_list("pk", flat=True)) if hasattr(indicators, "values_list") else list(indicators)
    result = {pk: {year: {"target": None, "outcome": None, "forecast": None, "forecast_by": None,
                          "forecast_at": None} for year in years} for pk in ids}
    for row in IndicatorYear.objects.filter(indicator_id__in=ids, year__in=years).select_related("forecast_by"):
        result[row.indicator_id][row.year].update(target=row.target, forecast=row.forecast, forecast_by=row.forecast_by,
                                                  forecast_at=row.forecast_at)
    by_year = {}
    for outcome in Outcome.objects.filter(indicator_id__in=ids, year__in=years):
        by_year.setdefault((outcome.indicator_id, outcome.year), {})[outcome.period] = outcome
    for (pk, year), outcomes in by_year.items():
        result[pk][year]["outcome"] = _standing(outcomes)
    return result


def score(value, target, direction):
    """How far an indicator has come toward its target, 0–1: value / target when higher is better, target / value
    when lower is better; capped at 1. None when there is no value or target to compare."""
    if value is None or target is None:
        return None
    value, target = Decimal(value), Decimal(target)
    if direction == Indicator.Direction.HIGHER:
        if target <= 0:
            return SCORE_CAP if value >= target else Decimal(0)
        ratio = value / target
    else:
        if value <= 0:
            return SCORE_CAP
        ratio = target / value
    return max(Decimal(0), min(SCORE_CAP, ratio))


def grade_definition(year):
    """The definition in force for a year: its latest version, or None."""
    return GradeDefinition.objects.filter(year=year).order_by("-version").first()


def grade(year, definition=None, use_forecast=False):
    """The digitalisation grade of a year (002 §7.1.1) with its parts, so a reader sees what moved it:

    {"year", "definition", "value" (0–100, or None), "parts": [{"indicator", "weight", "share" (of the weights),
     "value", "target", "score" (0–1), "points" (its contribution to the grade)}], "missing": [indicators
     without a value]}.

    Each part is normalised against its target (score()) and weighted; the grade is the weighted mean × 100
    over the parts that have a value. `use_forecast` takes a year's forecast where it has no outcome (the
    running year)."""
    definition = definition or grade_definition(year)
    result = {"year": year, "definition": definition, "value": None, "parts": [], "missing": []}
    if definition is None:
        return result
    weights = list(definition.weights.select_related("indicator"))
    numbers = figures([w.indicator_id for w in weights], [year])
    total = sum((w.weight for w in weights), Decimal(0))
    scored_weight, points_sum = Decimal(0), Decimal(0)
    for weight in weights:
        row = numbers[weight.indicator_id][year]
        value = row["outcome"].value if row["outcome"] is not None else (row["forecast"] if use_forecast else None)
        part_score = score(value, row["target"], weight.indicator.direction)
        part = {"indicator": weight.indicator, "weight": weight.weight,
                "share": (weight.weight / total) if total else None, "value": value, "target": row["target"],
                "score": part_score, "points": None}
        if part_score is None:
            result["missing"].append(weight.indicator)
        else:
            scored_weight += weight.weight
            points_sum += weight.weight * part_score
        result["parts"].append(part)
    if scored_weight:
        for part in result["parts"]:
            if part["score"] is not None:
                part["points"] = _round(part["weight"] * part["score"] / scored_weight * HUNDRED)
        result["value"] = _round(points_sum / scored_weight * HUNDRED)
    return result


def grade_trend(years, use_forecast_for=None):
    """[(year, grade value or None)] — each year with its own definition."""
    return [(year, grade(year, use_forecast=(year == use_forecast_for))["value"]) for year in years]


def grade_years():
    """The years that have a grade definition, oldest first."""
    return list(GradeDefinition.objects.values_list("year", flat=True).distinct().order_by("year"))


def latest_year():
    return IndicatorYear.objects.aggregate(latest=Max("year"))["latest"]


def open_deviations(year=None):
    rows = Deviation.objects.filter(status=Deviation.Status.OPEN).select_related("indicator", "indicator__owner")
    return rows.filter(year=year) if year is not None else rows


def _round(value):
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
