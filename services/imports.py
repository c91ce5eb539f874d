"""Import of services from .xlsx or .csv: every row is validated by the API's serializer first, and
nothing is stored if any row is bad (unless the caller asks to skip the bad ones)."""

import datetime

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from rest_framework.exceptions import ValidationError

from core import exports
from core.bulk import analyze, insert_with_history
from core.tables import ImportFileError, ImportResult, RowError, errors_of, read_table
from core.versioning import StaleVersion

from . import actions
from .api import ServiceSerializer
from .models import Ownership, Service
from .queries import ownership_on

COLUMNS = [
    "external_id", "name", "short_name", "version", "description", "kind", "domain", "phase", "criticality",
    "delivery_model", "supplier", "sourcing_review_date", "owner", "owner_from", "categories",
    "audience", "public", "accessibility_statement_url",
]
REQUIRED = {"external_id", "name", "kind", "domain"}
CHOICE_COLUMNS = {
    "kind": Service.Kind, "phase": Service.Phase, "criticality": Service.Criticality,
    "delivery_model": Service.DeliveryModel, "audience": Service.Audience,
}
SERVICE_FIELDS = set(actions.SERVICE_FIELDS)
TEXT_FIELDS = ("short_name", "version", "description", "delivery_model", "supplier", "audience",
               "accessibility_statement_url")
# "public" as people write it in a sheet; anything else goes to the serializer, which names the row and column.
YES_NO = {"ja": "true", "nej": "false", "yes": "true", "no": "false"}


def _label_maps():
    maps = {}
    for column, choices in CHOICE_COLUMNS.items():
        mapping = {}
        for value, label in choices.choices:
            for language in ("sv", "en"):
                with translation.override(language):
                    mapping[str(label).casefold()] = value
            mapping[value.casefold()] = value
        maps[column] = mapping
    return maps


def _to_data(row, label_maps):
    data = {}
    for column, value in row.items():
        if column in CHOICE_COLUMNS:
            value = label_maps[column].get(value.casefold(), value) if value else ""
        if column == "categories":
            data[column] = [c.strip() for c in value.replace(",", ";").split(";") if c.strip()]
        elif value == "" and column in ("sourcing_review_date", "owner", "owner_from"):
            continue
        elif value == "" and column in ("phase", "criticality", "public"):
            continue  # not stated: the default (a new service for residents is public)
        elif column == "public":
            data[column] = YES_NO.get(value.casefold(), value)
        else:
            data[column] = value
    return data


def _changes(instance, data):
    changes = {}
    for name, value in data.items():
        if name in SERVICE_FIELDS and getattr(instance, name) != value:
            changes[name] = value
    if "categories" in data:
        wanted = {c.pk for c in data["categories"]}
        if wanted != {c.pk for c in instance.categories.all()}:
            changes["categories"] = data["categories"]
    return changes


# External ids are looked up this many at a time: one `IN` list of a whole file's ids exceeds what the
# database takes in one statement (SQLite: "too many SQL variables" at a few hundred thousand; PostgreSQL's
# protocol: 65,535 parameters), and the categories' prefetch repeats the list of the services found.
LOOKUP_CHUNK = 5000


def _existing(external_ids):
    """({external id: service with its categories}, {external id: code of its owner today}), in chunks."""
    existing, owners = {}, {}
    for start in range(0, len(external_ids), LOOKUP_CHUNK):
        chunk = external_ids[start:start + LOOKUP_CHUNK]
        existing.update(Service.objects.prefetch_related("categories").in_bulk(chunk, field_name="external_id"))
        owners.update(ownership_on().filter(service__external_id__in=chunk)
                      .values_list("service__external_id", "organisation__code"))
    return existing, owners


def validate(rows, progress=None):
    """Validate every row; return the good rows as (number, instance or None, data) and the errors."""
    label_maps = _label_maps()
    external_ids = list(dict.fromkeys(r.get("external_id") for _, r in rows if r.get("external_id")))
    existing, owners = _existing(external_ids)
    checker = ServiceSerializer(context={"lookup_cache": {}, "external_ids_checked": True, "request": None})
    seen = {}
    good, errors = [], []
    for number, row in rows:
        if progress is not None:
            progress.update(1)
        data = _to_data(row, label_maps)
        external_id = data.get("external_id", "")
        if not external_id:
            errors.append(RowError(number, "external_id", "Every row needs an external id to match it on."))
            continue
        if external_id in seen:
            errors.append(RowError(number, "external_id",
                                   f"The same external id is on row {seen[external_id]} already."))
            continue
        seen[external_id] = number
        instance = existing.get(external_id)
        if instance is not None and "owner" in data and data["owner"] == owners.get(external_id):
            data.pop("owner")  # the same owner as now: nothing to transfer
            data.pop("owner_from", None)
        checker.instance = instance
        checker.initial_data = data
        try:
            validated = checker.run_validation(data)
        except ValidationError as error:
            errors.extend(errors_of(number, error.detail))
            continue
        good.append((number, instance, validated))
    return good, errors


@transaction.atomic
def store(good, user=None, progress=None):
    """Create the new services in bulk and update the changed ones; unchanged rows are left alone."""
    result = ImportResult()
    new = [data for _, instance, data in good if instance is None]
    service_rows = []
    for data in new:
        row = {name: "" for name in TEXT_FIELDS}
        row.update(kind=data["kind"], phase=Service.Phase.PLANNED, criticality=Service.Criticality.MEDIUM,
                   sourcing_review_date=None, row_version=1,
                   public=Service.default_public(data.get("audience")))  # not stated: as the audience says
        for name, value in data.items():
            if name in SERVICE_FIELDS:
                row[Service._meta.get_field(name).attname] = value.pk if name == "domain" else value
        service_rows.append(row)
    ids = insert_with_history(Service, service_rows, key="external_id", user=user, reason="import")
    if progress is not None:
        progress.update(len(service_rows))
    today = datetime.date.today()
    insert_with_history(
        Ownership,
        [{"service_id": ids[data["external_id"]], "organisation_id": data["owner"].pk,
          "valid_from": data.get("owner_from") or today, "valid_to": None, "mandate": "",
          "basis": Ownership.Basis.REGISTRATION, "decision_id": None}
         for data in new if data.get("owner")],
        key="service_id", user=user, reason="import",
    )
    through = Service.categories.through
    through.objects.bulk_create(
        [through(service_id=ids[data["external_id"]], category_id=category.pk)
         for data in new for category in data.get("categories", [])],
        batch_size=5000,
    )
    result.created = len(service_rows)
    if len(service_rows) > 1000:
        analyze(Service, Ownership, Service.categories.through)
    for _, instance, data in good:
        if instance is None:
            continue
        changes = _changes(instance, data)
        if changes:
            instance._history_user = user
            actions.update_service(service=instance, **changes)
            result.updated += 1
        else:
            result.unchanged += 1
        if progress is not None:
            progress.update(1)
    result.stored = True
    return result


def write_rejected(path, header, rows, errors):
    by_row = {}
    for error in errors:
        by_row.setdefault(error.row, []).append(str(error))
    with open(path, "w", newline="", encoding="utf-8") as out:  # the writer adds the byte-order mark
        exports.write_csv(out, ["row", *header, "errors"], (
            [number, *[row.get(h, "") for h in header], " | ".join(by_row[number])]
            for number, row in rows if number in by_row))


def import_services(name, data, *, skip_invalid=False, rejected_path=None, user=None, progress=None):
    notes = []
    header, rows = read_table(name, data, COLUMNS, REQUIRED, notes=notes)
    if progress is not None:
        progress.reset(total=len(rows) * 2)
    good, errors = validate(rows, progress=progress)
    if errors and not skip_invalid:
        return ImportResult(errors=errors, rejected=len({e.row for e in errors}), notes=notes)
    try:
        result = store(good, user=user, progress=progress)
    except StaleVersion as error:
        # The file was compared with the register as it was read; a service changed since is not overwritten.
        raise ImportFileError(gettext("%(error)s Nothing was stored; run the import again to compare the file "
                                      "with the register as it is now.") % {"error": error.messages[0]}) from error
    result.notes = notes
    result.errors = errors
    result.rejected = len({e.row for e in errors})
    if errors and rejected_path:
        write_rejected(rejected_path, header, rows, errors)
    return result
