from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from architecture.imports import COLUMNS, import_processes
from core.tables import ImportFileError


class Command(BaseCommand):
    help = ("Import the region's process map from an .xlsx or .csv file (columns: "
            f"{', '.join(COLUMNS)}; 'parent code' is accepted for parent). Rows are matched on code; a parent may "
            "come later in the file. All or nothing: nothing is stored if any row is wrong.")

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            result = import_processes(path.name, path.read_bytes())
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        for note in result.notes:
            self.stderr.write(note)
        for error in result.errors[:200]:
            self.stderr.write(str(error))
        if not result.stored:
            raise CommandError(f"{result.rejected} row(s) are invalid; nothing was stored.")
        self.stdout.write(f"created {result.created}, updated {result.updated}, unchanged {result.unchanged}")
