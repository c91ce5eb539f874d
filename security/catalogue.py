"""Loading the requirement catalogues from a file (.xlsx or .csv): protection requirements (one row per code)
or continuity requirements (one row per availability level). Read with core.tables, checked row by row with the
API's serializers, stored all or nothing through security.actions; an existing code or level is updated."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from rest_framework.exceptions import ValidationError

from core.tables import ImportFileError, ImportResult, RowError, errors_of, read_table

from . import actions
from .api_protection import ContinuityRequirementSerializer, ProtectionRequirementSerializer
from .models import ContinuityRequirement, ProtectionRequirement

KINDS = {
    "protection": (ProtectionRequirementSerializer, ["code", "text", "dimension", "from_level", "source"],
                   {"code", "text", "dimension", "from_level"}, "code", ProtectionRequirement,
                   actions.save_protection_requirement),
    "continuity": (ContinuityRequirementSerializer,
                   ["availability", "max_recovery_time_hours", "max_recovery_point_hours", "exercise_every_days"],
                   {"availability", "max_recovery_time_hours", "max_recovery_point_hours"}, "availability",
                   ContinuityRequirement, actions.save_continuity_requirement),
}


def kind_of(name, data):
    """Which catalogue a file holds, told by its header: a `code` column for protection requirements, an
    `availability` column for continuity requirements."""
    header, _rows = read_table(name, data, columns=[], required=set())
    if "code" in header:
        return "protection"
    if "availability" in header:
        return "continuity"
    raise ImportFileError(f"{name}: the header row names neither code (protection requirements) nor availability "
                          "(continuity requirements).")


def import_catalogue(name, data, kind=None):
    kind = kind or kind_of(name, data)
    serializer_class, columns, required, key, model, save = KINDS[kind]
    notes = []
    _header, rows = read_table(name, data, columns=columns, required=required, notes=notes)
    checker = serializer_class(context={"upsert": True})
    good, errors, seen = [], [], {}
    for number, row in rows:
        row = {column: value for column, value in row.items() if value != "" or column in required}
        if kind == "protection" and "dimension" in row:
            row["dimension"] = row["dimension"].upper()
        try:
            validated = checker.run_validation(row)
        except ValidationError as error:
            errors.extend(errors_of(number, error.detail))
            continue
        natural = validated[key]
        if natural in seen:
            errors.append(RowError(number, key, f"The same {key} is on row {seen[natural]} already."))
            continue
        seen[natural] = number
        good.append((number, validated))
    if errors:
        return ImportResult(errors=errors, rejected=len({e.row for e in errors}), notes=notes)
    try:
        result = _store(model, key, save, good)
    except _RowRefused as refused:
        return ImportResult(errors=refused.errors, rejected=1, notes=notes)
    result.notes = notes
    return result


class _RowRefused(Exception):
    def __init__(self, errors):
        self.errors = errors


@transaction.atomic
def _store(model, key, save, good):
    result = ImportResult()
    existing = {getattr(row, key): row for row in model.objects.select_for_update()}
    for number, validated in good:
        current = existing.get(validated[key])
        if current is not None and all(getattr(current, k) == v for k, v in validated.items()):
            result.unchanged += 1
            continue
        try:
            save(requirement=current, **validated)
        except DjangoValidationError as error:  # a rule only the model knows: nothing of the file is kept
            detail = error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
            raise _RowRefused(errors_of(number, detail)) from error
        if current is None:
            result.created += 1
        else:
            result.updated += 1
    result.stored = True
    return result
