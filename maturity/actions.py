"""Write use-cases of maturity models, units, rounds and answers (issue 12 points 5, 6 and 9; docs/decisions/0030).

Who may: a model, a round and its units in the round are the region's — administrators; a unit is its
organisation's — its editors and administrators; answers of a round are imported or entered by administrators
(the governance office runs the survey). A closed round takes no answers. Each action is atomic.

The aggregation (`aggregate`) is defined in docs/decisions/0030 and computes, per unit:
- a respondent's score at a level is the weighted mean of that respondent's answers on the level's points,
  Σ(weight·answer) / Σ(weight) over the points answered (a point: the answer itself; a category: its points;
  a dimension: every point of its categories, each by its own weight — not the mean of category means; the
  total: every point of the model);
- mean = the mean of the respondents' scores at that level; spread = their population standard deviation
  (√(mean of squares − square of mean), n in the denominator); respondents = how many answered at least one
  of the level's points; response rate = respondents / invited × 100 (empty when invited is not known).
Figures are summed in Python from one scan of the answers and rounded half up to three decimals (response
rate two), so SQLite and PostgreSQL store the same."""

import math

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access, versioning
from core.bulk import analyze, insert_rows

from .models import Answer, Category, Dimension, MaturityModel, MeasurementPoint, Response, Result, Round, RoundUnit, Unit


def refuse_unless_administrator(user, message=None):
    if user is not None and not access.may_administer(user):
        raise PermissionDenied(message or _("Maturity models and rounds are the region's: only administrators "
                                            "change them."))


def refuse_unless_unit_editor(user, unit):
    if user is not None and (not access.may_write(user) or not access.may_edit(user, unit)):
        raise PermissionDenied(_("Only editors of the unit's organisation and administrators may change it."))


def _versioned(obj, expected_version):
    if expected_version is not None:
        versioning.check(obj, expected_version)
        obj.row_version = int(expected_version)


# Models ---------------------------------------------------------------------------------------------------------

def next_version(code):
    latest = MaturityModel.objects.filter(code=code).order_by("-version").values_list("version", flat=True).first()
    return (latest or 0) + 1


@transaction.atomic
def create_model_version(*, user, code, name, rows, description="", source=""):
    """A new version of model `code` (version 1 when the code is new) from rows of dicts: dimension, dimension
    name, category, category name, point, text, scale min, scale max, weight, order (imports.MODEL_COLUMNS)."""
    refuse_unless_administrator(user)
    model = MaturityModel(code=code, version=next_version(code), name=name, description=description, source=source)
    model.full_clean()
    model.save()
    dimensions, categories, points = {}, {}, []
    for order, row in enumerate(rows):
        dim = dimensions.get(row["dimension"])
        if dim is None:
            dim = Dimension.objects.create(model=model, code=row["dimension"], name=row["dimension_name"],
                                           order=len(dimensions) + 1)
            dimensions[dim.code] = dim
        cat = categories.get(row["category"])
        if cat is None:
            cat = Category.objects.create(model=model, dimension=dim, code=row["category"],
                                          name=row["category_name"], order=len(categories) + 1)
            categories[cat.code] = cat
        elif cat.dimension_id != dim.pk:
            raise ValidationError({"category": _("The category %(code)s is in two dimensions.") % {"code": cat.code}})
        points.append(MeasurementPoint(model=model, category=cat, code=row["point"], text=row["text"],
                                       scale_min=row["scale_min"], scale_max=row["scale_max"],
                                       weight=row["weight"], order=row.get("order") or order + 1))
    for point in points:
        point.full_clean(exclude=["model", "category"])
    MeasurementPoint.objects.bulk_create(points)
    return model


def model_rows(model):
    """A model version as rows for create_model_version and the export (the import's columns)."""
    points = MeasurementPoint.objects.filter(model=model).select_related("category__dimension").order_by(
        "category__dimension__order", "category__order", "order", "code")
    return [{"dimension": p.category.dimension.code, "dimension_name": p.category.dimension.name,
             "category": p.category.code, "category_name": p.category.name, "point": p.code, "text": p.text,
             "scale_min": p.scale_min, "scale_max": p.scale_max, "weight": p.weight, "order": p.order}
            for p in points]


@transaction.atomic
def copy_model(*, user, model, name=None):
    """The next version of `model`, a copy of the given one, to be changed point by point (admin)."""
    return create_model_version(user=user, code=model.code, name=name or model.name, rows=model_rows(model),
                                description=model.description, source=model.source)


# Units and rounds -----------------------------------------------------------------------------------------------

@transaction.atomic
def save_unit(*, user, unit, expected_version=None):
    refuse_unless_unit_editor(user, unit)
    if unit.pk:
        stored = Unit.objects.get(pk=unit.pk)
        refuse_unless_unit_editor(user, stored)  # moving a unit needs the right in both organisations
        _versioned(unit, expected_version)
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def create_round(*, user, model, name, period_start, period_end, units=(), plan_within_days=90):
    """A round on one model version; `units` is [(unit, invited or None)]."""
    refuse_unless_administrator(user)
    made = Round(model=model, name=name, period_start=period_start, period_end=period_end,
                 plan_within_days=plan_within_days)
    made.full_clean()
    made.save()
    set_round_units(user=user, round=made, units=units)
    return made


def _refuse_closed(rnd):
    if rnd.status == Round.Status.CLOSED:
        raise ValidationError(_("The round %(round)s is closed: it takes no answers or units.") % {"round": rnd},
                              code="round_closed")


@transaction.atomic
def update_round(*, user, round, expected_version=None, **changes):  # noqa: A002
    """Change a round's name, period or plan time; its model version stays (answers belong to its points)."""
    refuse_unless_administrator(user)
    unknown = set(changes) - {"name", "period_start", "period_end", "plan_within_days"}
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    _versioned(round, expected_version)
    for name, value in changes.items():
        setattr(round, name, value)
    round.full_clean()
    round.save()
    return round


@transaction.atomic
def set_round_units(*, user, round, units):  # noqa: A002 — the domain's word
    """Add units to the round or change their invited counts: [(unit, invited)]. A unit with answers stays."""
    refuse_unless_administrator(user)
    _refuse_closed(round)
    existing = {ru.unit_id: ru for ru in round.round_units.all()}
    for unit, invited in units:
        if invited is not None and invited < 0:
            raise ValidationError({"invited": _("The number invited cannot be negative.")})
        row = existing.get(unit.pk)
        if row is None:
            existing[unit.pk] = RoundUnit.objects.create(round=round, unit=unit, invited=invited)
        elif row.invited != invited:
            row.invited = invited
            row.save()
    return round


@transaction.atomic
def remove_round_unit(*, user, round_unit):
    refuse_unless_administrator(user)
    _refuse_closed(round_unit.round)
    if Response.objects.filter(round=round_unit.round_id, unit=round_unit.unit_id).exists():
        raise ValidationError(_("%(unit)s has answers in the round; it stays.") % {"unit": round_unit.unit},
                              code="unit_has_answers")
    round_unit.delete()


@transaction.atomic
def close_round(*, user, round, expected_version=None):  # noqa: A002
    refuse_unless_administrator(user)
    _versioned(round, expected_version)
    round.status = Round.Status.CLOSED
    round.save()  # compares and raises the version, writes the history
    aggregate(round=round)
    return round


@transaction.atomic
def reopen_round(*, user, round, expected_version=None):  # noqa: A002
    refuse_unless_administrator(user)
    _versioned(round, expected_version)
    round.status = Round.Status.OPEN
    round.save()  # compares and raises the version, writes the history
    return round


# Answers --------------------------------------------------------------------------------------------------------

def answer_error(point, value):
    """Why `value` is no answer to `point` (None when it is one): the rule the import and the form share."""
    if value is None or not isinstance(value, int) or isinstance(value, bool):
        return _("Give a whole number from %(min)s to %(max)s.") % {"min": point["scale_min"], "max": point["scale_max"]}
    if not point["scale_min"] <= value <= point["scale_max"]:
        return _("%(value)s is outside the point's scale, %(min)s–%(max)s.") % {
            "value": value, "min": point["scale_min"], "max": point["scale_max"]}
    return None


def round_points(rnd):
    """{code: {"id", "scale_min", "scale_max"}} of the round's model."""
    return {code: {"id": pk, "scale_min": low, "scale_max": high} for pk, code, low, high in
            MeasurementPoint.objects.filter(model=rnd.model_id).values_list("pk", "code", "scale_min", "scale_max")}


@transaction.atomic
def record_response(*, user, round, unit, respondent, answers, submitted_on=None):  # noqa: A002
    """One respondent's answers for a unit ({point code: value}), entered in the form. A respondent already in
    the round for the same unit is replaced (a correction); for another unit it is refused."""
    refuse_unless_administrator(user)
    _refuse_closed(round)
    if not RoundUnit.objects.filter(round=round, unit=unit).exists():
        raise ValidationError({"unit": _("%(unit)s is not assessed in the round.") % {"unit": unit}})
    respondent = (respondent or "").strip()
    if not respondent:
        raise ValidationError({"respondent": _("Give the respondent's key from the survey tool.")})
    points = round_points(round)
    errors = {}
    for code, value in answers.items():
        if code not in points:
            errors[code] = _("The round's model has no point %(code)s.") % {"code": code}
        elif value is not None and (message := answer_error(points[code], value)):
            errors[code] = message
    if not any(v is not None for v in answers.values()):
        errors.setdefault("__all__", _("Answer at least one point."))
    other = Response.objects.filter(round=round, respondent=respondent).exclude(unit=unit).first()
    if other is not None:
        errors["respondent"] = _("The respondent %(who)s answered for %(unit)s already.") % {
            "who": respondent, "unit": other.unit}
    if errors:
        raise ValidationError(errors)
    Response.objects.filter(round=round, unit=unit, respondent=respondent).delete()
    made = Response.objects.create(round=round, unit=unit, respondent=respondent, submitted_on=submitted_on)
    Answer.objects.bulk_create(Answer(response=made, point_id=points[code]["id"], value=value)
                               for code, value in answers.items() if value is not None)
    aggregate(round=round)
    return made


@transaction.atomic
def replace_answers(*, user, round, unit_ids, responses):  # noqa: A002
    """Store a validated import: the answers of the units in `unit_ids` are replaced by `responses`,
    [(unit id, respondent, submitted_on, [(point id, value)])]; other units' answers stay. Then aggregate."""
    refuse_unless_administrator(user)
    _refuse_closed(round)
    old = Response.objects.filter(round=round, unit__in=unit_ids)
    Answer.objects.filter(response__in=old.values("pk")).delete()
    old.delete()
    insert_rows(Response, ["round_id", "unit_id", "respondent", "submitted_on"],
                [(round.pk, unit, respondent, submitted) for unit, respondent, submitted, _a in responses])
    ids = dict(Response.objects.filter(round=round, unit__in=unit_ids).values_list("respondent", "pk"))
    insert_rows(Answer, ["response_id", "point_id", "value"],
                [(ids[respondent], point, value) for _u, respondent, _s, answers in responses
                 for point, value in answers], prepared=True)
    analyze(Response, Answer)
    return aggregate(round=round)


# Aggregation ----------------------------------------------------------------------------------------------------

def _answers_sql(round_id):
    """The round's answers, one row (unit, response, point, value) each: the only scan of the answers the
    aggregation makes. Summing per level is done in Python in one pass over these rows, because four GROUP BY
    statements over the same join took three to five times as long (docs/decisions/0030, the benchmark)."""
    t = {m: connection.ops.quote_name(m._meta.db_table) for m in (Answer, Response)}
    return (f"SELECT r.unit_id, a.response_id, a.point_id, a.value FROM {t[Answer]} a "
            f"JOIN {t[Response]} r ON a.response_id = r.id WHERE r.round_id = {int(round_id)}")


def _sums(rows, points):
    """{(level, unit, key): [respondents, Σ score, Σ score²]} from the answer rows. `points` is {point id:
    (weight in hundredths as an int, category id, dimension id)}: a respondent's weighted sums are whole numbers,
    so the score Σ(w·a)/Σw is one exact division however many points it spans (the same on both databases)."""
    levels = {pk: (weight, ("category", category), ("dimension", dimension), ("total", None))
              for pk, (weight, category, dimension) in points.items()}
    sums = {}
    respondents = {}  # response -> (unit, {(level, key): [Σ w·a, Σ w]})
    for unit, response, point, value in rows:
        figure = sums.get(("point", unit, point))
        if figure is None:
            sums[("point", unit, point)] = [1, value, value * value]
        else:
            figure[0] += 1
            figure[1] += value
            figure[2] += value * value
        weight, *keys = levels[point]
        mine = respondents.get(response)
        if mine is None:
            mine = respondents[response] = (unit, {})
        weighted = weight * value
        for key in keys:
            acc = mine[1].get(key)
            if acc is None:
                mine[1][key] = [weighted, weight]
            else:
                acc[0] += weighted
                acc[1] += weight
    for unit, levels_of in respondents.values():
        for (level, key), (weighted, weight) in levels_of.items():
            score = weighted / weight
            figure = sums.get((level, unit, key))
            if figure is None:
                sums[(level, unit, key)] = [1, score, score * score]
            else:
                figure[0] += 1
                figure[1] += score
                figure[2] += score * score
    return sums


def _half_up(value, places):
    """`value` rounded half up as decimal text. The nudge of 10⁻⁹ keeps a figure that is exactly half way, e.g.
    3.2125 read back from binary floating point as 3.21249999…, rounding up on both databases."""
    return f"{value + 1e-9:.{places}f}"


def _figures(n, total, squares):
    mean = float(total) / n
    spread = math.sqrt(max(float(squares) / n - mean * mean, 0.0))
    return _half_up(mean, 3), _half_up(spread, 3)


@transaction.atomic
def aggregate(*, round, user=None):  # noqa: A002
    """Compute the round's results (see the module's text) and replace the stored ones whole."""
    refuse_unless_administrator(user)
    invited = dict(RoundUnit.objects.filter(round=round).values_list("unit_id", "invited"))
    points = {pk: (int(weight * 100), category, dimension) for pk, weight, category, dimension in
              MeasurementPoint.objects.filter(model=round.model_id).values_list(
                  "pk", "weight", "category_id", "category__dimension_id")}
    with connection.cursor() as cursor:
        cursor.execute(_answers_sql(round.pk))
        sums = _sums(cursor.fetchall(), points)
    rows = []
    round_id = round.pk
    figures, rates = {}, {}  # few distinct sums repeat over thousands of units: format each once
    for (level, unit_id, key), (n, total, squares) in sums.items():
        mean, spread = figures.get((n, total, squares)) or figures.setdefault((n, total, squares),
                                                                             _figures(n, total, squares))
        asked = invited.get(unit_id)
        rate = (rates.get((n, asked)) or rates.setdefault((n, asked), _half_up(min(100 * n / asked, 9999), 2))
                ) if asked else None
        rows.append((round_id, unit_id, key if level == "point" else None, key if level == "category" else None,
                     key if level == "dimension" else None, mean, spread, n, rate))
    with connection.cursor() as cursor:  # one statement: the ORM's delete would ask first whether to cascade
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(Result._meta.db_table)} "
                       f"WHERE round_id = {int(round.pk)}")
    insert_rows(Result, ["round_id", "unit_id", "point_id", "category_id", "dimension_id", "mean", "spread",
                         "respondents", "response_rate"], rows, prepared=True)  # ints, decimal text, None
    analyze(Result)  # fresh statistics, or PostgreSQL plans the round's page over a table it thinks is empty
    round.aggregated_at = timezone.now()
    Round.objects.filter(pk=round.pk).update(aggregated_at=round.aggregated_at)
    return len(rows)
