"""Reads of a round's results, shared by the result pages, the API, the exports and the exchange file. Pages read
the stored `Result` rows (maturity.actions.aggregate writes them), never the answers (docs/decisions/0027)."""

from decimal import Decimal

from django.db.models import Avg, Count, Max, Min, Q

from .comparison import NotComparable, comparability
from .models import Category, Dimension, ExternalResult, MeasurementPoint, Result, Round, RoundUnit

LEVELS = ("point", "category", "dimension", "total")


def level_of(result):
    if result.point_id:
        return "point"
    if result.category_id:
        return "category"
    return "dimension" if result.dimension_id else "total"


def figures(rnd, unit):
    """A unit's results in a round: {"point": {code: Result}, "category": …, "dimension": …, "total": {"": Result}}."""
    found = {level: {} for level in LEVELS}
    rows = Result.objects.filter(round=rnd, unit=unit).select_related("point", "category", "dimension")
    for row in rows:
        level = level_of(row)
        code = "" if level == "total" else getattr(row, level).code
        found[level][code] = row
    return found


def previous_round(rnd, unit):
    """The unit's latest round before `rnd` on the same model (any version of the same code), or None."""
    return (Round.objects.filter(model__code=rnd.model.code, period_end__lt=rnd.period_start,
                                 results__unit=unit).exclude(pk=rnd.pk)
            .order_by("-period_end", "-pk").select_related("model").first())


def region_means(rnd, level="category"):
    """The mean of the round's units at `level`, each unit counting once: {code: Decimal}."""
    rows = (Result.objects.filter(round=rnd, **{f"{level}__isnull": False})
            .values(f"{level}__code").annotate(mean=Avg("mean"), units=Count("unit", distinct=True)))
    return {row[f"{level}__code"]: Decimal(str(row["mean"])).quantize(Decimal("0.001")) for row in rows}


def external_choices(model_code):
    """The other organisations' result sets on a model of `model_code`: [(key, "Organisation period")]."""
    rows = (ExternalResult.objects.filter(model__code=model_code)
            .values_list("organisation_name", "period", "model__version").distinct()
            .order_by("organisation_name", "period"))
    return [(f"{name}|{period}", f"{name} {period}", version) for name, period, version in rows]


def external_figures(model_code, key):
    """(model, {level: {code: ExternalResult}}) of one organisation's set, `key` "Organisation|period"."""
    name, _bar, period = (key or "").partition("|")
    rows = list(ExternalResult.objects.filter(model__code=model_code, organisation_name=name, period=period)
                .select_related("model"))
    if not rows:
        return None, {}
    found = {level: {} for level in LEVELS}
    for row in rows:
        found[row.level][row.code] = row
    return rows[0].model, found


def categories(model):
    return list(Category.objects.filter(model=model).select_related("dimension")
                .order_by("dimension__order", "dimension__code", "order", "code"))


def points(model):
    return list(MeasurementPoint.objects.filter(model=model).select_related("category")
                .order_by("category__dimension__order", "category__order", "category__code", "order", "code"))


def dimensions(model):
    return list(Dimension.objects.filter(model=model).order_by("order", "code"))


def _change(now, then, comparable):
    if now is None or then is None or not comparable:
        return None
    return (now - then).quantize(Decimal("0.001"))


def unit_rows(rnd, unit, previous=None, other=None):
    """The unit page's rows per dimension, category and point: this round's figures, the previous round's and
    the change where comparable, and another set (the region's mean, or another organisation) beside them.
    `other` is (model or None, {level: {code: figure}}) — a model to check comparability, None when the figures
    come from the same round (the region's mean). Returns {"dimension": [...], "category": [...], "point": [...],
    "previous_comparability": Comparability or None, "other_comparability": ...}."""
    mine = figures(rnd, unit)
    before = figures(previous, unit) if previous else None
    then_cmp = comparability(rnd.model, previous.model) if previous else None
    other_model, other_figures = other or (None, None)
    other_cmp = None
    if other_model is not None:
        try:
            other_cmp = comparability(rnd.model, other_model)
        except NotComparable:
            other_figures = None
    listing = {"dimension": dimensions(rnd.model), "category": categories(rnd.model), "point": points(rnd.model)}
    rows = {}
    for level, items in listing.items():
        rows[level] = []
        for item in items:
            result = mine[level].get(item.code)
            then = before[level].get(item.code) if before else None
            comparable = then_cmp.comparable(level, item.code) if then_cmp else None
            figure = other_figures[level].get(item.code) if other_figures else None
            other_ok = other_cmp.comparable(level, item.code) if other_cmp else figure is not None
            other_mean = None
            if figure is not None and other_ok:
                other_mean = figure.mean if hasattr(figure, "mean") else figure
            rows[level].append({
                "item": item, "result": result, "mean": result.mean if result else None,
                "previous": then.mean if then and comparable else None,
                "comparable": comparable, "change": _change(result.mean if result else None,
                                                            then.mean if then else None, comparable),
                "other": other_mean, "other_comparable": other_ok if figure is not None else None,
            })
    rows["previous_comparability"] = then_cmp
    rows["other_comparability"] = other_cmp
    rows["total"] = mine["total"].get("")
    return rows


def round_units(rnd, organisation=None, text=""):
    units = RoundUnit.objects.filter(round=rnd).select_related("unit", "unit__organisation")
    if organisation:
        units = units.filter(unit__organisation=organisation)
    if text:
        units = units.filter(Q(unit__name__icontains=text) | Q(unit__code__icontains=text))
    return units.order_by("unit__organisation__name", "unit__name", "unit__code")


def heat_rows(rnd, unit_ids, cats):
    """The heat map's rows for the given units: {unit id: [Result or None per category, in `cats` order]}."""
    index = {cat.pk: i for i, cat in enumerate(cats)}
    rows = {unit_id: [None] * len(cats) for unit_id in unit_ids}
    for result in Result.objects.filter(round=rnd, unit_id__in=unit_ids, category__isnull=False).only(
            "unit_id", "category_id", "mean", "respondents"):
        if result.category_id in index:
            rows[result.unit_id][index[result.category_id]] = result
    return rows


def heat_class(mean, model_points):
    """A colour class 1–5 for a mean on the model's scale (its points' lowest and highest answer)."""
    if mean is None:
        return "heat-none"
    low, high = model_points
    share = (float(mean) - low) / (high - low) if high > low else 0
    return f"heat-{min(5, max(1, int(share * 5) + 1))}"


def scale_of(model):
    """(lowest, highest) answer of the model's points; 1–5 for a model without points."""
    scale = MeasurementPoint.objects.filter(model=model).aggregate(low=Min("scale_min"), high=Max("scale_max"))
    return (scale["low"] or 1, scale["high"] or 5)
