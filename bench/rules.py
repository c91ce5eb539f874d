"""Benchmark of the rules engine: every rule over N generated services, beside the same SQL run raw.

    .venv/bin/python bench/rules.py [--services 100000]

A synthetic region is imported (as in bench/register.py), then given what the rules look at: a
service manager for two services in three, passed tests for most production services, security
checks of varied age, components (some past their support end) and a few local services with
exemptions. Then it times:
  * Styr: `rules.counts()` (applicable and failing per rule) plus `rules.findings()` (every failing
    service with owner and domain) — what `styr check --json` does;
  * raw: the SQL those querysets compile to, executed with the driver and fetched;
  * the stored evaluation (docs/decisions/0034): one full refresh (every rule run and its findings and counts
    stored), then the pages and API that read it — in process, and served by gunicorn (2 workers) to 1 and 4
    clients — asserting that no page ran the rules again.
"""

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import register  # noqa: E402
from _table import emit  # noqa: E402

# The pages issue 13 gives a target (p95 with 4 clients at 100,000 services, served by gunicorn).
TARGET_MS = {"rules page": 300, "findings, first page": 300, "findings, text search": 300, "overview": 300}


def populate(rng):
    from django.db import connection

    from core.bulk import analyze
    from lifecycle.models import Component, TestRecord
    from organisations.models import Organisation
    from services.models import RoleAssignment, Service

    today = datetime.date.today()
    services = list(Service.objects.values_list("pk", "phase", "kind"))
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(service_id=pk, role="service_manager", person_name=f"Förvaltningsledare {pk}")
         for pk, _, _ in services if pk % 3], batch_size=5000)
    tests = []
    for pk, phase, _ in services:
        if phase == "in_production" and pk % 10:
            tests.append(TestRecord(service_id=pk, type="functional", version="1.0", performed_on=today,
                                    result="passed"))
            tests.append(TestRecord(service_id=pk, type="security", version="1.0", result="passed",
                                    performed_on=today - datetime.timedelta(days=rng.randrange(1, 900))))
    TestRecord.objects.bulk_create(tests, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE services_service SET version = '1.0'")
    through = Component.services.through
    for n, (product, cycle) in enumerate([("mssqlserver", "12.0-sp3"), ("mssqlserver", "16.0"),
                                          ("windows-server", "2016"), ("windows-server", "2022"),
                                          ("rhel", "9"), ("postgresql", "16")]):
        component = Component.objects.create(name=product, product=product, version=cycle)
        through.objects.bulk_create([through(component_id=component.pk, service_id=pk)
                                     for pk, _, _ in services if pk % 6 == n], batch_size=5000)
    region = Organisation.objects.get(code="GEN")
    from decisions.models import Decision
    from governance.models import Exemption

    decision = Decision.objects.create(body=region, decided_on=today, registry_number="RS 2026-0001", title="U")
    Exemption.objects.bulk_create(
        [Exemption(service_id=pk, requesting_organisation=region, unique_need="n", why_not_common="w",
                   status="approved", deciding_board=region, decision=decision,
                   expires_on=today + datetime.timedelta(days=rng.randrange(-400, 400)))
         for pk, _, kind in services if kind == "local" and pk % 2], batch_size=5000)
    analyze(Service, TestRecord, RoleAssignment, through, Exemption)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--requests", type=int, default=40, help="requests per page and client count")
    parser.add_argument("--smoke", action="store_true", help="a few hundred services, once: proves it still runs")
    args = parser.parse_args()
    if args.smoke:
        args.services, args.repeat, args.requests = 300, 1, 2
    # gunicorn below must sign and check sessions with the key this process signs them with.
    os.environ.setdefault("STYR_SECRET_KEY", "bench-" + "x" * 50)
    with tempfile.TemporaryDirectory(prefix="styr-bench-rules-") as workdir:
        register.setup_django(Path(workdir))
        from django.db import connection

        from core import registry
        from rules import queries

        register.imported_region(args.services)
        populate(random.Random(3))
        print(f"database: {connection.vendor}; {args.services:,} services; {len(registry.RULES)} rules")

        def styr():
            counted = queries.counts()
            return counted, queries.findings()

        from django.core.exceptions import EmptyResultSet

        statements = []
        for rule in registry.rules():
            for queryset in (rule.applicable(datetime.date.today()), rule.failing(datetime.date.today())):
                try:
                    statements.append(queryset.values_list("pk").query.sql_with_params())
                except EmptyResultSet:  # a skipped rule: Django answers it without asking the database
                    pass

        def raw():
            with connection.cursor() as cursor:
                for sql, params in statements:
                    cursor.execute(sql, params)
                    cursor.fetchall()

        styr_runs, raw_runs = [], []
        for _ in range(args.repeat):
            start = time.perf_counter()
            counted, found = styr()
            styr_runs.append(time.perf_counter() - start)
            start = time.perf_counter()
            raw()
            raw_runs.append(time.perf_counter() - start)
        best_styr, best_raw = min(styr_runs), min(raw_runs)
        for rule, applicable, failing in counted:
            print(f"  {rule.id:24} {failing:7,} of {applicable:7,}" + ("  (skipped)" if rule.skipped else ""))
        print(f"  all rules, counts and {len(found):,} findings: {best_styr:.2f} s (best of {args.repeat}); "
              f"the same rule queries raw: {best_raw:.2f} s; Styr takes {best_styr / best_raw:.1f}x raw")
        stored(args, len(found))


PAGES = [
    ("rules page", "/styrning/regler/"),
    ("findings, first page", "/styrning/avvikelser/"),
    ("findings, page 50", "/styrning/avvikelser/?page=50"),
    ("findings of one owner", "/styrning/avvikelser/?owner=GEN-001"),
    ("findings, text search", "/styrning/avvikelser/?q=Analys"),  # the start of the name (ADR 0036)
    ("organisation scorecard", "/styrning/styrkort/organisation/GEN-001/"),
    ("overview", "/"),
    ("API findings, page 100", "/api/findings/?page={api_page}"),
]


def stored(args, live_findings):
    """The stored evaluation: one refresh, then the pages that read it (in process and served)."""
    from django.test import Client

    from organisations.tests.factories import user
    from rules import actions_evaluation
    from rules.models import Evaluation

    # The reader is made before the refresh: a user made after it is a newer link of the history chain, which makes
    # the stored evaluation stale, and the first page would then (rightly) run the rules again.
    client = Client()
    client.force_login(user("bench-reader", admin=True))
    runs = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        evaluation = actions_evaluation.refresh(trigger="command")
        runs.append(time.perf_counter() - start)
    assert evaluation.findings == live_findings, (evaluation.findings, live_findings)
    print(f"  stored evaluation, full refresh ({evaluation.findings:,} findings stored): {min(runs):.2f} s "
          f"(best of {args.repeat})")
    api_page = max(1, min(100, evaluation.findings // 50))  # a smoke run has fewer than 100 pages
    pages = [(label, url.format(api_page=api_page)) for label, url in PAGES]
    for label, url in pages:
        def get(url=url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        p50, p95 = register.timed(get, max(args.requests, 1))
        print(f"    {label:28} in process p50 {p50:6.1f} ms, p95 {p95:6.1f} ms")
    assert Evaluation.objects.get().pk == evaluation.pk, "a page ran the rules instead of reading stored rows"
    served(args, pages, client.cookies["sessionid"].value)
    assert Evaluation.objects.get().pk == evaluation.pk, "a served page ran the rules instead of reading them"


def served(args, pages, session):
    """The same pages from gunicorn (2 workers) to 1 and 4 clients at once."""
    import concurrent.futures
    import socket
    import subprocess
    import urllib.request

    from django.db import connections

    connections.close_all()  # SQLite: let the workers have the file
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen([str(gunicorn), "--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level",
                               "warning", "styr.wsgi:application"], cwd=str(register.ROOT), env=os.environ.copy())
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/logga-in/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)

        def fetch(url):
            request = urllib.request.Request(base + url, headers={"Cookie": f"sessionid={session}"})
            start = time.perf_counter()
            with urllib.request.urlopen(request, timeout=60) as answer:
                assert answer.status == 200 and answer.geturl() == base + url, (url, answer.geturl())
                answer.read()
            return (time.perf_counter() - start) * 1000

        load = os.getloadavg()[0]
        for label, url in pages:
            figures = []
            for clients in (1, 4):
                with concurrent.futures.ThreadPoolExecutor(clients) as pool:
                    samples = list(pool.map(fetch, [url] * (max(args.requests, 1) * clients)))
                p50, p95 = register.percentile(samples, 50), register.percentile(samples, 95)
                figures.append(f"{clients} client{'s' if clients > 1 else ''} p50 {p50:6.1f} / p95 {p95:6.1f} ms")
                # The targets are for a country's size, with 4 clients.
                target = TARGET_MS.get(label) if clients == 4 and args.services >= 100_000 else None
                emit("rules", f"{label}, gunicorn, {clients} client{'s' if clients > 1 else ''}: p50 / p95",
                     f"{p50:.0f} / {p95:.0f} ms", size=args.services, target=f"p95 ≤ {target} ms" if target else "",
                     met=p95 <= target if target else None, note=f"load {load:.1f}")
            print(f"    {label:28} gunicorn: " + "; ".join(figures))
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
