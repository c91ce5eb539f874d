"""Reads of maturity models, units and rounds shared by the pages, the API and the exports."""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from .models import MaturityModel, MeasurementPoint, Response, Result, Round, RoundUnit, Unit


def models_with_counts():
    return MaturityModel.objects.annotate(
        point_count=Count("points", distinct=True), round_count=Count("rounds", distinct=True)).order_by(
        "code", "-version")


def model_tree(model):
    """[(dimension, [(category, [points])])] in the model's order."""
    points = list(MeasurementPoint.objects.filter(model=model).select_related("category__dimension").order_by(
        "category__dimension__order", "category__order", "order", "code"))
    tree, dims, cats = [], {}, {}
    for point in points:
        cat, dim = point.category, point.category.dimension
        if dim.pk not in dims:
            dims[dim.pk] = (dim, [])
            tree.append(dims[dim.pk])
        if cat.pk not in cats:
            cats[cat.pk] = (cat, [])
            dims[dim.pk][1].append(cats[cat.pk])
        cats[cat.pk][1].append(point)
    return tree


def rounds_with_counts():
    return Round.objects.select_related("model").annotate(
        unit_count=Count("round_units", distinct=True)).order_by("-period_end", "name", "pk")


def round_units(rnd):
    """The round's units with their respondents and response rate (the total level of the stored results)."""
    respondents = Response.objects.filter(round=rnd, unit=OuterRef("unit")).values("unit").annotate(
        n=Count("pk")).values("n")
    total = Result.objects.filter(round=rnd, unit=OuterRef("unit"), point=None, category=None, dimension=None)
    return RoundUnit.objects.filter(round=rnd).select_related("unit__organisation").annotate(
        respondents=Coalesce(Subquery(respondents, output_field=IntegerField()), 0),
        response_rate=Subquery(total.values("response_rate")[:1]),
        total_mean=Subquery(total.values("mean")[:1])).order_by("unit__code")


def round_summary(rnd):
    units = RoundUnit.objects.filter(round=rnd)
    invited = sum(n or 0 for n in units.values_list("invited", flat=True))
    return {"units": units.count(), "respondents": Response.objects.filter(round=rnd).count(),
            "invited": invited or None}


def units_visible():
    return Unit.objects.select_related("organisation").order_by("code")


def unit_search(text):
    return Unit.objects.filter(Q(code__istartswith=text) | Q(name__icontains=text)).order_by("code")
