from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = ("Write a consistent copy of the database and the uploaded files to FILE while the server runs "
            "(SQLite's online backup or pg_dump). `styr restore FILE` brings it back.")

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        try:
            manifest = backup.create(options["file"])
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        chain = manifest["history_chain"]
        self.stdout.write(f"backup written to {options['file']} ({manifest['engine']}, {manifest['created']}); "
                          f"history chain {chain['sealed']} records, head {chain['head']}")
