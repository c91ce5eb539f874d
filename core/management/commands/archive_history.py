import datetime
import os

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core import audit


class Command(BaseCommand):
    help = ("Retention: write the history older than --before (every table, with the chain's digests) to "
            "--out, then remove it and leave a tombstone in the chain that names the file's SHA-256. "
            "Nothing is removed unless the file was written whole. Keep the file: "
            "`styr verify-history --archive FILE` proves it against the chain.")

    def add_arguments(self, parser):
        parser.add_argument("--before", required=True, help="a date, YYYY-MM-DD: history before it is archived")
        parser.add_argument("--out", help="the archive file to write (required; never overwritten)")

    def handle(self, *args, **options):
        if not options["out"]:
            raise CommandError("--out is required: history is archived to a file before it is removed, never "
                               "just removed")
        try:
            day = datetime.date.fromisoformat(options["before"])
        except ValueError as error:
            raise CommandError(f"--before: {error}") from error
        if day > timezone.localdate():
            raise CommandError("--before: a date in the future would archive today's history")
        if day.year < 1900:
            raise CommandError("--before: no history is older than 1900; nothing to archive")
        out = options["out"]
        try:
            open(out, "x").close()  # claims the name, and fails now if it exists or cannot be written
        except OSError as error:
            raise CommandError(f"--out: {error}") from error
        before = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        try:
            note = audit.archive(before, out)
        except (OSError, ValueError, OverflowError) as error:
            if os.path.exists(out) and os.path.getsize(out) == 0:
                os.unlink(out)
            raise CommandError(str(error)) from error
        self.stdout.write(f"archived {note['records']} history records (links up to {note['up_to_link']}) to {out}, "
                          f"SHA-256 {note['archive_sha256']}; the chain's tombstone names it")
