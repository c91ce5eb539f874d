"""Helpers for the tests of the register's indicators: store a computed figure and read it back."""

import datetime

from indicators import compute
from indicators.models import Outcome

from . import factories

TODAY = datetime.date.today()


def computed(code, *, year=None, on=None, today=None, **options):
    """Compute one registered indicator as `styr indicators compute` does and return its stored figure (or None)."""
    factories.region()
    today = today or TODAY
    results = compute.compute(year=year, on=on, today=today, codes={code}, **options)
    [result] = [r for r in results if r.code == code]
    return Outcome.objects.filter(indicator__code=code, year=year or (on or today).year, period="year").first()


def stored(outcome):
    """(numerator, denominator, value) of a stored figure, as the tests compare them with a hand count."""
    return outcome.numerator, outcome.denominator, outcome.value
