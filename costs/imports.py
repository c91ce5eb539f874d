"""Import of cost lines and usage volumes from .xlsx or .csv, through the API's serializers: every row
is validated first, each bad row is named with its column, and nothing is stored if any row is bad.
Rows are matched on their natural key, so importing the same file again changes nothing."""

from django.db import transaction
from rest_framework.exceptions import ValidationError

from core.bulk import insert_with_history
from core.tables import ImportResult, RowError, errors_of, read_table

from .api import CostLineSerializer, UsageSerializer
from .models import CostLine, Usage

KINDS = {
    "costs": (CostLineSerializer, ["service", "year", "cost_type", "figure", "amount_sek", "note"],
              {"service", "year", "cost_type", "figure", "amount_sek"}, ("service", "year", "cost_type", "figure")),
    "usage": (UsageSerializer, ["service", "year", "organisation", "driver", "volume"],
              {"service", "year", "organisation", "driver", "volume"}, ("service", "year", "organisation", "driver")),
}


def import_file(kind, name, data, *, user=None, progress=None):
    serializer_class, columns, required, key = KINDS[kind]
    notes = []
    _, rows = read_table(name, data, columns=columns, required=required, notes=notes)
    checker = serializer_class(context={"upsert": True, "lookup_cache": {}})
    good, errors, seen = [], [], {}
    for number, row in rows:
        if "volume" in row:
            row["volume"] = row["volume"].replace(",", ".")
        try:
            validated = checker.run_validation(row)
        except ValidationError as error:
            errors.extend(errors_of(number, error.detail))
            continue
        natural = tuple(getattr(validated[k], "pk", validated[k]) for k in key)
        if natural in seen:
            errors.append(RowError(number, key[-1], f"The same {', '.join(key)} is on row {seen[natural]} already."))
            continue
        seen[natural] = number
        good.append((natural, validated))
        if progress is not None:
            progress.update(1)
    if errors:
        return ImportResult(errors=errors, rejected=len({e.row for e in errors}), notes=notes)
    result = _store(kind, key, good, user)
    result.notes = notes
    return result


@transaction.atomic
def _store(kind, key, good, user=None):
    model = CostLine if kind == "costs" else Usage
    result = ImportResult()
    columns = [f"{k}_id" if k in ("service", "organisation", "driver") else k for k in key]
    years = {natural[key.index("year")] for natural, _ in good}
    existing_rows = {tuple(getattr(row, c) for c in columns): row
                     for row in model.objects.filter(year__in=years).select_for_update()}
    new = []
    for natural, validated in good:
        existing = existing_rows.get(natural)
        values = {k: v for k, v in validated.items() if k not in key}
        if existing is None:
            # Written together below, with their history records: one at a time, a file of a region's usage
            # (hundreds of thousands of rows) took minutes.
            instance = model(**validated)
            new.append({f.attname: getattr(instance, f.attname) for f in model._meta.concrete_fields
                        if not f.primary_key})
            result.created += 1
        elif any(getattr(existing, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(existing, k, v)
            existing.save()
            result.updated += 1
        else:
            result.unchanged += 1
    insert_with_history(model, new, key=tuple(columns), user=user, reason="import")
    result.stored = True
    return result
