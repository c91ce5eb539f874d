"""Export of a (filtered) service list as .xlsx or .csv, in the import's columns so it can go back in."""

from core import exports

from .imports import COLUMNS

EXTRA_COLUMNS = ["owner_name", "domain_name"]


def _rows(queryset):
    queryset = queryset.prefetch_related("categories").order_by("name", "pk")
    for service in queryset.iterator(chunk_size=2000):
        yield [
            service.external_id or "", service.name, service.short_name, service.version, service.description, service.kind,
            service.domain.code, service.phase, service.criticality, service.delivery_model, service.supplier,
            service.sourcing_review_date.isoformat() if service.sourcing_review_date else "",
            service.owner_code or "", "",
            ";".join(c.code for c in service.categories.all()),
            service.owner_name or "", service.domain.name,
        ]


def write_csv(queryset, stream):
    exports.write_csv(stream, COLUMNS + EXTRA_COLUMNS, _rows(queryset))


def write_xlsx(queryset, stream):
    exports.write_xlsx(stream, "services", COLUMNS + EXTRA_COLUMNS, _rows(queryset))
