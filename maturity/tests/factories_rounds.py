"""Factories for the rounds part: a small model with two dimensions, a round with units and answers."""

from decimal import Decimal

from accounts.tests import factories as account_factories  # noqa: F401 — re-exported for the tests

from . import factories as f


def small_model(code="liten", version=1):
    """Dimension D1 (categories K1: points p1 weight 1, p2 weight 3; K2: p3) and D2 (K3: p4 on 1–7)."""
    model = f.maturity_model(code=code, version=version)
    d1, d2 = f.dimension(model, "d1", order=1), f.dimension(model, "d2", order=2)
    k1, k2, k3 = f.category(d1, "k1", order=1), f.category(d1, "k2", order=2), f.category(d2, "k3", order=3)
    points = {"p1": f.point(k1, "p1", order=1), "p2": f.point(k1, "p2", weight=Decimal(3), order=2),
              "p3": f.point(k2, "p3", order=3), "p4": f.point(k3, "p4", scale_max=7, order=4)}
    return model, points

def small_round(units=2, invited=10):
    model, points = small_model()
    rnd = f.round_(model=model)
    made = [f.unit(code=f"ENHET-{i}") for i in range(1, units + 1)]
    for unit in made:
        f.round_unit(rnd, unit, invited)
    return rnd, made, points
