import sys

from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = ("Replace the database and the uploaded files with those of a backup made by `styr backup`, "
            "then verify the history chain (exit 1 if it does not hold). Stop the server first.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="Do not ask for confirmation.")

    def handle(self, *args, **options):
        try:
            manifest = backup.read_manifest(options["file"])
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        if options["interactive"]:
            try:
                answer = input(f"This replaces everything in the database and the uploaded files with the backup "
                               f"of {manifest['created']}. Type 'yes' to go on: ")
            except EOFError:
                raise CommandError("restore needs an answer and there is no terminal to ask: give --noinput to "
                                   "restore without asking; nothing changed") from None
            if answer.strip().lower() != "yes":
                raise CommandError("restore cancelled; nothing changed")
        try:
            manifest, report = backup.restore(options["file"])
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"restored the backup of {manifest['created']}")
        if not report.ok:
            self.stderr.write(f"the history chain of the restored data is broken: {report.problem}")
            sys.exit(1)
        problem = backup.missing_head(manifest)
        if problem:
            self.stderr.write(f"the restored history chain does not hold the head the backup was taken with: {problem}")
            sys.exit(1)
        self.stdout.write(f"the history chain holds: {report.sealed} records sealed, head {report.head}")
