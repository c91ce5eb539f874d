import json
import sys

from django.core.management.base import BaseCommand

from core import audit


class Command(BaseCommand):
    help = ("Recompute the history's hash chain and name the first record or link that does not match "
            "(exit 1). Compare the printed head with the one you kept.")

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        report = audit.verify()
        if options["json"]:
            self.stdout.write(json.dumps({"ok": report.ok, "sealed": report.sealed, "head": report.head,
                                          "unsealed": report.unsealed, "problem": report.problem or None}))
        elif report.ok:
            self.stdout.write(f"the history chain holds: {report.sealed} records sealed, head {report.head}; "
                              f"{report.unsealed} written since the last seal")
        else:
            self.stderr.write(f"the history chain is broken: {report.problem}")
        if not report.ok:
            sys.exit(1)
