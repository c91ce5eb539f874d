"""`styr indicators compute [--year Y] [--on DATE] [--recompute-closed --reason TEXT]`: count the register's
indicators and store the year's figures (indicators.compute; docs/decisions/0017)."""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core import registry
from indicators import compute


class Command(BaseCommand):
    help = "The register's indicators: `compute` counts them and stores a year's figures."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        run = commands.add_parser("compute", help="Count every register indicator and store the year's figures.")
        run.add_argument("--year", type=int, help="The year (default: the year of --on, else this year).")
        run.add_argument("--on", help="Count the register as of this day, YYYY-MM-DD (default: today, or 31 "
                                      "December of a past year).")
        run.add_argument("--indicator", action="append", help="Only this indicator code (repeatable).")
        run.add_argument("--recompute-closed", action="store_true",
                         help="Compute a closed year's final figures again (needs --reason).")
        run.add_argument("--reason", default="", help="Why a closed year is computed again; kept in the history.")

    def handle(self, *args, action, year, on, indicator, recompute_closed, reason, **options):
        try:
            day = datetime.date.fromisoformat(on) if on else None
        except ValueError as error:
            raise CommandError(f"--on: {error}") from error
        unknown = set(indicator or []) - set(registry.INDICATORS)
        if unknown:
            raise CommandError(f"Unknown indicator(s): {', '.join(sorted(unknown))}. "
                               f"Known: {', '.join(registry.INDICATORS)}")
        total = len(indicator or registry.INDICATORS)
        done = []
        quiet = options["verbosity"] == 0

        def progress(result):
            done.append(result)
            if not quiet:
                self.stdout.write(f"[{len(done)}/{total}] {self._line(result)}")

        try:
            results = compute.compute(year=year, on=day, codes=set(indicator or []), recompute_closed=recompute_closed,
                                      reason=reason, progress=progress)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for result in results:
            if result.status == compute.CONFLICT:
                self.stderr.write(f"{result.code}: {result.message}")
        counts = {status: sum(r.status == status for r in results) for status in
                  (compute.STORED, compute.KEPT, compute.NO_VALUE, compute.CONFLICT)}
        self.stdout.write(f"{counts[compute.STORED]} figure(s) stored, {counts[compute.KEPT]} final figure(s) kept, "
                          f"{counts[compute.NO_VALUE]} without a value, {counts[compute.CONFLICT]} conflict(s).")
        if counts[compute.KEPT]:
            raise CommandError("A closed year's final figures were not changed; to compute them again, run with "
                               "--recompute-closed --reason \"why\".")

    @staticmethod
    def _line(result):
        if result.status == compute.STORED:
            o = result.outcome
            return f"{result.code}: {o.value} ({o.numerator} of {o.denominator}), query version {o.query_version}"
        return f"{result.code}: {result.message}"
