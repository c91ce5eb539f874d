from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.tables import ImportFileError
from security.catalogue import KINDS, import_catalogue


class Command(BaseCommand):
    help = ("Load a requirement catalogue from an .xlsx or .csv file (styr load-requirements FILE): protection "
            "requirements (columns code, text, dimension, from_level, source) or continuity requirements (columns "
            "availability, max_recovery_time_hours, max_recovery_point_hours, exercise_every_days). All or nothing; "
            "an existing code or level is updated.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--kind", choices=sorted(KINDS), help="Default: told by the file's header.")

    def handle(self, *args, file, kind, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            result = import_catalogue(path.name, path.read_bytes(), kind=kind)
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        for note in result.notes:
            self.stderr.write(note)
        for error in result.errors[:200]:
            self.stderr.write(str(error))
        if not result.stored:
            raise CommandError(f"{result.rejected} row(s) are invalid; nothing was stored.")
        self.stdout.write(f"created {result.created}, updated {result.updated}, unchanged {result.unchanged}")
