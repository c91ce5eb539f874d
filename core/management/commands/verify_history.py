import json
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from core import audit


class Command(BaseCommand):
    help = ("Recompute the history's hash chain and name the first record or link that does not match "
            "(exit 1). With --digest, also prove that a signed digest kept earlier is genuine and that the "
            "chain still holds its head at its link; with --archive, that an archive file is the one its "
            "tombstone names.")

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--digest", action="append", default=[], metavar="FILE",
                            help="a digest written by `styr history-digest` (may be given more than once)")
        parser.add_argument("--archive", action="append", default=[], metavar="FILE",
                            help="an archive written by `styr archive-history` (may be given more than once)")

    def handle(self, *args, **options):
        documents = []
        for path in options["digest"]:
            try:
                with open(path, encoding="utf-8") as stream:
                    documents.append((path, json.load(stream)))
            except (OSError, ValueError) as error:
                raise CommandError(f"--digest {path}: {error}") from error
        report = audit.verify()
        problems = [report.problem] if report.problem else []
        for path, document in documents:
            try:
                problem = audit.check_digest(document)
            except ImproperlyConfigured as error:
                raise CommandError(str(error)) from error
            if problem:
                problems.append(f"digest {path}: {problem}")
        for path in options["archive"]:
            problem = audit.check_archive(path)
            if problem:
                problems.append(f"archive {path}: {problem}")
        if options["json"]:
            self.stdout.write(json.dumps({
                "ok": not problems, "sealed": report.sealed, "link": report.link, "head": report.head,
                "unsealed": report.unsealed, "tombstones": report.tombstones,
                "digests": len(documents), "archives": len(options["archive"]),
                "problem": "; ".join(problems) or None}))
        elif not problems:
            self.stdout.write(f"the history chain holds: {report.sealed} records sealed, head {report.head}; "
                              f"{report.unsealed} written since the last seal; {report.tombstones} archive "
                              f"tombstones; {len(documents)} kept digests and {len(options['archive'])} archives "
                              f"match")
        else:
            self.stderr.write("the history chain is broken: " + "; ".join(problems))
        if problems:
            sys.exit(1)
