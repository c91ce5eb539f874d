import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from costs import exports, queries
from organisations.models import Organisation
from services.exports import write_csv, write_xlsx
from services.filters import service_filter
from services.queries import services_with_owner


class Command(BaseCommand):
    help = ("Export services (styr export services -o FILE [--filter 'phase=in_production']), a year's cost "
            "allocation (styr export allocation --year 2026 --format csv -o FILE) or the architecture as an "
            "ArchiMate exchange file (styr export archimate -o FILE.xml).")

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["services", "allocation", "archimate"])
        parser.add_argument("--year", type=int, help="allocation: the year (its latest run)")
        parser.add_argument("--organisation", help="allocation: only this organisation's bill (code)")
        parser.add_argument("--budget", action="store_true", help="allocation: the budget run, not the outcome")
        parser.add_argument("--decimal-comma", action="store_true", help="CSV: write 1234,50 rather than 1234.50")
        parser.add_argument("-o", "--output", required=True, help="File to write; '-' writes CSV to stdout.")
        parser.add_argument("--format", choices=["csv", "xlsx"], help="Default: from the file's suffix.")
        parser.add_argument("--filter", default="", help="The service list's query string, e.g. owner=HSN")

    def handle(self, *args, what, output, format, filter, **options):
        if what == "archimate":
            return self.archimate(output)
        fmt = format or ("csv" if output == "-" else Path(output).suffix.lstrip(".").lower())
        if fmt not in ("csv", "xlsx"):
            raise CommandError("Give --format csv or xlsx, or an output file ending in .csv or .xlsx.")
        if what == "allocation":
            return self.allocation(output, fmt, **options)
        filterset = service_filter()(QueryDict(filter), queryset=services_with_owner())
        if not filterset.is_valid():
            raise CommandError(f"Bad filter: {filterset.errors.as_text()}")
        if output == "-":
            write_csv(filterset.qs, sys.stdout)
        elif fmt == "csv":
            with open(output, "w", newline="", encoding="utf-8") as stream:
                write_csv(filterset.qs, stream)
        else:
            with open(output, "wb") as stream:
                write_xlsx(filterset.qs, stream)

    def allocation(self, output, fmt, *, year, organisation, budget, decimal_comma, **options):
        if year is None:
            raise CommandError("Give --year.")
        run = queries.latest_run(year, "budget" if budget else "outcome")
        if run is None:
            raise CommandError(f"No allocation run for {year}; run `styr allocate --year {year}` first.")
        org = None
        if organisation:
            org = Organisation.objects.filter(code=organisation).first()
            if org is None:
                raise CommandError(f"No organisation has the code {organisation}.")
        lines = queries.bill_lines(run, org)
        if output == "-":
            exports.write_csv(run, lines, sys.stdout, decimal_comma=decimal_comma)
        elif fmt == "csv":
            with open(output, "w", newline="", encoding="utf-8") as stream:
                exports.write_csv(run, lines, stream, decimal_comma=decimal_comma)
        else:
            with open(output, "wb") as stream:
                exports.write_xlsx(run, lines, stream)

    def archimate(self, output):
        """The whole register (the command runs as the administrator), streamed to the file."""
        from architecture import archimate_export

        if output == "-":
            archimate_export.write(sys.stdout.buffer)
            return
        with open(output, "wb") as stream:
            archimate_export.write(stream)
