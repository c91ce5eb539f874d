import datetime
import json
import sys

from django.core.management.base import BaseCommand, CommandError

from core import audit, registry
from organisations.models import Organisation
from rules import actions, queries
from services.queries import services_with_owner


class Command(BaseCommand):
    help = ("Run the region's rules over every service and print the findings. Exits 1 when a finding of "
            "blocking severity exists, so a pipeline can stop on it.")

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Machine-readable output (see the README).")
        parser.add_argument("--rule", action="append", help="Only this rule id (repeatable).")
        parser.add_argument("--owner", help="Only services this organisation (code) owns.")
        parser.add_argument("--date", help="Check as of this date (YYYY-MM-DD); default today.")
        parser.add_argument("--snapshot", action="store_true", help="Also store today's result for the trend.")

    def handle(self, *args, rule, owner, date, snapshot, **options):
        unknown = set(rule or []) - set(registry.RULES)
        if unknown:
            raise CommandError(f"Unknown rule(s): {', '.join(sorted(unknown))}. Known: {', '.join(registry.RULES)}")
        try:
            today = datetime.date.fromisoformat(date) if date else datetime.date.today()
        except ValueError as error:
            raise CommandError(f"--date: {error}") from error
        services = owner_id = None
        if owner:
            services = services_with_owner(today).filter(owner_code=owner).values("pk")
            owner_id = Organisation.objects.filter(code=owner).values_list("pk", flat=True).first() or 0
        selected = [r for r in registry.rules() if not rule or r.id in rule]
        counted, found = queries.counts_and_findings(today, services, rule_ids=set(rule) if rule else None,
                                                     owner=owner_id)
        summary = {r.id: (a, f) for r, a, f in counted}
        if snapshot:
            actions.take_snapshot(today=today)
            audit.seal()  # the daily run also seals the day's history into the chain
        if options["json"]:
            self._json(today, selected, summary, found)
        else:
            self._text(selected, summary, found)
        if any(f["severity"] == registry.BLOCKING for f in found):
            sys.exit(1)

    def _json(self, today, selected, summary, found):
        document = {
            "date": today.isoformat(),
            # The history chain's head, printed with every run so that a rewrite of the whole chain shows.
            "history_chain": audit.state(),  # sealed, link, head, sealed_at
            "rules": [
                {"id": r.id, "text": r.text, "source": r.source, "severity": r.severity,
                 "applicable": summary[r.id][0], "failing": summary[r.id][1], "skipped": r.skipped or None}
                for r in selected
            ],
            "findings": [{k: f[k] for k in ("rule", "severity", "service_id", "external_id", "service", "owner",
                                            "domain", "subject", "subject_id", "label", "link")} for f in found],
        }
        self.stdout.write(json.dumps(document, ensure_ascii=False, indent=1))

    def _text(self, selected, summary, found):
        for r in selected:
            applicable, failing = summary[r.id]
            state = f"skipped: {r.skipped}" if r.skipped else f"{failing} of {applicable} {r.subject}s break it"
            self.stdout.write(f"{r.id} [{r.severity}] {r.text} ({r.source}) — {state}")
        for f in found:
            if f["service_id"] is None:  # a finding about another register's row (an indicator's deviation)
                self.stdout.write(f"  {f['rule']} {f['severity']}: {f['label']} (owner {f['owner'] or 'none'})")
                continue
            self.stdout.write(f"  {f['rule']} {f['severity']}: {f['service']}"
                              f" ({f['external_id'] or '-'}; owner {f['owner'] or 'none'}; domain {f['domain']})")
        blocking = sum(1 for f in found if f["severity"] == registry.BLOCKING)
        self.stdout.write(f"{len(found)} findings, {blocking} blocking.")
