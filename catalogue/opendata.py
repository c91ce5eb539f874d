"""The catalogue's open data: the published services (catalogue.queries) as JSON and CSV, the JSON's shape as a
JSON Schema, and a DCAT-AP-SE description of the dataset (JSON-LD and RDF/XML) for the national data portal to
harvest. Always in Swedish, whatever language the visitor chose: a dataset has one stable content."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core import exports
from services.models import Service

from . import queries

COLUMNS = ["id", "name", "short_name", "description", "audience", "audience_label", "phase", "phase_label",
           "owner", "owner_code", "accessibility_statement_url", "page", "license"]

AUDIENCES = dict(Service.Audience.choices)
PHASES = dict(Service.Phase.choices)


def _record(row, base):
    return {
        "id": row["pk"], "name": row["name"], "short_name": row["short_name"], "description": row["description"],
        "audience": row["audience"] or None, "audience_label": str(AUDIENCES[row["audience"]]) if row["audience"]
        else None, "phase": row["phase"], "phase_label": str(PHASES[row["phase"]]),
        "owner": row["owner_name"], "owner_code": row["owner_code"],
        "accessibility_statement_url": row["accessibility_statement_url"] or None,
        "page": base + reverse("catalogue:service", args=[row["pk"]]),
    }


def as_json(base):
    """The dataset as one JSON document: what it is, its licence, and the services (see SCHEMA)."""
    with translation.override("sv"):
        services = [_record(row, base) for row in queries.all_with_owner()]
        return {
            "title": _("Digital services of %(publisher)s") % {"publisher": publisher()},
            "publisher": publisher(),
            "license": settings.CATALOGUE_LICENSE_URL,
            "license_name": settings.CATALOGUE_LICENSE_NAME,
            "modified": queries.modified().isoformat(timespec="seconds"),
            "count": len(services),
            "services": services,
        }


def write_csv(stream, base):
    """The dataset as CSV through the one export writer (core.exports), a licence column on every row."""
    with translation.override("sv"):
        records = (_record(row, base) for row in queries.all_with_owner())
        rows = ([*[record[column] for column in COLUMNS[:-1]], settings.CATALOGUE_LICENSE_URL] for record in records)
        exports.write_csv(stream, COLUMNS, rows)


def publisher():
    return queries.publisher_name(settings.CATALOGUE_PUBLISHER)


_text = {"type": "string"}
_optional_text = {"type": ["string", "null"]}
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Styr public catalogue of digital services",
    "type": "object",
    "required": ["title", "publisher", "license", "license_name", "modified", "count", "services"],
    "additionalProperties": False,
    "properties": {
        "title": _text, "publisher": _text, "license": {"type": "string", "format": "uri"},
        "license_name": _text, "modified": {"type": "string", "format": "date-time"},
        "count": {"type": "integer", "minimum": 0},
        "services": {"type": "array", "items": {
            "type": "object",
            "required": COLUMNS[:-1],
            "additionalProperties": False,
            "properties": {
                "id": {"type": "integer"}, "name": _text, "short_name": _text, "description": _text,
                "audience": {"enum": [*AUDIENCES, None]}, "audience_label": _optional_text,
                "phase": {"enum": [p for p in PHASES if p not in queries.ENDED_PHASES]}, "phase_label": _text,
                "owner": _optional_text, "owner_code": _optional_text,
                "accessibility_statement_url": {"type": ["string", "null"], "format": "uri"},
                "page": {"type": "string", "format": "uri"},
            },
        }},
    },
}
