import json

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from core import audit


class Command(BaseCommand):
    help = ("Write today's head of the history chain (date, records, link, head digest) as a small JSON "
            "document signed with HMAC-SHA256 under STYR_DIGEST_KEY, for the auditor to keep. "
            "`styr verify-history --digest FILE` later proves the chain still holds it.")

    def add_arguments(self, parser):
        parser.add_argument("--out", help="file to write (default: standard output)")

    def handle(self, *args, **options):
        try:
            document = json.dumps(audit.signed_digest(), indent=1) + "\n"
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        if not options["out"]:
            self.stdout.write(document, ending="")
            return
        try:
            with open(options["out"], "x", encoding="utf-8") as stream:  # never overwrite a kept digest
                stream.write(document)
        except OSError as error:
            raise CommandError(f"--out: {error}") from error
        self.stdout.write(f"wrote the history digest to {options['out']}")
