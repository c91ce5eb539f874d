"""The internal invoice specification, as finance loads it: .xlsx, or .csv with semicolons, UTF-8 with
a byte-order mark (so Excel opens it right) and, on request, a decimal comma."""

import csv
from decimal import Decimal

from openpyxl import Workbook

HEADER = ["year", "organisation_code", "organisation", "service_id", "service", "cost_type", "funding_model",
          "driver", "volume", "share_percent", "amount_sek"]


def rows(run, lines):
    for line in lines.iterator(chunk_size=5000):
        yield [run.year, line.organisation.code, line.organisation.name, line.service.external_id or line.service_id,
               line.service.name, line.cost_type, line.method, line.driver,
               line.volume.normalize() if line.volume is not None else None,
               (line.share * 100).quantize(Decimal("0.0001")),
               (Decimal(line.amount_ore) / 100).quantize(Decimal("0.01"))]


def _text(value, decimal_comma):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.replace(".", ",") if decimal_comma else text
    return str(value)


def write_csv(run, lines, stream, decimal_comma=False):
    stream.write("\ufeff")
    writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows(run, lines):
        writer.writerow([_text(value, decimal_comma) for value in row])


def write_xlsx(run, lines, stream):
    book = Workbook(write_only=True)
    sheet = book.create_sheet(f"Fördelning {run.year}")
    sheet.append(HEADER)
    for row in rows(run, lines):
        sheet.append(row)
    book.save(stream)
