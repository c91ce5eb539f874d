"""Import of entered outcomes, targets and forecasts from .xlsx or .csv (core.tables), checked by the API's
serializers (indicators.api) and stored through the actions, so every figure is compared with its target as
when entered by hand. All or nothing: each bad row is named with its column, and nothing is stored if any row
is bad. Only indicators the importer may edit. Rows are matched on indicator, year and period, so importing the
same file again changes nothing."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from core import access
from core.tables import ImportFileError, ImportResult, RowError, errors_of, read_table
from core.versioning import StaleVersion

from . import actions
from .api import IndicatorYearSerializer, OutcomeSerializer
from .models import Indicator, IndicatorYear, Outcome

COLUMNS = ["indicator", "year", "period", "outcome", "source", "numerator", "denominator", "target", "forecast",
           "forecast_comment"]
REQUIRED = {"indicator", "year"}
DECIMALS = ("outcome", "target", "forecast")


def _number(text):
    """A decimal as a Swedish spreadsheet writes it: a comma, perhaps spaces between thousands."""
    return text.replace("\u00a0", "").replace(" ", "").replace(",", ".")


def _check(number, row, editable, cache):
    """(validated outcome or None, validated year or None), or the row's errors."""
    errors = []
    for name in DECIMALS:
        if row.get(name):
            row[name] = _number(row[name])
    code = row.get("indicator", "")
    indicator = cache.setdefault("indicators", {}).get(code)
    if indicator is None:
        indicator = Indicator.objects.filter(code=code.replace("\x00", "")).first()
        cache["indicators"][code] = indicator
    if indicator is None:
        return None, None, [RowError(number, "indicator", _("No indicator has the code %(code)s.") % {"code": code})]
    if editable is not None and indicator.owner_id not in editable:
        return None, None, [RowError(number, "indicator", _(
            "Only editors of %(owner)s and administrators may change %(code)s.")
            % {"owner": indicator.owner, "code": code})]
    outcome = year = None
    context = {"upsert": True, "lookup_cache": cache.setdefault("lookup", {})}
    if row.get("outcome"):
        if indicator.kind != Indicator.Kind.ENTERED:
            errors.append(RowError(number, "outcome", _("%(code)s is computed from the register; its outcomes are "
                                                        "not imported.") % {"code": code}))
        else:
            data = {"indicator": code, "year": row["year"], "period": row.get("period") or "year",
                    "value": row["outcome"], "source": row.get("source", ""),
                    "numerator": row.get("numerator") or None, "denominator": row.get("denominator") or None}
            try:
                outcome = OutcomeSerializer(context=context).run_validation(data)
            except ValidationError as error:
                errors.extend(errors_of(number, _renamed(error.detail, {"value": "outcome"})))
    elif any(row.get(name) for name in ("source", "numerator", "denominator")):
        errors.append(RowError(number, "outcome", _("Give the outcome the source and counts belong to.")))
    if row.get("target") or row.get("forecast"):
        data = {"indicator": code, "year": row["year"], "target": row.get("target") or None,
                "forecast": row.get("forecast") or None, "forecast_comment": row.get("forecast_comment", "")}
        try:
            year = IndicatorYearSerializer(context=context).run_validation(data)
        except ValidationError as error:
            errors.extend(errors_of(number, error.detail))
    if not errors and outcome is None and year is None:
        errors.append(RowError(number, "outcome", _("The row gives no outcome, target or forecast.")))
    unique = {(e.column, e.message): e for e in errors}  # a bad year is wrong for the outcome and the target alike
    return outcome, year, list(unique.values())


def _renamed(detail, names):
    return {names.get(key, key): value for key, value in detail.items()} if isinstance(detail, dict) else detail


def validate(rows, user):
    editable = access.editable_organisation_ids(user)
    good, errors, seen, cache = [], [], {}, {}
    for number, row in rows:
        outcome, year, row_errors = _check(number, row, editable, cache)
        if row_errors:
            errors.extend(row_errors)
            continue
        keys = []
        if outcome is not None:
            keys.append(("outcome", outcome["indicator"].pk, outcome["year"], outcome.get("period", "year")))
        if year is not None:
            keys.append(("year", year["indicator"].pk, year["year"]))
        clash = next((seen[key] for key in keys if key in seen), None)
        if clash is not None:
            errors.append(RowError(number, "year", _("The same indicator, year and period is on row %(row)s "
                                                     "already.") % {"row": clash}))
            continue
        seen.update({key: number for key in keys})
        good.append((outcome, year))
    return good, errors


def _count(result, before, changed):
    if before is None:
        result.created += 1
    elif changed:
        result.updated += 1
    else:
        result.unchanged += 1


@transaction.atomic
def store(good, user):
    result = ImportResult()
    for outcome, year in good:
        if outcome is not None:
            indicator, period = outcome["indicator"], outcome.get("period", "year")
            before = Outcome.objects.filter(indicator=indicator, year=outcome["year"], period=period).first()
            values = {"value": outcome["value"], "source": outcome["source"].strip(),
                      "numerator": outcome.get("numerator"), "denominator": outcome.get("denominator")}
            changed = before is None or any(getattr(before, k) != v for k, v in values.items())
            if changed:
                actions.record_outcome(indicator=indicator, year=outcome["year"], period=period, user=user, **values)
            _count(result, before, changed)
        if year is not None:
            indicator = year["indicator"]
            before = IndicatorYear.objects.filter(indicator=indicator, year=year["year"]).first()
            changed = False
            if year.get("target") is not None and (before is None or before.target != year["target"]):
                actions.set_target(indicator=indicator, year=year["year"], target=year["target"])
                changed = True
            comment = (year.get("forecast_comment") or "").strip()
            if year.get("forecast") is not None and (before is None or before.forecast != year["forecast"]
                                                     or before.forecast_comment != comment):
                actions.enter_forecast(indicator=indicator, year=year["year"], forecast=year["forecast"],
                                       comment=comment, user=user)
                changed = True
            _count(result, before, changed)
    result.stored = True
    return result


def import_figures(name, data, *, user=None, progress=None):
    """Outcomes, targets and forecasts from a file. `user` None (the command line without --user) may change
    every indicator, as an administrator."""
    notes = []
    _header, rows = read_table(name, data, COLUMNS, REQUIRED, notes=notes)
    good, errors = validate(rows, user if user is not None else _Everyone())
    if errors:
        return ImportResult(errors=errors, rejected=len({e.row for e in errors}), notes=notes)
    try:
        result = store(good, user)
    except (StaleVersion, IntegrityError, DjangoValidationError) as error:
        raise ImportFileError(_("%(error)s Nothing was stored; run the import again.") % {
            "error": getattr(error, "messages", [str(error)])[0]}) from error
    if progress is not None:
        progress.update(len(good))
    result.notes = notes
    return result


class _Everyone:
    """The command line's importer without a named user: an administrator (core.access)."""

    is_authenticated = True
    is_superuser = True
