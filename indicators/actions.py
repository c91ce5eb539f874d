"""Write use-cases of the yearly follow-up (C10; 000 §4.2, 002 §11). Each is keyword-only and atomic: it stores
all of its change or none of it. Who may act is asked by the caller (core.access.may_edit / may_edit_for): an
indicator is changed by the editors of its owner organisation and by administrators.

After every outcome or forecast the year's figures are compared with the target (evaluate_deviations): a figure
beyond the indicator's threshold on the unfavourable side opens a Deviation — or updates the open one — which
then demands an analysis of causes and an action plan until it is followed up. A figure that comes back within
the threshold does not close it: the deviation still has to be followed up, and the page says the latest figure
is within the threshold."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import versioning

from .models import Deviation, Indicator, IndicatorYear, Outcome, PlanAction

INDICATOR_FIELDS = ("code", "name", "definition", "source", "frequency", "unit", "direction", "owner", "focus_area",
                    "deviation_threshold", "active")
PLAN_FIELDS = ("action", "responsible", "due", "status")


def _unknown(fields, allowed):
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


def _expect(obj, row_version):
    """The version the writer read: refused early when it is not the stored one, compared and swapped on save."""
    if row_version is not None:
        versioning.check(obj, row_version)
        obj.row_version = int(row_version)


def _stripped(value):
    return (value or "").strip()


# Indicators ------------------------------------------------------------------------------------------------

@transaction.atomic
def create_indicator(*, owner, code, name, definition, source, **fields):
    """An entered indicator, owned by the region or by a board that sets its own (000 §4.2). Computed ones are
    made by the register's compute command from core.registry.INDICATORS."""
    _unknown(fields, INDICATOR_FIELDS)
    indicator = Indicator(owner=owner, code=_stripped(code), name=_stripped(name), definition=_stripped(definition),
                          source=_stripped(source), kind=Indicator.Kind.ENTERED, computation="", **fields)
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def update_indicator(*, indicator, row_version=None, **changes):
    """Change an indicator's definition. A changed threshold or direction is applied to the years at once."""
    _unknown(changes, INDICATOR_FIELDS)
    _expect(indicator, row_version)
    reevaluate = any(getattr(indicator, name) != value for name, value in changes.items()
                     if name in ("deviation_threshold", "direction"))
    for name, value in changes.items():
        setattr(indicator, name, _stripped(value) if name in ("code", "name", "definition", "source") else value)
    indicator.full_clean()
    indicator.save()
    if reevaluate:
        for year in indicator.years.exclude(target=None).values_list("year", flat=True):
            evaluate_deviations(indicator=indicator, year=year)
    return indicator


# Targets, outcomes, forecasts ------------------------------------------------------------------------------

def _year_row(indicator, year, row_version):
    row = IndicatorYear.objects.select_for_update().filter(indicator=indicator, year=year).first()
    if row is None:
        return IndicatorYear(indicator=indicator, year=year)
    _expect(row, row_version)
    return row


@transaction.atomic
def set_target(*, indicator, year, target, row_version=None, today=None):
    """The year's target (None removes it). Returns (IndicatorYear, evaluations)."""
    row = _year_row(indicator, year, row_version)
    row.target = target
    row.full_clean()
    row.save()
    return row, evaluate_deviations(indicator=indicator, year=year, today=today)


@transaction.atomic
def enter_forecast(*, indicator, year, forecast, user=None, comment="", row_version=None, today=None):
    """The forecast for the year's outcome, recording who made it and when (002 §11: "såväl verkligt utfall som
    prognoser"). Returns (IndicatorYear, evaluations)."""
    if forecast is None:
        raise ValidationError({"forecast": _("Give the forecast.")})
    row = _year_row(indicator, year, row_version)
    row.forecast, row.forecast_comment = forecast, _stripped(comment)
    row.forecast_by, row.forecast_at = user, timezone.now()
    row.full_clean()
    row.save()
    return row, evaluate_deviations(indicator=indicator, year=year, today=today)


@transaction.atomic
def record_outcome(*, indicator, year, value, source, period="year", numerator=None, denominator=None, user=None,
                   row_version=None, today=None):
    """An entered outcome of one period, its source named; a second one for the same period replaces the first.
    Computed indicators get their outcomes from the register, never by hand. Returns (Outcome, evaluations)."""
    if indicator.kind != Indicator.Kind.ENTERED:
        raise ValidationError(_("%(indicator)s is computed from the register; its outcomes are not entered.")
                              % {"indicator": indicator.code}, code="computed")
    if not _stripped(source):
        raise ValidationError({"source": _("Name the source of the outcome.")}, code="no_source")
    if (numerator is None) != (denominator is None):
        raise ValidationError({"denominator": _("Give both the count and what it is out of, or neither.")})
    if denominator is not None and numerator > denominator:
        raise ValidationError({"numerator": _("The count cannot be larger than what it is out of.")})
    outcome = Outcome.objects.select_for_update().filter(indicator=indicator, year=year, period=period).first()
    if outcome is None:
        outcome = Outcome(indicator=indicator, year=year, period=period)
    else:
        _expect(outcome, row_version)
    outcome.value, outcome.source = value, _stripped(source)
    outcome.numerator, outcome.denominator, outcome.recorded_by = numerator, denominator, user
    outcome.full_clean()
    outcome.save()
    return outcome, evaluate_deviations(indicator=indicator, year=year, today=today)


# Deviations ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Evaluation:
    """What evaluate_deviations did with one open deviation: `deviates` is False when the latest figure is back
    within the threshold (the deviation stays open until followed up); `opened` when it was opened just now."""

    deviation: Deviation
    deviates: bool
    opened: bool


def deviates(*, value, target, threshold, direction):
    """Whether `value` misses `target` by more than `threshold` on the unfavourable side."""
    if value is None or target is None:
        return False
    shortfall = (target - value) if direction == Indicator.Direction.HIGHER else (value - target)
    return shortfall > threshold


def _figures(indicator, year):
    """(basis, period, value) of every figure of the year compared with the target."""
    figures = [(Deviation.Basis.OUTCOME, o.period, o.value)
               for o in Outcome.objects.filter(indicator=indicator, year=year)]
    forecast = IndicatorYear.objects.filter(indicator=indicator, year=year).values_list("forecast", flat=True).first()
    if forecast is not None:
        figures.append((Deviation.Basis.FORECAST, "year", forecast))
    return figures


@transaction.atomic
def evaluate_deviations(*, indicator, year, today=None):
    """Compare the year's outcomes and forecast with its target (002 §11) and open, update or note deviations.

    Called after every stored outcome or forecast, entered or computed. A deviating figure opens a deviation, or
    updates the value and target of the open one for the same basis and period. A figure back within the
    threshold leaves the open deviation open, its value updated, to be followed up. A figure that a followed-up
    deviation already answered (same value and target) does not open a new one. Returns [Evaluation] of the
    open deviations it touched."""
    today = today or datetime.date.today()
    indicator = Indicator.objects.get(pk=indicator.pk)  # the threshold and direction as stored now
    target = IndicatorYear.objects.filter(indicator=indicator, year=year).values_list("target", flat=True).first()
    if target is None:
        return []
    deviations = Deviation.objects.select_for_update().filter(indicator=indicator, year=year)
    open_ones = {(d.basis, d.period): d for d in deviations if d.status == Deviation.Status.OPEN}
    answered = {(d.basis, d.period, d.value, d.target) for d in deviations if d.status != Deviation.Status.OPEN}
    result = []
    for basis, period, value in _figures(indicator, year):
        beyond = deviates(value=value, target=target, threshold=indicator.deviation_threshold,
                          direction=indicator.direction)
        deviation = open_ones.get((basis, period))
        if deviation is None:
            if not beyond or (basis, period, value, target) in answered:
                continue
            deviation = Deviation(indicator=indicator, year=year, basis=basis, period=period, value=value,
                                  target=target, opened_on=today)
            deviation.full_clean()
            deviation.save()
            result.append(Evaluation(deviation, True, True))
            continue
        if deviation.value != value or deviation.target != target:
            deviation.value, deviation.target = value, target
            deviation.save()
        result.append(Evaluation(deviation, beyond, False))
    return result


def within_threshold(deviation):
    """Whether the deviation's latest figure is back within the threshold (it stays open until followed up)."""
    indicator = deviation.indicator
    return not deviates(value=deviation.value, target=deviation.target, threshold=indicator.deviation_threshold,
                        direction=indicator.direction)


def _open(deviation, row_version=None):
    deviation = Deviation.objects.select_for_update().select_related("indicator").get(pk=deviation.pk)
    _expect(deviation, row_version)
    if deviation.status != Deviation.Status.OPEN:
        raise ValidationError(_("The deviation is followed up already; its analysis and plan are kept as they "
                                "were."), code="followed_up")
    return deviation


@transaction.atomic
def record_analysis(*, deviation, cause_analysis, row_version=None):
    """The analysis of the deviation's causes (002 §11: "analysera orsaker")."""
    deviation = _open(deviation, row_version)
    if not _stripped(cause_analysis):
        raise ValidationError({"cause_analysis": _("Describe the causes of the deviation.")}, code="no_analysis")
    deviation.cause_analysis = _stripped(cause_analysis)
    deviation.save()
    return deviation


@transaction.atomic
def add_plan_action(*, deviation, action, responsible, due, status=PlanAction.Status.PLANNED):
    """One action of the deviation's action plan (002 §11: "upprätta … handlingsplaner")."""
    deviation = _open(deviation)
    plan_action = PlanAction(deviation=deviation, action=_stripped(action), responsible=_stripped(responsible),
                             due=due, status=status)
    plan_action.full_clean()
    plan_action.save()
    return plan_action


@transaction.atomic
def update_plan_action(*, plan_action, row_version=None, **changes):
    _unknown(changes, PLAN_FIELDS)
    _open(plan_action.deviation)
    _expect(plan_action, row_version)
    for name, value in changes.items():
        setattr(plan_action, name, _stripped(value) if name in ("action", "responsible") else value)
    plan_action.full_clean()
    plan_action.save()
    return plan_action


@transaction.atomic
def remove_plan_action(*, plan_action, row_version=None):
    _open(plan_action.deviation)
    _expect(plan_action, row_version)
    versioning.claim(plan_action, plan_action.row_version)  # a removal over someone's newer change is refused
    plan_action.delete()


@transaction.atomic
def follow_up(*, deviation, follow_up, followed_up_on=None, row_version=None):
    """Close the deviation (002 §11: "följa upp handlingsplaner"): it needs its analysis of causes, at least one
    action, a note of what the actions achieved and the date."""
    deviation = _open(deviation, row_version)
    errors = {}
    if not deviation.cause_analysis.strip():
        errors["cause_analysis"] = _("Record the analysis of causes before the follow-up.")
    if not deviation.actions.exists():
        errors["actions"] = _("Add at least one action to the plan before the follow-up.")
    if not _stripped(follow_up):
        errors["follow_up"] = _("Describe what the actions achieved.")
    followed_up_on = followed_up_on or datetime.date.today()
    if followed_up_on < deviation.opened_on:
        errors["followed_up_on"] = _("The follow-up cannot be before the deviation opened (%(date)s).") % {
            "date": deviation.opened_on}
    if errors:
        raise ValidationError(errors, code="incomplete")
    deviation.follow_up, deviation.followed_up_on = _stripped(follow_up), followed_up_on
    deviation.status = Deviation.Status.FOLLOWED_UP
    deviation.full_clean()
    deviation.save()
    return deviation
