"""Computing the register's indicators and storing their figures (issue 10, C10; docs/decisions/0017).

Each registered count (core.registry.INDICATORS) has an Indicator row, kind "computed", owned by the region.
A year's figure is one Outcome of period "year", with the numerator and denominator it was counted from, the day
it was computed and the query's version:

* while the year runs, its figure is the register as it stands on the day computed, refreshed by each run;
* the first run after the year has ended counts it once more (on 31 December, as far as the register knows
  that day) — the closing figure;
* after that the figure is final: a run refuses to change it, unless asked explicitly with a reason
  (`recompute_closed`), and the reason is kept in the figure's history. A past year's figure never changes
  silently, even though the register it was counted from has changed since.

A stored figure whose query version is not the registered one is shown with a note (version_note()).
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import access, registry
from organisations.models import Organisation

from .actions import evaluate_deviations
from .models import FocusArea, Indicator, Outcome

PERIOD = "year"
PLACES = Decimal("0.0001")

STORED, KEPT, NO_VALUE, CONFLICT = "stored", "kept", "no_value", "conflict"


@dataclass
class Result:
    code: str
    status: str  # STORED, KEPT (a closed year's final figure), NO_VALUE (nothing counted), CONFLICT
    outcome: Outcome | None = None
    message: str = ""


def region():
    """The region: the organisation of kind "region" (the first, if a database holds more than one)."""
    found = Organisation.objects.filter(kind=Organisation.Kind.REGION).order_by("pk").first()
    if found is None:
        raise ValidationError(_("There is no organisation of kind region to own the register's indicators."))
    return found


def value_of(numerator, denominator, unit="%"):
    """numerator / denominator in the unit (× 100 for "%"), to four decimals; None without a denominator."""
    if not denominator:
        return None
    ratio = Decimal(numerator) / Decimal(denominator)
    return (ratio * 100 if unit == "%" else ratio).quantize(PLACES, rounding=ROUND_HALF_UP)


def ensure_indicators():
    """({code: Indicator} for every registered count, [codes held by an entered indicator]) — creating the rows
    that are missing and keeping the register's definition text current. An indicator of the same code that
    people entered is left alone and named as a conflict."""
    registered = registry.INDICATORS
    existing = {row.code: row for row in Indicator.objects.filter(code__in=registered)}
    areas = {area.code: area for area in FocusArea.objects.filter(
        code__in={r.focus_area for r in registered.values() if r.focus_area})}
    owner, result, conflicts = None, {}, []
    for code, counted in registered.items():
        row = existing.get(code)
        described = {"name": counted.name[:200], "definition": counted.definition, "source": counted.source[:300],
                     "unit": counted.unit, "direction": counted.direction}
        if row is None:
            owner = owner or region()
            row = Indicator.objects.create(code=code, kind=Indicator.Kind.COMPUTED, computation=code, owner=owner,
                                           focus_area=areas.get(counted.focus_area), **described)
        elif row.kind != Indicator.Kind.COMPUTED or row.computation != code:
            conflicts.append(code)
            continue
        elif any(getattr(row, field) != value for field, value in described.items()):
            for field, value in described.items():
                setattr(row, field, value)
            row.save()
        result[code] = row
    return result, conflicts


def is_final(outcome):
    """A year's figure computed after the year ended is its closing figure, final."""
    return outcome.computed_on is not None and outcome.computed_on.year > outcome.year


def version_note(outcome):
    """A note when a computed figure was counted with another query version than the one registered now."""
    counted = registry.INDICATORS.get(outcome.indicator.computation) if outcome.indicator.computation else None
    if counted is None or not outcome.query_version or outcome.query_version == counted.version:
        return ""
    return _("Counted with query version %(stored)s; the indicator is now counted with version %(now)s, so this "
             "figure is not strictly comparable with later ones.") % {"stored": outcome.query_version,
                                                                        "now": counted.version}


def check_request(year, on, today, recompute_closed, reason):
    """(year, on) for a run, or ValidationError naming what is wrong with the request."""
    if year is None:
        year = on.year if on is not None else today.year
    if not (2000 <= year <= 2100):
        raise ValidationError(_("The year must be between 2000 and 2100."))
    if year > today.year:
        raise ValidationError(_("%(year)s has not begun: there is nothing to count yet.") % {"year": year})
    if on is None:
        on = today if year == today.year else datetime.date(year, 12, 31)
    if on.year != year:
        raise ValidationError(_("The day counted must lie in %(year)s.") % {"year": year})
    if on > today:
        raise ValidationError(_("The register cannot be counted on a day that has not come."))
    if recompute_closed and not (reason or "").strip():
        raise ValidationError(_("Say why a closed year's figures are computed again: the reason is kept in their "
                                "history."))
    return year, on


def compute(*, year=None, on=None, today=None, codes=None, recompute_closed=False, reason="", user=None,
            progress=None):
    """Count every registered indicator (or those in `codes`) for `year` on the day `on` and store the figures.
    Returns [Result]. Raises ValidationError for a request that cannot be run; nothing is stored then. All
    figures of a run are stored in one transaction."""
    today = today or datetime.date.today()
    year, on = check_request(year, on, today, recompute_closed, reason)
    with transaction.atomic():
        indicators, conflicts = ensure_indicators()
        results = [Result(code, CONFLICT, message=_("An entered indicator already has the code %(code)s.")
                          % {"code": code}) for code in conflicts]
        stored = {o.indicator_id: o for o in Outcome.objects.filter(
            indicator__in=indicators.values(), year=year, period=PERIOD).select_related("indicator")}
        for code, indicator in indicators.items():
            if codes and code not in codes:
                continue
            result = _compute_one(registry.INDICATORS[code], indicator, stored.get(indicator.pk), year, on, today,
                                  recompute_closed, reason, user)
            results.append(result)
            if progress is not None:
                progress(result)
    return results


def _compute_one(counted, indicator, outcome, year, on, today, recompute_closed, reason, user):
    if outcome is not None and is_final(outcome) and not recompute_closed:
        return Result(counted.code, KEPT, outcome, _(
            "The figure of %(year)s was computed on %(day)s, after the year ended, and is final: it is not "
            "computed again unless asked to, with a reason.") % {"year": year, "day": outcome.computed_on})
    numerator, denominator = counted.count(on, None)
    value = value_of(numerator, denominator, counted.unit)
    if value is None:
        return Result(counted.code, NO_VALUE, outcome, _("Nothing to count on %(day)s.") % {"day": on})
    if outcome is None:
        outcome = Outcome(indicator=indicator, year=year, period=PERIOD)
    outcome.value, outcome.numerator, outcome.denominator = value, numerator, denominator
    outcome.computed_on, outcome.query_version, outcome.recorded_by = today, counted.version, user
    outcome.source = ""
    outcome._history_user = user
    if recompute_closed:
        outcome._change_reason = reason.strip()
    outcome.full_clean(exclude=["indicator", "recorded_by"], validate_unique=False)
    outcome.save()
    evaluate_deviations(indicator=indicator, year=year, today=today)
    return Result(counted.code, STORED, outcome)


def may_compute(user):
    """Administrators and the governance office — the region's editors, who keep the region's indicators."""
    if access.is_administrator(user):
        return True
    found = Organisation.objects.filter(kind=Organisation.Kind.REGION).order_by("pk").values_list("pk", flat=True)
    return bool(found) and access.may_edit_for(user, found[0])
