"""Export of a (filtered) service list as .xlsx or .csv, in the import's columns so it can go back in."""

from core import exports, registry

from .filters import extended
from .imports import COLUMNS

EXTRA_COLUMNS = ["owner_name", "domain_name"]


def _header():
    # Columns other apps add to the list (registry.SERVICE_LIST_EXTENSIONS) come last: the import ignores them.
    return COLUMNS + EXTRA_COLUMNS + [column.key for column in registry.service_list_columns()]


def _rows(queryset):
    queryset = extended(queryset).prefetch_related("categories")
    if not queryset.query.order_by:  # the list's own sort (ordering=…) is kept
        queryset = queryset.order_by("name", "pk")
    columns = registry.service_list_columns()
    for service in queryset.iterator(chunk_size=2000):
        yield [
            service.external_id or "", service.name, service.short_name, service.version, service.description, service.kind,
            service.domain.code, service.phase, service.criticality, service.delivery_model, service.supplier,
            service.sourcing_review_date.isoformat() if service.sourcing_review_date else "",
            service.owner_code or "", "",
            ";".join(c.code for c in service.categories.all()),
            service.audience, service.public, service.accessibility_statement_url,
            service.owner_name or "", service.domain.name,
            *[column.value(service) for column in columns],
        ]


def write_csv(queryset, stream):
    exports.write_csv(stream, _header(), _rows(queryset))


def write_xlsx(queryset, stream):
    exports.write_xlsx(stream, "services", _header(), _rows(queryset))
