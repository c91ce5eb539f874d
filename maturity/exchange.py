"""Exchange of aggregated results with other organisations using the same model (docs/maturity-exchange.md).

The file holds figures only: means and respondent counts per organisation, period, level and code — never an
answer, never a respondent. A unit with fewer than MIN_RESPONDENTS respondents is left out of every figure of
the export, so that no small group's answers can be read back from it.

An import stores another organisation's figures as ExternalResult rows: every row is checked (through the API's
serializer, as an edit would be), each error names its row and column, and nothing is stored when any row is
bad. A set (organisation, period) that is imported again replaces what was stored for it."""

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from core import access
from core.tables import ImportFileError, ImportResult, RowError, errors_of, read_table

from .models import ExternalResult, Result

MIN_RESPONDENTS = 5
COLUMNS = ["model_code", "model_version", "organisation", "period", "level", "code", "mean", "respondents"]
LEVEL_FIELDS = {"point": "point__code", "category": "category__code", "dimension": "dimension__code"}


def _level(row):
    for level, name in LEVEL_FIELDS.items():
        if row[name]:
            return level, row[name]
    return "total", ""


def export_rows(rnd, region_name, min_respondents=MIN_RESPONDENTS):
    """The round's figures pooled for the region as a whole and for each organisation of its units: per level and
    code the respondent-weighted mean of the units' means, and the respondents summed. Units below
    `min_respondents` (at the unit's total) are left out entirely."""
    small = set(Result.objects.filter(round=rnd, point__isnull=True, category__isnull=True, dimension__isnull=True,
                                      respondents__lt=min_respondents).values_list("unit_id", flat=True))
    unanswered = set(rnd.round_units.values_list("unit_id", flat=True)) - set(
        Result.objects.filter(round=rnd).values_list("unit_id", flat=True))
    pooled = defaultdict(lambda: [Decimal(0), 0])
    rows = (Result.objects.filter(round=rnd).exclude(unit_id__in=small | unanswered)
            .values("unit__organisation__name", "point__code", "category__code", "dimension__code", "mean",
                    "respondents"))
    for row in rows.iterator(chunk_size=5000):
        level, code = _level(row)
        for organisation in (region_name, row["unit__organisation__name"]):
            figure = pooled[(organisation, level, code)]
            figure[0] += row["mean"] * row["respondents"]
            figure[1] += row["respondents"]
    order = {"total": 0, "dimension": 1, "category": 2, "point": 3}
    period = str(rnd.period_end.year)
    for (organisation, level, code), (weighted, respondents) in sorted(
            pooled.items(), key=lambda item: (item[0][0] != region_name, item[0][0], order[item[0][1]], item[0][2])):
        if respondents:
            yield [rnd.model.code, rnd.model.version, organisation, period, level, code,
                   (weighted / respondents).quantize(Decimal("0.001")), respondents]


def refuse_unless_administrator(user):
    if not access.may_write(user) or not access.may_administer(user):
        raise PermissionDenied(_("Only administrators may import other organisations' results."))


def import_external(*, user, model, name, data):
    """Import an exchange file for `model` (the version its rows must name). Returns an ImportResult; nothing is
    stored when any row is bad."""
    refuse_unless_administrator(user)
    from .api_results import ExternalRowSerializer  # the API's check of a row, one place

    result = ImportResult()
    try:
        _header, rows = read_table(name, data, COLUMNS, COLUMNS, notes=result.notes)
    except ImportFileError as error:
        result.errors.append(RowError(1, "-", str(error)))
        return result
    valid, seen, context = [], {}, {"model": model}  # one context: the model's codes and scale looked up once
    for number, values in rows:
        serializer = ExternalRowSerializer(data=values, context=context)
        if not serializer.is_valid():
            result.errors.extend(errors_of(number, serializer.errors))
            continue
        data_row = serializer.validated_data
        key = (data_row["organisation"], data_row["period"], data_row["level"], data_row["code"])
        if key in seen:
            result.errors.append(RowError(number, "code", _("The same figure is on row %(row)s too.")
                                          % {"row": seen[key]}))
            continue
        seen[key] = number
        valid.append(data_row)
    if not rows and not result.errors:
        result.errors.append(RowError(2, "-", _("The file holds no rows.")))
    result.rejected = len(result.errors)
    if result.errors:
        return result
    _store(model, valid)
    result.created, result.stored = len(valid), True
    return result


@transaction.atomic
def _store(model, rows):
    for organisation, period in {(row["organisation"], row["period"]) for row in rows}:
        ExternalResult.objects.filter(model__code=model.code, organisation_name=organisation, period=period).delete()
    ExternalResult.objects.bulk_create(
        ExternalResult(model=model, organisation_name=row["organisation"], period=row["period"], level=row["level"],
                       code=row["code"], mean=row["mean"], respondents=row["respondents"]) for row in rows)
