"""Export of a (filtered) service list as .xlsx or .csv, in the import's columns so it can go back in."""

import csv

from openpyxl import Workbook

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
    """UTF-8 with BOM and semicolons, as Excel with Swedish settings expects."""
    stream.write("\ufeff")
    writer = csv.writer(stream, delimiter=";")
    writer.writerow(COLUMNS + EXTRA_COLUMNS)
    writer.writerows(_rows(queryset))


def write_xlsx(queryset, stream):
    book = Workbook(write_only=True)
    sheet = book.create_sheet("services")
    sheet.append(COLUMNS + EXTRA_COLUMNS)
    for row in _rows(queryset):
        sheet.append(row)
    book.save(stream)
