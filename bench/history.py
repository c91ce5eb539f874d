"""Sealing and verifying the history chain, beside reading the same history rows raw.

    .venv/bin/python bench/history.py [--services 100000] [--requests 100] [--smoke]

Imports a synthetic region (each service and its first ownership with their history records; the import
seals them as it commits), then times the import's sealing separately: the chain is dropped and
`audit.seal()` rebuilds it over every history record; then `audit.verify()` over the whole chain, a raw
SELECT of the same history rows (the floor any verification stands on), and p50/p95 of the audit log page
(/granskning/: unfiltered, a deep page, by user, by object type and object, by date range)."""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import register  # noqa: E402 — the benchmark helpers beside this file


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--generate", action="store_true",
                        help="build the region with `styr generate` (three consumers a service: about five history "
                             "records a service) instead of the import, which SQLite limits to ~250,000 rows")
    parser.add_argument("--smoke", action="store_true", help="a few hundred services: proves it still runs")
    args = parser.parse_args()
    if args.smoke:
        args.services, args.requests = 300, 5
    with tempfile.TemporaryDirectory(prefix="styr-bench-history-") as workdir:
        register.setup_django(Path(workdir))
        from django.db import connection

        from core import audit
        from core.models import ChainLink
        from services.imports import import_services

        register.fresh_database()
        start = time.perf_counter()
        if args.generate:
            from django.core.management import call_command

            call_command("generate", services=args.services, verbosity=0)
        else:
            import_services("bench.csv", register.csv_file(args.services, seed=args.services))
        import_seconds = time.perf_counter() - start
        ChainLink.objects.all().delete()
        start = time.perf_counter()
        sealed = audit.seal()
        seal_seconds = time.perf_counter() - start
        start = time.perf_counter()
        report = audit.verify()
        verify_seconds = time.perf_counter() - start
        assert report.ok, report.problem
        start = time.perf_counter()
        with connection.cursor() as cursor:
            for model in audit.history_models():
                cursor.execute(f"SELECT * FROM {model._meta.db_table}")
                cursor.fetchall()
        raw_seconds = time.perf_counter() - start
        print(f"database: {connection.vendor}; {args.services:,} services, {sealed:,} history records")
        print(f"  seal: {seal_seconds:.1f} s ({sealed / seal_seconds:,.0f} records/s); verify: {verify_seconds:.1f} s "
              f"({sealed / verify_seconds:,.0f} records/s); reading the rows raw: {raw_seconds:.2f} s; "
              f"verify takes {verify_seconds / raw_seconds:.0f}x raw")
        print(f"  {'generate' if args.generate else 'import'} (sealing as it commits): {import_seconds:.1f} s")
        audit_page(args.requests)


def audit_page(requests):
    import datetime

    from django.contrib.auth import get_user_model
    from django.test import Client

    from core.models import ChainLink

    admin = get_user_model().objects.create_superuser("bench-auditor", password="x")
    client = Client()
    client.force_login(admin)
    middle = ChainLink.objects.filter(model="services.service").order_by("id")[
        ChainLink.objects.filter(model="services.service").count() // 2]
    today = datetime.date.today().isoformat()
    pages = ChainLink.objects.count() // 50
    for label, query in [("unfiltered", {}), (f"page {pages // 2}", {"page": pages // 2}),
                         ("by user (none)", {"user": "bench-auditor"}),
                         ("by object type", {"model": "services.ownership"}),
                         ("by object", {"model": "services.service", "object": middle.object_id}),
                         ("by date range", {"since": today, "until": today})]:
        def get(query=query):
            response = client.get("/granskning/", query)
            assert response.status_code == 200, response.status_code
        p50, p95 = register.timed(get, requests)
        print(f"  audit log {label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
