from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.tables import ImportFileError
from indicators.imports import COLUMNS, import_figures


class Command(BaseCommand):
    help = ("Import entered outcomes, targets and forecasts of indicators from an .xlsx or .csv file "
            f"(columns: {', '.join(COLUMNS)}). All or nothing: nothing is stored if any row is wrong.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", help="Import as this user: only the indicators they may edit, and the "
                                           "forecasts recorded as theirs. Without it, as an administrator.")

    def handle(self, *args, file, user, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        importer = get_user_model().objects.filter(username=user).first() if user else None
        if user and importer is None:
            raise CommandError(f"No user called {user}.")
        try:
            result = import_figures(path.name, path.read_bytes(), user=importer)
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        for note in result.notes:
            self.stderr.write(note)
        for error in result.errors[:200]:
            self.stderr.write(str(error))
        if not result.stored:
            raise CommandError(f"{result.rejected} row(s) are invalid; nothing was stored.")
        self.stdout.write(f"created {result.created}, updated {result.updated}, unchanged {result.unchanged}")
