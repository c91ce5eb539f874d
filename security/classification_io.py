"""Information types in and out as .xlsx or .csv ("Excel columns per information type"): one row per information
type with its service's external id and name. The export writes what the import reads, so a file can be edited
and loaded back. The import checks every row with the API's serializer and stores all rows or none."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from core import access, exports
from core.tables import ImportFileError, ImportResult, RowError, errors_of, read_table
from core.versioning import StaleVersion
from services.models import Service
from services.queries import ownership_on

from . import actions
from .api import InformationTypeSerializer
from .models import InformationType, PersonalData

COLUMNS = [
    "service_external_id", "service_name", "name", "description", "owner", "personal_data",
    "personal_identity_numbers", "public_record", "confidentiality", "integrity", "availability", "classified_on",
]
REQUIRED = {"service_external_id", "name", "confidentiality", "integrity", "availability"}
FIELDS = [c for c in COLUMNS if c not in ("service_external_id", "service_name")]
YES = {"1", "ja", "yes", "true", "sant", "x"}
NO = {"0", "nej", "no", "false", "falskt", ""}


def _rows(information):
    information = information.select_related("service").order_by("service__name", "service_id", "name", "pk")
    for info in information.iterator(chunk_size=2000):
        yield [
            info.service.external_id or "", info.service.name, info.name, info.description, info.owner,
            info.personal_data, int(info.personal_identity_numbers), int(info.public_record),
            info.confidentiality, info.integrity, info.availability, info.classified_on,
        ]


def write_csv(information, stream):
    exports.write_csv(stream, COLUMNS, _rows(information))


def write_xlsx(information, stream):
    exports.write_xlsx(stream, "information", COLUMNS, _rows(information))


def _personal_data_map():
    mapping = {}
    for value, label in PersonalData.choices:
        for language in ("sv", "en"):
            with translation.override(language):
                mapping[str(label).casefold()] = value
        mapping[value] = value
    return mapping


def _to_data(row, personal_data):
    data = {}
    for column in FIELDS:
        if column not in row:
            continue
        value = row[column]
        if column == "personal_data":
            value = personal_data.get(value.casefold(), value) if value else PersonalData.NONE
        elif column in ("personal_identity_numbers", "public_record"):
            folded = value.casefold()
            value = True if folded in YES else False if folded in NO else value
        elif column == "classified_on" and value == "":
            continue
        data[column] = value
    return data


def _editable_service_ids(user, services):
    organisations = access.editable_organisation_ids(user)
    if organisations is None:
        return {s.pk for s in services}
    return set(ownership_on(datetime.date.today()).filter(
        service__in=services, organisation_id__in=organisations).values_list("service_id", flat=True))


def validate(rows, user):
    external_ids = {row.get("service_external_id", "") for _, row in rows} - {""}
    services = Service.objects.in_bulk(list(external_ids), field_name="external_id")
    editable = _editable_service_ids(user, list(services.values()))
    existing = {(info.service_id, info.name): info for info in InformationType.objects.filter(
        service__in=list(services.values()))}
    personal_data = _personal_data_map()
    seen, good, errors = {}, [], []
    for number, row in rows:
        external_id = row.get("service_external_id", "")
        service = services.get(external_id)
        if service is None:
            errors.append(RowError(number, "service_external_id", _("There is no service with the external id "
                                                                    "%(id)s.") % {"id": external_id}))
            continue
        if service.pk not in editable:
            errors.append(RowError(number, "service_external_id", _(
                "Only editors of the owning organisation and administrators may classify the information of "
                "%(name)s.") % {"name": service.name}))
            continue
        key = (service.pk, row.get("name", ""))
        if key in seen:
            errors.append(RowError(number, "name", _("The same information type of this service is on row "
                                                     "%(row)s already.") % {"row": seen[key]}))
            continue
        seen[key] = number
        instance = existing.get(key)
        checker = InformationTypeSerializer(instance=instance, context={
            "without_service": True, "names_checked": True, "service": service})
        data = _to_data(row, personal_data)
        try:
            validated = checker.run_validation(data)
        except ValidationError as error:
            errors.extend(errors_of(number, error.detail))
            continue
        good.append((number, service, instance, validated))
    return good, errors


@transaction.atomic
def store(good, user):
    result = ImportResult()
    for _number, service, instance, data in good:
        if instance is None:
            actions.add_information_type(service=service, user=user, **data)
            result.created += 1
            continue
        changes = {name: value for name, value in data.items() if getattr(instance, name) != value}
        if changes:
            actions.update_information_type(information=instance, user=user, **changes)
            result.updated += 1
        else:
            result.unchanged += 1
    result.stored = True
    return result


def import_information(name, data, *, user):
    """Add or update information types from a file, matched on (service's external id, name). The service's
    classification is recomputed with each change (security.actions)."""
    notes = []
    _header, rows = read_table(name, data, COLUMNS, REQUIRED, notes=notes)
    good, errors = validate(rows, user)
    if errors:
        return ImportResult(errors=errors, rejected=len({e.row for e in errors}), notes=notes)
    try:
        result = store(good, user)
    except (StaleVersion, IntegrityError) as error:
        raise ImportFileError(_("%(error)s Nothing was stored; run the import again.") % {
            "error": getattr(error, "messages", [str(error)])[0]}) from error
    result.notes = notes
    return result
