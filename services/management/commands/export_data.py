import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from services.exports import write_csv, write_xlsx
from services.filters import ServiceFilter
from services.queries import services_with_owner


class Command(BaseCommand):
    help = "Export services as .xlsx or .csv (styr export services -o FILE [--filter 'phase=in_production'])."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["services"])
        parser.add_argument("-o", "--output", required=True, help="File to write; '-' writes CSV to stdout.")
        parser.add_argument("--format", choices=["csv", "xlsx"], help="Default: from the file's suffix.")
        parser.add_argument("--filter", default="", help="The service list's query string, e.g. owner=HSN")

    def handle(self, *args, what, output, format, filter, **options):
        fmt = format or ("csv" if output == "-" else Path(output).suffix.lstrip(".").lower())
        if fmt not in ("csv", "xlsx"):
            raise CommandError("Give --format csv or xlsx, or an output file ending in .csv or .xlsx.")
        filterset = ServiceFilter(QueryDict(filter), queryset=services_with_owner())
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
