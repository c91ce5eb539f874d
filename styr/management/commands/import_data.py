from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from core.tables import ImportFileError
from costs.imports import import_file
from services.imports import import_services


class Command(BaseCommand):
    help = ("Import services, cost lines or usage volumes from an .xlsx or .csv file (styr import services FILE), "
            "or an ArchiMate exchange file (styr import archimate FILE.xml).")

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["services", "costs", "usage", "archimate"])
        parser.add_argument("file")
        parser.add_argument("--skip-invalid", action="store_true",
                            help="Store the good rows and write the rejected ones to --rejected.")
        parser.add_argument("--rejected", help="Where to write rejected rows (default: FILE.rejected.csv).")
        parser.add_argument("--user", help="Username the history records the import under.")

    def handle(self, *args, what, file, skip_invalid, rejected, user, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        history_user = get_user_model().objects.filter(username=user).first() if user else None
        if user and history_user is None:
            raise CommandError(f"No user called {user}.")
        if what == "archimate":
            return self.archimate(path, history_user)
        rejected = rejected or str(path.with_suffix(".rejected.csv"))
        with tqdm(desc="import", unit="row", disable=options["verbosity"] == 0) as progress:
            try:
                if what == "services":
                    result = import_services(path.name, path.read_bytes(), skip_invalid=skip_invalid,
                                             rejected_path=rejected, user=history_user, progress=progress)
                else:
                    if skip_invalid:
                        raise CommandError("--skip-invalid is for services; cost and usage files go in whole.")
                    result = import_file(what, path.name, path.read_bytes(), user=history_user, progress=progress)
            except ImportFileError as error:
                raise CommandError(str(error)) from error
        for note in result.notes:
            self.stderr.write(note)
        for error in result.errors[:200]:
            self.stderr.write(str(error))
        if len(result.errors) > 200:
            self.stderr.write(f"… and {len(result.errors) - 200} more errors")
        if not result.stored:
            raise CommandError(
                f"{result.rejected} row(s) are invalid; nothing was stored. "
                "Fix them, or use --skip-invalid to store the good rows."
            )
        self.stdout.write(
            f"created {result.created}, updated {result.updated}, unchanged {result.unchanged}, "
            f"rejected {result.rejected}" + (f" (written to {rejected})" if result.rejected else "")
        )

    def archimate(self, path, user):
        """All or nothing: a refused file stores nothing and names the element of each problem."""
        from architecture.archimate_import import ArchimateImportError, import_file

        try:
            report = import_file(path.read_bytes(), user=user)
        except ArchimateImportError as error:
            for line in error.errors:
                self.stderr.write(line)
            raise CommandError(f"{path.name}: refused; nothing was stored.") from error
        for line in report.lines():
            self.stdout.write(line)
