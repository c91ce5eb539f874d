"""`styr impact SERVICE [--json] [--needs]`: what stops if the service stops (or what it needs), as a table
or as JSON. SERVICE is an external id, a primary key or an exact name. Run by whoever runs the server, it
sees every service (architecture/impact.py)."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from services.models import Service

from ... import impact


def find_service(text):
    query = Q(external_id=text) | Q(name=text)
    if text.isdigit():
        query |= Q(pk=int(text))
    found = list(Service.objects.filter(query)[:3])
    if not found:
        raise CommandError(f"No service has the external id, id or name {text!r}.")
    exact = [s for s in found if s.external_id == text] or [s for s in found if str(s.pk) == text] or found
    if len(exact) > 1:
        raise CommandError(f"More than one service is named {text!r}; give its external id or id.")
    return exact[0]


class Command(BaseCommand):
    help = "What stops if SERVICE stops (or, with --needs, what it needs): depth, service, criticality, owner, boards."

    def add_arguments(self, parser):
        parser.add_argument("service", help="External id, id or exact name of the service.")
        parser.add_argument("--json", action="store_true", help="Write JSON instead of a table.")
        parser.add_argument("--needs", action="store_true", help="What the service needs instead.")

    def handle(self, *args, service, needs, **options):
        start = find_service(service)
        result = impact.needs(start, None) if needs else impact.stops_if(start, None)
        rows = impact.sorted_rows(result.rows, "depth")
        if options["json"]:
            self.stdout.write(json.dumps(_as_json(start, result, rows), ensure_ascii=False, indent=2))
            return
        title = "needs" if needs else "stops if it stops"
        self.stdout.write(f"{start.name} ({start.external_id or start.pk}): {result.total} services — {title}")
        if result.cycle:
            self.stdout.write("In a cycle with: " + ", ".join(row.name for row in result.cycle))
        self.stdout.write(f"{'depth':>5}  {'service':<40}  {'criticality':<11}  {'owner':<30}  boards")
        for start_at in range(0, len(rows), 5000):
            chunk = rows[start_at:start_at + 5000]
            found = impact.details(chunk)
            for row in chunk:
                info = found[row.id]
                boards = ", ".join(f"{name} ({volume:g} {unit})" for name, volume, unit, _code in info["boards"])
                self.stdout.write(f"{row.depth:>5}  {row.name[:40]:<40}  {row.criticality:<11}  "
                                  f"{(info['owner'] or '–')[:30]:<30}  {boards}")


def _as_json(start, result, rows):
    services = []
    for start_at in range(0, len(rows), 5000):
        chunk = rows[start_at:start_at + 5000]
        found = impact.details(chunk)
        services += [{"id": row.id, "name": row.name, "external_id": found[row.id]["external_id"],
                      "depth": row.depth, "criticality": row.criticality, "owner": found[row.id]["owner"],
                      "boards": [{"organisation": name, "volume": float(volume), "unit": unit}
                                 for name, volume, _label, unit in found[row.id]["boards"]]}
                     for row in chunk]
    return {"service": {"id": start.pk, "name": start.name, "external_id": start.external_id},
            "direction": result.direction, "total": result.total,
            "per_depth": {str(d): n for d, n in result.per_depth()},
            "cycle": [row.id for row in result.cycle], "services": services}
