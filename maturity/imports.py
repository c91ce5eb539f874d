"""Imports of maturity models and of a round's answers from .xlsx or .csv (core.tables, docs/decisions/0030).

A model: one row per measurement point, columns MODEL_COLUMNS; the file makes a new version of the model (the
next number of its code). Answers, as the survey tool exports them, in one of two shapes:
- long: one row per answer — unit, respondent, point, answer (and submitted_on, optional);
- wide: one row per respondent — unit, respondent (submitted_on), then one column per point code; an empty cell
  is a point not answered.
An import of answers replaces the answers of the units it names (the survey tool exports per unit or all at
once); other units of the round keep theirs. Every row is checked before anything is stored — an unknown unit or
one not in the round, an answer outside its point's scale, a respondent twice for a point or in two units, a
point the round's model lacks — each error named by row and column, and then nothing is stored. The check is set
based (the round's units, points and respondents read once, rows checked against dictionaries) and the rows are
written with core.bulk, because a round may hold 50,000 answers."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _

from core.tables import ImportFileError, ImportResult, RowError, read_table

from . import actions
from .models import MaturityModel, Response, RoundUnit, Unit

MODEL_COLUMNS = ["dimension", "dimension_name", "category", "category_name", "point", "text", "scale_min",
                 "scale_max", "weight", "order"]
MODEL_REQUIRED = {"dimension", "dimension_name", "category", "category_name", "point", "text"}
LONG_COLUMNS = ["unit", "respondent", "point", "answer", "submitted_on"]
FIXED = {"unit", "respondent", "submitted_on"}
ALIASES = {"unit code": "unit", "unit_code": "unit", "point code": "point", "point_code": "point", "value": "answer"}


class _Every:
    """Keeps every column of the file (a wide file's columns are the model's point codes)."""

    def __contains__(self, name):
        return True


def _clean(text):
    return (text or "").replace("\x00", "").strip()


def _renamed(rows):
    for _number, row in rows:
        for alias, name in ALIASES.items():
            if alias in row and name not in row:
                row[name] = row.pop(alias)
    return rows


# Models ---------------------------------------------------------------------------------------------------------

def _code(row, number, column, errors, limit=40):
    value = _clean(row.get(column))
    if not value:
        errors.append(RowError(number, column, _("Give the %(column)s's code.") % {"column": column}))
    elif len(value) > limit or not all(c.isalnum() or c in "-_" for c in value):
        errors.append(RowError(number, column, _("A code has at most %(n)s letters, digits, - or _.") % {"n": limit}))
    return value


def _number(row, number, column, errors, default, kind=int):
    text = _clean(row.get(column)).replace(",", ".")
    if not text:
        return default
    try:
        value = kind(text) if kind is int else Decimal(text)
    except (ValueError, InvalidOperation):
        errors.append(RowError(number, column, _("%(value)s is not a number.") % {"value": text[:20]}))
        return default
    if value < 0 or value > 10_000 or (kind is not int and not value.is_finite()):
        errors.append(RowError(number, column, _("%(value)s is out of range.") % {"value": text[:20]}))
        return default
    return value


def validate_model(rows):
    errors, points, dimensions, categories = [], {}, {}, {}
    out = []
    for number, row in rows:
        found = []
        values = {name: _code(row, number, name, found) for name in ("dimension", "category", "point")}
        for name, limit in (("dimension_name", 200), ("category_name", 200), ("text", 2000)):
            values[name] = _clean(row.get(name))
            if not values[name]:
                found.append(RowError(number, name, _("This column is required.")))
            elif len(values[name]) > limit:
                found.append(RowError(number, name, _("At most %(n)s characters.") % {"n": limit}))
        values["scale_min"] = _number(row, number, "scale_min", found, 1)
        values["scale_max"] = _number(row, number, "scale_max", found, 5)
        values["weight"] = _number(row, number, "weight", found, Decimal(1), Decimal)
        values["order"] = _number(row, number, "order", found, 0)
        if values["scale_max"] <= values["scale_min"]:
            found.append(RowError(number, "scale_max", _("The highest answer must be above the lowest.")))
        if values["weight"] <= 0 or values["weight"] >= 10_000:
            found.append(RowError(number, "weight", _("A weight must be above zero.")))
        if values["point"] in points:
            found.append(RowError(number, "point", _("The point %(code)s is on row %(row)s already.")
                                  % {"code": values["point"], "row": points[values["point"]]}))
        known_dim = dimensions.get(values["category"])
        if known_dim and known_dim != values["dimension"]:
            found.append(RowError(number, "category", _("The category %(code)s is in the dimension %(dim)s on an "
                                                        "earlier row.") % {"code": values["category"],
                                                                            "dim": known_dim}))
        if found:
            errors.extend(found)
            continue
        points[values["point"]] = number
        dimensions[values["category"]] = values["dimension"]
        categories.setdefault(values["category"], values["category_name"])
        out.append(values)
    if not rows:
        errors.append(RowError(2, "-", _("The file has no measurement points.")))
    return out, errors


def import_model(name, data, *, user, code, model_name, description="", source=""):
    """A new version of the model `code` from a file; returns (ImportResult, the model or None)."""
    actions.refuse_unless_administrator(user)
    notes = []
    _header, rows = read_table(name, data, [*MODEL_COLUMNS], MODEL_REQUIRED, notes=notes)
    values, errors = validate_model(rows)
    if errors:
        return ImportResult(errors=errors, rejected=len({e.row for e in errors}), notes=notes), None
    try:
        model = actions.create_model_version(user=user, code=code, name=model_name, rows=values,
                                             description=description, source=source)
    except (ValidationError, IntegrityError) as error:
        raise ImportFileError(_("%(error)s Nothing was stored.") % {
            "error": " ".join(getattr(error, "messages", [str(error)]))}) from error
    return ImportResult(created=len(values), stored=True, notes=notes), model


def latest_model(code):
    return MaturityModel.objects.filter(code=code).order_by("-version").first()


# Answers --------------------------------------------------------------------------------------------------------

def _long(rows):
    """(row number, unit, respondent, submitted, [(column, point code, answer text)]) per answer row."""
    for number, row in rows:
        yield number, row, [("point", _clean(row.get("point")), _clean(row.get("answer")))]


def _wide(rows, point_columns):
    for number, row in rows:
        yield number, row, [(column, column, _clean(row.get(column))) for column in point_columns
                            if _clean(row.get(column))]


def validate_answers(rnd, header, rows):
    """(responses for actions.replace_answers, unit ids, errors)."""
    units = dict(RoundUnit.objects.filter(round=rnd).values_list("unit__code", "unit_id"))
    all_units = set(Unit.objects.values_list("code", flat=True))
    points = actions.round_points(rnd)
    errors = []
    long = "point" in header and "answer" in header
    if long:
        shaped = _long(rows)
    else:
        point_columns = [h for h in header if h and h not in FIXED]
        for column in point_columns:
            if column not in points:
                errors.append(RowError(1, column, _("The round's model has no point %(code)s.") % {"code": column}))
        if not point_columns:
            raise ImportFileError(_("The header names neither point and answer (one row per answer) nor any point "
                                    "code (one row per respondent)."))
        shaped = _wide(rows, [c for c in point_columns if c in points])
    responses, owner, answered = {}, {}, {}
    for number, row, cells in shaped:
        code, respondent = _clean(row.get("unit")), _clean(row.get("respondent"))
        unit_id = units.get(code)
        found = []
        if not code:
            found.append(RowError(number, "unit", _("Give the unit's code.")))
        elif unit_id is None:
            found.append(RowError(number, "unit", (
                _("The unit %(code)s is not assessed in the round.") if code in all_units
                else _("No unit has the code %(code)s.")) % {"code": code[:60]}))
        if not respondent:
            found.append(RowError(number, "respondent", _("Give the respondent's key.")))
        elif len(respondent) > 100:
            found.append(RowError(number, "respondent", _("A respondent's key has at most 100 characters.")))
        elif unit_id is not None and owner.setdefault(respondent, (unit_id, code, number))[0] != unit_id:
            found.append(RowError(number, "respondent", _("The respondent %(who)s answers for %(unit)s on row "
                                                          "%(row)s.") % {"who": respondent[:40],
                                                                        "unit": owner[respondent][1],
                                                                        "row": owner[respondent][2]}))
        submitted = None
        if _clean(row.get("submitted_on")):
            try:
                submitted = datetime.date.fromisoformat(_clean(row.get("submitted_on"))[:10])
            except ValueError:
                found.append(RowError(number, "submitted_on", _("A date is written 2026-03-15.")))
        stored = []
        for column, point_code, text in cells:
            point = points.get(point_code)
            if point is None:
                found.append(RowError(number, column, _("The round's model has no point %(code)s.")
                                      % {"code": point_code[:40] or "–"}))
                continue
            value = int(text) if text.isascii() and text.isdigit() and len(text) < 6 else None
            message = actions.answer_error(point, value)
            if message:
                found.append(RowError(number, "answer" if long else column, message))
                continue
            key = (respondent, point_code)
            if key in answered:
                found.append(RowError(number, column, _("The respondent %(who)s answered %(point)s on row %(row)s "
                                                        "already.") % {"who": respondent[:40], "point": point_code,
                                                                      "row": answered[key]}))
                continue
            answered[key] = number
            stored.append((point["id"], value))
        if found:
            errors.extend(found)
            continue
        entry = responses.setdefault(respondent, [unit_id, respondent, submitted, []])
        entry[2] = entry[2] or submitted
        entry[3].extend(stored)
    unit_ids = {entry[0] for entry in responses.values()}
    # A respondent already in the round for a unit the file does not replace is a duplicate too.
    if responses:
        elsewhere = Response.objects.filter(round=rnd, respondent__in=list(responses)[:50_000]).exclude(
            unit__in=unit_ids).values_list("respondent", "unit__code")
        for respondent, code in elsewhere:
            errors.append(RowError(owner[respondent][2], "respondent", _(
                "The respondent %(who)s answered for %(unit)s already, which this file does not replace.")
                % {"who": respondent[:40], "unit": code}))
    return [tuple(entry) for entry in responses.values()], unit_ids, sorted(errors, key=lambda e: (e.row, e.column))


def import_answers(name, data, *, user, round):  # noqa: A002
    """A round's answers from the survey tool's export (administrators; an open round)."""
    actions.refuse_unless_administrator(user)
    actions._refuse_closed(round)
    notes = []
    header, rows = read_table(name, data, _Every(), {"respondent"}, notes=notes)
    header = [ALIASES.get(h, h) for h in header]
    if "unit" not in header:
        raise ImportFileError(_("%(name)s: the header row lacks the column unit.") % {"name": name})
    responses, unit_ids, errors = validate_answers(round, header, _renamed(rows))
    if errors:
        return ImportResult(errors=errors, rejected=len({e.row for e in errors}), notes=notes)
    actions.replace_answers(user=user, round=round, unit_ids=unit_ids, responses=responses)
    return ImportResult(created=sum(len(r[3]) for r in responses), stored=True, notes=notes)
