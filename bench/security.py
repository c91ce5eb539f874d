"""Benchmark of information security at a country's size, side by side with the raw database.

    .venv/bin/python bench/security.py [--services 100000] [--requests 200]

A synthetic region is made by `styr generate` — services with their information types, classifications, risk
analyses, processing agreements, continuity plans and met requirements (security/generate.py) — and given
what the other rules look at (bench/rules.py). Then it times:
  * rules: every registered rule, the security rules (R08, R12–R16) among them — counts and findings,
    `rules.queries.counts_and_findings()`, what `styr check --json` does — and the same rule queries run raw;
  * list: the service list page (GET /tjanster/, Django's test client, in-process) for a reader who is a
    non-owner of most services, so that the K3+ services of other owners are shielded from them. The list
    shows every service (existence, owner and classification letters are public); what a shield narrows is
    detail. So also
  * detail-narrowed: `access.with_details_visible(user, Service.objects.all())` paged (count and a page of
    50 by name), beside the SQL doing the same, written by hand.
"""

import argparse
import datetime
import importlib.util
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import register  # noqa: E402

PAGE = 50


def _bench_rules():
    """bench/rules.py's population of the other rules' data (loaded by path: the name `rules` is the app's)."""
    spec = importlib.util.spec_from_file_location("bench_rules", Path(__file__).resolve().parent / "rules.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_region(size):

    seconds = register.generated_region(size)
    _bench_rules().populate(random.Random(3))
    return seconds


def bench_rules(repeat):
    from django.core.exceptions import EmptyResultSet
    from django.db import connection

    from core import registry
    from rules import queries

    today = datetime.date.today()
    statements = []
    for rule in registry.rules():
        for queryset in (rule.applicable(today), rule.failing(today)):
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
    for _ in range(repeat):
        start = time.perf_counter()
        counted, found = queries.counts_and_findings()  # what `styr check` runs
        styr_runs.append(time.perf_counter() - start)
        start = time.perf_counter()
        raw()
        raw_runs.append(time.perf_counter() - start)
    best_styr, best_raw = min(styr_runs), min(raw_runs)
    security = {"R08-KLASSNING", "R12-RISKANALYS", "R13-PUB", "R14-TREDJELAND", "R15-KONTINUITET",
                "R16-SKYDDSKRAV"}
    for rule, applicable, failing in counted:
        print(f"  {rule.id:24} {failing:7,} of {applicable:7,}" + ("  (security)" if rule.id in security else ""))
    print(f"  rules: all {len(counted)} rules, counts and {len(found):,} findings: {best_styr:.2f} s "
          f"(best of {repeat}); the same rule queries raw: {best_raw:.2f} s; Styr takes {best_styr / best_raw:.1f}x raw")
    return best_styr, best_raw


def bench_list(requests, rng):
    from django.db import connection
    from django.test import Client

    from core import access
    from organisations.models import Organisation
    from organisations.tests.factories import user
    from security.models import Policy
    from services.models import Service

    board = Organisation.objects.get(code="GEN-000")
    reader = user("bench-reader", editor_of=board)  # owns a sixtieth; others' K3+ are shielded from them
    client = Client()
    client.force_login(reader)
    total = Service.objects.count()
    pages = max(1, min(200, total // PAGE))
    shielded = access.shielded_services(reader)
    hidden = Service.objects.filter(pk__in=shielded).count() if shielded is not None else 0

    def list_page():
        response = client.get("/tjanster/", {"page": rng.randrange(1, pages + 1)})
        assert response.status_code == 200, response.content[:300]

    def narrowed():
        # Built per request, as a view would: the user's organisations are looked up again.
        fresh = type(reader).objects.get(pk=reader.pk)
        services = access.with_details_visible(fresh, Service.objects.all())
        services.count()
        offset = rng.randrange(0, pages) * PAGE
        list(services.order_by("name", "pk").values_list("pk", "name")[offset:offset + PAGE])

    p = "?" if connection.vendor == "sqlite" else "%s"
    # The shape Styr issues since 2026-12-03: the sensitive services from the (confidentiality, service) index, less
    # the user's organisations' services listed once; then `NOT IN` that list (built once per statement).
    shield_sql = (
        f"SELECT c.service_id FROM security_classification c WHERE c.confidentiality >= {p} AND c.service_id NOT IN ("
        f"SELECT o.service_id FROM services_ownership o WHERE o.organisation_id = {p} "
        f"AND o.valid_from <= {p} AND (o.valid_to IS NULL OR o.valid_to > {p}))")
    count_sql = f"SELECT COUNT(*) FROM services_service s WHERE s.id NOT IN ({shield_sql})"
    page_sql = (f"SELECT s.id, s.name FROM services_service s WHERE s.id NOT IN ({shield_sql}) "
                f"ORDER BY s.name, s.id LIMIT {PAGE} OFFSET {p}")

    def raw():
        level = Policy.current().visibility_confidentiality
        today = datetime.date.today()
        shield_params = (level, board.pk, today, today)
        with connection.cursor() as cursor:
            cursor.execute(count_sql, shield_params)
            cursor.fetchall()
            cursor.execute(page_sql, (*shield_params, rng.randrange(0, pages) * PAGE))
            cursor.fetchall()

    for fn in (list_page, narrowed, raw):
        register.timed(fn, 10)  # warm caches
    figures = {name: register.timed(fn, requests) for name, fn in
               (("list page", list_page), ("detail-narrowed", narrowed), ("raw", raw))}
    print(f"  reader shielded from {hidden:,} of {total:,} services")
    r50, r95 = figures["raw"]
    for name in ("list page", "detail-narrowed"):
        p50, p95 = figures[name]
        print(f"  {name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms over {requests} requests; the narrowed query raw "
              f"p50 {r50:.1f} ms, p95 {r95:.1f} ms ({p95 / r95:.1f}x at p95)")
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--smoke", action="store_true", help="a few hundred services, once: proves it still runs")
    args = parser.parse_args()
    if args.smoke:
        args.services, args.repeat, args.requests = 300, 1, 10
    with tempfile.TemporaryDirectory(prefix="styr-bench-security-") as workdir:
        register.setup_django(Path(workdir))
        from django.db import connection

        seconds = make_region(args.services)
        print(f"database: {connection.vendor}; Python {sys.version.split()[0]}; {os.cpu_count()} cores; "
              f"{args.services:,} services generated with security data in {seconds:.1f} s")
        bench_rules(args.repeat)
        bench_list(args.requests, random.Random(11))


if __name__ == "__main__":
    main()
