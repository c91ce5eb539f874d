"""The internal invoice specification, as finance loads it: .xlsx, or .csv with semicolons, UTF-8 with
a byte-order mark (so Excel opens it right) and, on request, a decimal comma."""

from decimal import Decimal

from core import exports

HEADER = ["year", "organisation_code", "organisation", "service_id", "service", "cost_type", "funding_model",
          "driver", "volume", "share_percent", "amount_sek"]


def rows(run, lines):
    for line in lines.iterator(chunk_size=5000):
        yield [run.year, line.organisation.code, line.organisation.name, line.service.external_id or line.service_id,
               line.service.name, line.cost_type, line.method, line.driver,
               line.volume.normalize() if line.volume is not None else None,
               (line.share * 100).quantize(Decimal("0.0001")),
               (Decimal(line.amount_ore) / 100).quantize(Decimal("0.01"))]


def write_csv(run, lines, stream, decimal_comma=False):
    exports.write_csv(stream, HEADER, rows(run, lines), decimal_comma=decimal_comma)


def write_xlsx(run, lines, stream):
    exports.write_xlsx(stream, f"Fördelning {run.year}", HEADER, rows(run, lines))
