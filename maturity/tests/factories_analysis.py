"""A small maturity world for the analysis tests: a model in two versions (point b2 changed in version 2, a point
added in category c), two rounds and units with Result rows written by hand — the figures the tests check."""

import datetime
from decimal import Decimal

from organisations.tests import factories as org_factories

from ..models import Category, Dimension, MaturityModel, MeasurementPoint, Round, RoundUnit
from . import factories as f

# category code → dimension code, point codes
LAYOUT = {"a": ("formaga", ["a1", "a2"]), "b": ("formaga", ["b1", "b2"]), "c": ("arv", ["c1"])}


def model_version(code="demo", version=1, changed=(), added=()):
    """A model version; points in `changed` get another text, `added` (category, point) are extra points."""
    model = MaturityModel.objects.create(code=code, version=version, name="Testmodell")
    dims = {}
    for order, (cat_code, (dim_code, points)) in enumerate(LAYOUT.items()):
        if dim_code not in dims:
            dims[dim_code] = Dimension.objects.create(model=model, code=dim_code, name=dim_code.title(),
                                                      order=len(dims))
        cat = Category.objects.create(model=model, dimension=dims[dim_code], code=cat_code,
                                      name=f"Kategori {cat_code.upper()}", order=order)
        extra = [p for c, p in added if c == cat_code]
        for p_order, point in enumerate(points + extra):
            text = f"Påstående {point}" + (" (omskrivet)" if point in changed else "")
            MeasurementPoint.objects.create(model=model, category=cat, code=point, text=text, order=p_order)
    return model


def results(rnd, unit, categories, *, respondents=6, dimensions=None, total=None, points=None):
    """Result rows: {category code: mean}, and optionally dimensions, a total and points."""
    model = rnd.model
    for code, mean in categories.items():
        f.result(rnd, unit, category=model.categories.get(code=code), mean=Decimal(str(mean)),
                 respondents=respondents)
    for code, mean in (dimensions or {}).items():
        f.result(rnd, unit, dimension=model.dimensions.get(code=code), mean=Decimal(str(mean)),
                 respondents=respondents)
    for code, mean in (points or {}).items():
        f.result(rnd, unit, point=model.points.get(code=code), mean=Decimal(str(mean)), respondents=respondents)
    if total is not None:
        f.result(rnd, unit, mean=Decimal(str(total)), respondents=respondents)


def world():
    """Two organisations, two units, rounds 2025 (v1) and 2026 (v2: b2 rewritten, c2 added), with results."""
    slso = org_factories.organisation("SLSO-T", name="Stockholms läns sjukvårdsområde")
    ds = org_factories.organisation("DS-T", name="Danderyds sjukhus")
    v1 = model_version(version=1)
    v2 = model_version(version=2, changed=("b2",), added=(("c", "c2"),))
    r25 = Round.objects.create(model=v1, name="Mätning 2025", period_start=datetime.date(2025, 3, 1),
                               period_end=datetime.date(2025, 4, 30), status=Round.Status.CLOSED)
    r26 = Round.objects.create(model=v2, name="Mätning 2026", period_start=datetime.date(2026, 3, 1),
                               period_end=datetime.date(2026, 4, 30), status=Round.Status.CLOSED)
    primary = f.unit(slso, "SLSO-PV", name="Primärvården")
    geriatric = f.unit(ds, "DS-GER", name="Geriatriken")
    for rnd in (r25, r26):
        for unt in (primary, geriatric):
            RoundUnit.objects.create(round=rnd, unit=unt, invited=10)
    results(r25, primary, {"a": 2.5, "b": 3.0, "c": 2.0}, dimensions={"formaga": 2.75, "arv": 2.0}, total=2.5,
            points={"a1": 2.0, "a2": 3.0, "b1": 3.0, "b2": 3.0, "c1": 2.0})
    results(r26, primary, {"a": 3.0, "b": 3.5, "c": 2.5}, dimensions={"formaga": 3.25, "arv": 2.5}, total=3.0,
            points={"a1": 2.5, "a2": 3.5, "b1": 3.0, "b2": 4.0, "c1": 2.5, "c2": 2.5})
    results(r25, geriatric, {"a": 1.5, "b": 2.0, "c": 1.0}, total=1.5, respondents=3)
    results(r26, geriatric, {"a": 2.0, "b": 2.5, "c": 1.5}, total=2.0, respondents=4)
    return {"slso": slso, "ds": ds, "v1": v1, "v2": v2, "r25": r25, "r26": r26, "primary": primary,
            "geriatric": geriatric}
