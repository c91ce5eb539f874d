"""Benchmark of the impact analysis (issue 11 point 6), side by side with the raw recursive SQL.

    .venv/bin/python bench/impact.py [--services 100000] [--requests 20] [--smoke]

A synthetic region is made by `styr generate`: services and, through architecture/generate.py, about five
integrations and dependencies per service (500,000 at 100,000 services), three platform services most
services depend on. Then it times, p50/p95 over `--requests` runs:
  * the platform most depended on (the it-workplace): `impact.stops_if` — the walk joined to the services
    with the user's shield — and the full page (GET /arkitektur/paverkan/<pk>/: walk, sort, page, owners,
    boards' totals) and the service page with its impact panel (both directions, the picture), beside the
    same recursive SQL run raw (the walk alone, its rows fetched);
  * a leaf (a service nothing depends on): the same three.
Targets: ≤ 200 ms p95 for a leaf, ≤ 2 s p95 for the platform.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import register  # noqa: E402


def make_region(size):

    return register.generated_region(size)


def starts(reader):
    """The platform with most services depending on it, and a leaf (a generated service nothing depends on) whose
    details the reader may see (a shielded service's impact is refused: 403)."""
    from django.db.models import Count

    from architecture.models import Dependency, Integration
    from core import access
    from services.models import Service

    platform = (Dependency.objects.values("depends_on").annotate(n=Count("id")).order_by("-n").first())
    depended = Dependency.objects.values("depends_on")
    producing = Integration.objects.values("producer")
    carrying = Integration.objects.exclude(platform=None).values("platform")
    leaves = Service.objects.exclude(pk__in=depended).exclude(pk__in=producing).exclude(pk__in=carrying)
    shielded = access.shielded_services(reader)
    if shielded is not None:
        leaves = leaves.exclude(pk__in=shielded)
    leaf = leaves.order_by("-pk").first()
    return Service.objects.get(pk=platform["depends_on"]), leaf


def bench(requests):
    from django.db import connection
    from django.test import Client

    from architecture import impact
    from organisations.models import Organisation
    from organisations.tests.factories import user

    reader = user("bench-reader", editor_of=Organisation.objects.get(code="GEN-000"))
    client = Client()
    client.force_login(reader)
    platform, leaf = starts(reader)
    figures = {}
    raw_sql = impact.walk_sql(impact.STOPS)
    for label, service in (("platform", platform), ("leaf", leaf)):

        def walk(service=service):
            impact.stops_if(service, reader)

        def page(service=service):
            response = client.get(f"/arkitektur/paverkan/{service.pk}/")
            assert response.status_code == 200, response.status_code

        def service_page(service=service):
            response = client.get(service.get_absolute_url())
            assert response.status_code == 200, response.status_code

        def raw(service=service):
            with connection.cursor() as cursor:
                cursor.execute(raw_sql, [service.pk])
                cursor.fetchall()

        reached = impact.stops_if(service, reader, cycles=False).total
        for fn in (walk, page, service_page, raw):
            register.timed(fn, 2)  # warm caches
        measured = {name: register.timed(fn, requests) for name, fn in
                    (("stops_if", walk), ("page", page), ("service page", service_page), ("raw walk", raw))}
        figures[label] = measured
        print(f"  {label} {service.name!r}: {reached:,} services stop")
        for name, (p50, p95) in measured.items():
            print(f"    {name:12} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms")
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--smoke", action="store_true", help="a few hundred services, a few runs: proves it runs")
    args = parser.parse_args()
    if args.smoke:
        args.services, args.requests = 300, 3
    with tempfile.TemporaryDirectory(prefix="styr-bench-impact-") as workdir:
        register.setup_django(Path(workdir))
        from django.db import connection

        from architecture.models import Dependency, Integration

        seconds = make_region(args.services)
        print(f"database: {connection.vendor}; Python {sys.version.split()[0]}; {os.cpu_count()} cores; "
              f"{args.services:,} services with {Integration.objects.count():,} integrations and "
              f"{Dependency.objects.count():,} dependencies generated in {seconds:.1f} s")
        bench(args.requests)


if __name__ == "__main__":
    main()
