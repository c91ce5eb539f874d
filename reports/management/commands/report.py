"""`styr report bokslut --year 2026 [--organisation CODE] -o FILE.pdf|FILE.xlsx [--format pdf|xlsx]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports import bokslut, files


class Command(BaseCommand):
    help = "Make a report: the yearly digitalisation and innovation bokslut (002 §11) as PDF or XLSX."

    def add_arguments(self, parser):
        parser.add_argument("report", choices=["bokslut"])
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--organisation", help="An organisation's code: the bokslut of that board.")
        parser.add_argument("-o", "--output", required=True, help="The file to write (.pdf or .xlsx).")
        parser.add_argument("--format", choices=sorted(files.CONTENT_TYPES),
                            help="pdf or xlsx; without it, taken from the file's ending.")

    def handle(self, *args, report, year, organisation, output, format, **options):
        path = Path(output)
        fmt = format or path.suffix.lower().lstrip(".")
        if fmt not in files.CONTENT_TYPES:
            raise CommandError("Ange --format pdf eller xlsx, eller ett filnamn som slutar på .pdf eller .xlsx.")
        try:
            owner = bokslut.organisation_by_code(organisation) if organisation else None
            content = files.make(year, owner, fmt)
        except bokslut.ReportError as error:
            raise CommandError(str(error)) from error
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Kan inte skriva {path}: {error.strerror}") from error
        self.stdout.write(f"{path} ({len(content):,} byte)".replace(",", " "))
