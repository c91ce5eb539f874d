"""Benchmark of the API as served in production (gunicorn, 2 workers, debug off), side by side with the raw SQL
doing the same work, with 1 and 4 concurrent clients.

    .venv/bin/python bench/api.py [--services 100000] [--requests 300]

  * list: GET /api/services/?page=n (a page of 50, n among the first 20; count and page, as a client pages);
    raw: the count and the page's SQL (service, domain, owner in force) with the driver;
  * filtered list: GET /api/services/?owner=…&phase=in_production&ordering=name; raw: its two statements;
  * page list: the service list page GET /tjanster/?owner=… (HTML, the web UI's filtered page); raw: the
    count and the page's SQL with the owner filter;
  * POST: create one service with its owner (validation, the service, its ownership, both history records, one
    transaction); raw: the same four rows inserted with the driver in one transaction.

Targets at 100,000 services, 1 client: list p50 ≤ 15 ms, POST p50 ≤ 12 ms — five times NetBox 4.4 measured on
this machine (70 ms list, 62 ms POST); the page list p95 ≤ 50 ms at 4 clients.

--data DIR keeps the database (SQLite: DIR/styr.sqlite3; with DATABASE_URL, that database) and reuses it when it
holds at least --services services already, so a run at 100,000 need not import them again (a copy of
bench/board_pages.py's database will do). The POSTs add a few hundred services to it each run.
"""

import argparse
import contextlib
import datetime
import json
import random
import secrets
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import register  # noqa: E402
from _server import Server, percentile, prepare_environment  # noqa: E402
from _table import emit  # noqa: E402

TARGETS = {"list": 15, "POST": 12}  # p50 ms with one client
PAGE_TARGET = 50  # p95 ms of the page list with 4 clients


def raw_figures(requests, rng, owners, domain_id, owner_ids, pages, tag):
    """p50/p95 ms of the raw SQL of each measure, one client."""
    from django.db import connection

    p = "%s" if connection.vendor == "postgresql" else "?"
    today = datetime.date.today().isoformat()
    open_owner = (f"LEFT JOIN services_ownership o ON o.service_id = s.id AND o.valid_from <= {p} "
                  f"AND (o.valid_to IS NULL OR o.valid_to > {p}) "
                  f"LEFT JOIN organisations_organisation org ON org.id = o.organisation_id ")
    count_all = "SELECT COUNT(*) FROM services_service"
    page_all = (f"SELECT s.*, d.*, org.code, org.name FROM services_service s "
                f"JOIN organisations_domain d ON d.id = s.domain_id {open_owner}"
                f"ORDER BY s.name, s.id LIMIT 50 OFFSET {p}")
    in_force = (f"SELECT service_id FROM services_ownership WHERE organisation_id = {p} AND valid_from <= {p} "
                f"AND (valid_to IS NULL OR valid_to > {p})")
    count_filtered = f"SELECT COUNT(*) FROM services_service s WHERE s.phase = {p} AND s.id IN ({in_force})"
    page_filtered = (f"SELECT s.*, d.*, org.code, org.name FROM services_service s "
                     f"JOIN organisations_domain d ON d.id = s.domain_id {open_owner}"
                     f"WHERE s.phase = {p} AND s.id IN ({in_force}) ORDER BY s.name, s.id LIMIT 50")
    count_owner = f"SELECT COUNT(*) FROM services_service s WHERE s.id IN ({in_force})"
    page_owner = (f"SELECT s.*, d.*, org.code, org.name FROM services_service s "
                  f"JOIN organisations_domain d ON d.id = s.domain_id {open_owner}"
                  f"WHERE s.id IN ({in_force}) ORDER BY s.name, s.id LIMIT 50")
    raw = connection.cursor().connection

    def run(statements):
        cursor = raw.cursor()
        for sql, params in statements:
            cursor.execute(sql, params)
            cursor.fetchall()

    def raw_list():
        run([(count_all, ()), (page_all, (today, today, 50 * rng.randrange(pages)))])

    def raw_filtered():
        org = owner_ids[rng.choice(owners)]
        run([(count_filtered, ("in_production", org, today, today)),
             (page_filtered, (today, today, "in_production", org, today, today))])

    def raw_page():
        org = owner_ids[rng.choice(owners)]
        run([(count_owner, (org, today, today)), (page_owner, (today, today, org, today, today))])

    counter = iter(range(10**9))
    service_cols = "name, short_name, version, description, kind, domain_id, phase, criticality, delivery_model, " \
                   "supplier, external_id, audience, public, accessibility_statement_url, row_version"
    history_cols = "id, name, short_name, version, description, kind, domain_id, phase, criticality, " \
                   "delivery_model, supplier, external_id, audience, public, accessibility_statement_url, " \
                   "history_date, history_change_reason, history_type"

    def raw_post():
        n = next(counter)
        owner = owner_ids[owners[n % len(owners)]]
        values = (f"Raw {n}", "", "", "", "common", domain_id, "planned", "medium", "", "", f"RAWPOST-{tag}-{n}", "",
                  False, "")
        now = datetime.datetime.now(datetime.UTC).isoformat()
        cursor = raw.cursor()
        if connection.vendor == "sqlite":
            cursor.execute("BEGIN")
        cursor.execute(f"INSERT INTO services_service ({service_cols}) VALUES ({', '.join([p] * 15)}) RETURNING id",
                       (*values, 1))
        service_id = cursor.fetchone()[0]
        cursor.execute(f"INSERT INTO services_historicalservice ({history_cols}) VALUES ({', '.join([p] * 18)})",
                       (service_id, *values, now, "", "+"))
        cursor.execute(f"INSERT INTO services_ownership (service_id, organisation_id, valid_from, mandate, basis, "
                       f"row_version) VALUES ({p}, {p}, {p}, '', 'registration', 1) RETURNING id",
                       (service_id, owner, today))
        ownership_id = cursor.fetchone()[0]
        cursor.execute(f"INSERT INTO services_historicalownership (id, service_id, organisation_id, valid_from, "
                       f"mandate, basis, history_date, history_change_reason, history_type) "
                       f"VALUES ({p}, {p}, {p}, {p}, '', 'registration', {p}, '', '+')",
                       (ownership_id, service_id, owner, today, now))
        raw.commit()

    figures = {}
    for name, fn in (("list", raw_list), ("filtered list", raw_filtered), ("page list", raw_page), ("POST", raw_post)):
        for _ in range(10):
            fn()
        samples = []
        for _ in range(requests):
            start = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - start) * 1000)
        figures[name] = (percentile(samples, 50), percentile(samples, 95))
    raw.rollback()
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--smoke", action="store_true", help="300 services, a few requests: proves it still runs")
    parser.add_argument("--data", type=Path, help="keep and reuse the database in this directory (see above)")
    args = parser.parse_args()
    if args.smoke:
        args.services, args.requests = 300, 10
    kept = contextlib.nullcontext(args.data) if args.data else tempfile.TemporaryDirectory(prefix="styr-bench-api-")
    with kept as workdir:
        prepare_environment(Path(workdir))
        register.setup_django(Path(workdir))
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connection

        from organisations.models import Domain, Organisation
        from services.models import Service

        if args.data:
            call_command("migrate", verbosity=0)
        if not args.data or Service.objects.count() < args.services:
            register.imported_region(args.services)
        owners = [f"GEN-{n:03d}" for n in range(60)]
        owner_ids = dict(Organisation.objects.filter(code__in=owners).values_list("code", "id"))
        domain = Domain.objects.order_by("code").first()
        # An administrator: creates with any owner, reads every service.
        bench_user, _ = get_user_model().objects.get_or_create(
            username="bench", defaults={"is_staff": True, "is_superuser": True})
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"database: {connection.vendor}; {Service.objects.count():,} services; gunicorn, 2 workers, debug off")

        rng = random.Random(11)
        run = secrets.token_hex(3)  # external ids unique across runs on a kept database
        pages = max(1, min(20, args.services // 50))
        raw = raw_figures(args.requests, rng, owners, domain.pk, owner_ids, pages, run)
        connection.close()

        def list_request(i):
            return "GET", f"/api/services/?page={rng.randrange(1, pages + 1)}", None

        def filtered_request(i):
            return "GET", f"/api/services/?owner={rng.choice(owners)}&phase=in_production&ordering=name", None

        def page_request(i):
            return "GET", f"/tjanster/?owner={rng.choice(owners)}", None

        posts = iter(range(10**9))

        def post_request(i):
            n = next(posts)
            return "POST", "/api/services/", json.dumps({
                "name": f"Bench {n}", "kind": "common", "domain": domain.code, "owner": owners[n % len(owners)],
                "external_id": f"BENCHPOST-{run}-{n}"})

        with Server() as server:
            headers = server.sign_in(bench_user.username)
            for name, make in (("list", list_request), ("filtered list", filtered_request),
                               ("page list", page_request), ("POST", post_request)):
                server.load(make, requests=10, clients=1, cookie=headers)  # warm
                for clients in (1, 4):
                    figures = server.load(make, requests=args.requests, clients=clients, cookie=headers)
                    expected = 201 if name == "POST" else 200
                    assert set(figures["statuses"]) == {expected}, figures["statuses"]
                    r50, r95 = raw[name]
                    print(f"  {name}, {clients} client(s): p50 {figures['p50']:.1f} ms, p95 {figures['p95']:.1f} ms, "
                          f"{figures['rps']:.0f} req/s; raw SQL p50 {r50:.2f} ms, p95 {r95:.2f} ms")
                    if name == "page list" and clients == 4:
                        target, met = f"p95 ≤ {PAGE_TARGET} ms", figures["p95"] <= PAGE_TARGET
                    elif name in TARGETS and clients == 1:
                        target, met = f"p50 ≤ {TARGETS[name]} ms", figures["p50"] <= TARGETS[name]
                    else:
                        target, met = "", None
                    emit("api", f"{name}, {clients} client{'s' if clients > 1 else ''}: p50 / p95, req/s",
                         f"{figures['p50']:.1f} / {figures['p95']:.1f} ms, {figures['rps']:.0f}/s",
                         raw=f"{r50:.2f} / {r95:.2f} ms", size=args.services, target=target, met=met)


if __name__ == "__main__":
    main()
