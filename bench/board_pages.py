"""Board pages at the size of a whole country: one organisation's bill, the organisation page, a service's
history page and the run's region summary, each beside the raw SQL doing the same work.

    .venv/bin/python bench/board_pages.py [--services 100000] [--consumers 10] [--requests 50] [--smoke]
                                          [--workdir DIR [--reuse]]

Builds a synthetic region with `styr generate` (three consumers a service, with history), replaces the consumers
with C per service (raw, as bench/allocation.py does), gives every service an outcome cost line and a volume
funding model in two years and runs the allocation for both (the bill compares with the year before: about
N × C lines a run). One service gets 200 recorded edits for the history page. Then p50/p95 ms through the Django
test client (one client, in process) of:
  * the bill of the organisation with the most lines (its first page, and a deep page),
  * the organisation page of the same organisation,
  * the run page (the region summary),
  * the history page of the service with 200 edits, and of an ordinary one,
and of the SQL statements that answer each, run raw; then the bill, the organisation page and the run page from
the production server (gunicorn, 2 workers) to 1 and 4 clients, where issue 13's targets are set.
`--workdir DIR --reuse` keeps and reuses the database (SQLite) between runs while measuring; PostgreSQL is used
when DATABASE_URL names it.
"""

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import register  # noqa: E402
from _server import Server, prepare_environment  # noqa: E402
from _table import emit  # noqa: E402

YEAR = 2026
EDITS = 200
# Issue 13's targets at 100,000 services (the history page's: one request, p50).
TARGET_MS = {f"history page ({EDITS} edits)": 100}
# Issue 13: the bill and the organisation page p95 ≤ 300 ms with 4 clients at 100,000 services, served by gunicorn.
SERVED_TARGETS = {"bill, first page", "organisation page"}


def populate(consumers, rng):
    """C consumers a service, one cost line and a volume model a service in YEAR-1 and YEAR; both runs."""
    from core.bulk import analyze, insert_rows
    from costs import actions
    from costs.models import CostLine, Driver, FundingModel
    from organisations.models import Organisation
    from services.models import Consumer, Service

    users = Driver.objects.create(code="users", name="Användare")
    orgs = list(Organisation.objects.filter(code__startswith="GEN-").values_list("pk", flat=True))
    services = list(Service.objects.values_list("pk", flat=True))
    Consumer.objects.all().delete()
    insert_rows(Consumer, ["service_id", "organisation_id", "volume", "unit"],
                [(s, o, rng.randrange(1, 5000), "users") for s in services for o in rng.sample(orgs, consumers)])
    for year in (YEAR - 1, YEAR):
        insert_rows(CostLine, ["service_id", "year", "cost_type", "figure", "amount_ore", "note"],
                    [(s, year, "operations", "outcome", rng.randrange(10_000_00, 50_000_000_00), "")
                     for s in services])
        insert_rows(FundingModel, ["service_id", "year", "method", "driver_id", "funder_id", "decision_id"],
                    [(s, year, "volume", users.pk, None, None) for s in services])
    analyze(Consumer, CostLine, FundingModel)
    for year in (YEAR - 1, YEAR):
        actions.run_allocation(year=year)


def edit_often(service_id, edits):
    """`edits` recorded changes to one service, as people make them (each a save with its history record)."""
    from services.models import Service

    service = Service.objects.get(pk=service_id)
    for n in range(edits):
        service.refresh_from_db()
        service.supplier = f"Leverantör {n}"
        service.save()


def build(services, consumers):
    register.generated_region(services)
    populate(consumers, random.Random(7))
    register.settle()  # the runs' two million new lines, as autovacuum leaves them before a board reads its bill


def subjects():
    from django.db.models import Count

    from costs.models import AllocationLine, AllocationRun
    from services.models import Service

    run = AllocationRun.objects.filter(year=YEAR).latest("created_at")
    busiest = (AllocationLine.objects.filter(run=run).values("organisation_id").annotate(n=Count("id"))
               .order_by("-n").first())
    edited = Service.objects.order_by("pk").first()
    ordinary = Service.objects.order_by("-pk").first()
    return run, busiest["organisation_id"], busiest["n"], edited, ordinary


def raw(sql, params, requests):
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()
    return register.timed(run, requests)


def measure(requests, edits=EDITS):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from organisations.models import Organisation
    from services.models import Service

    run, organisation_id, lines, edited, ordinary = subjects()
    services = Service.objects.count()
    organisation = Organisation.objects.get(pk=organisation_id)
    admin = get_user_model().objects.create_superuser(f"bench-board-{time.time_ns()}", password="x")
    client = Client()
    client.force_login(admin)
    sizes = {}

    def page(url, query=None):
        def get():
            response = client.get(url, query or {})
            assert response.status_code == 200, (url, response.status_code)
            sizes[url + str(query or "")] = len(response.content)
        return get

    bill = f"/kostnader/korning/{run.pk}/{organisation.code}/"
    cases = [
        ("bill, first page", page(bill), bill),
        ("bill, page 100", page(bill, {"page": 100}), bill + "{'page': 100}"),
        ("organisation page", page(f"/organisationer/{organisation.pk}/"), f"/organisationer/{organisation.pk}/"),
        ("run page (region summary)", page(f"/kostnader/korning/{run.pk}/"), f"/kostnader/korning/{run.pk}/"),
        (f"history page ({edits} edits)", page(f"/tjanster/{edited.pk}/historik/"),
         f"/tjanster/{edited.pk}/historik/"),
        ("history page (ordinary)", page(f"/tjanster/{ordinary.pk}/historik/"), f"/tjanster/{ordinary.pk}/historik/"),
    ]
    print(f"database: {connection.vendor}; organisation {organisation.code}: {lines:,} lines in run {run.pk}")
    for label, get, key in cases:
        get()  # warm
        p50, p95 = register.timed(get, requests)
        print(f"  {label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, {sizes[key] / 1024:,.0f} KiB")
        target = TARGET_MS.get(label) if services >= 100_000 else None  # the targets are for a country's size
        emit("board_pages", f"{label}, in process, 1 client: p50 / p95", f"{p50:.0f} / {p95:.0f} ms",
             size=services, target=f"p50 ≤ {target} ms" if target else "", met=p50 <= target if target else None,
             note=f"{sizes[key] / 1024:,.0f} KiB")
    # The raw floor: the grouped statements the bill and the summary stand on.
    p = "%s"
    line = "costs_allocationline"
    for label, sql, params in [
        ("bill: one organisation's lines grouped per service, both years",
         f"SELECT service_id, SUM(amount_ore) FROM {line} WHERE run_id IN ({p}, {p}) AND organisation_id = {p} "
         f"GROUP BY service_id", [run.pk, run.pk - 1, organisation.pk]),
        ("bill: every line, as the old page read them",
         f"SELECT * FROM {line} WHERE run_id = {p} AND organisation_id = {p}", [run.pk, organisation.pk]),
        # The page reads the totals the run stored (docs/decisions/0037); the grouping is what it did before.
        ("region summary: the run's stored totals",
         f"SELECT organisation_totals FROM costs_allocationrun WHERE id = {p}", [run.pk]),
        ("region summary: grouping the run's lines (before 0037)",
         f"SELECT organisation_id, SUM(amount_ore) FROM {line} WHERE run_id = {p} GROUP BY organisation_id",
         [run.pk]),
    ]:
        p50, p95 = raw(sql, params, max(5, requests // 5))
        print(f"  raw SQL, {label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
        emit("board_pages", f"raw SQL, {label}: p50 / p95", f"{p50:.1f} / {p95:.1f} ms", size=services)
    served(admin.username, services, requests, [
        ("bill, first page", bill), ("organisation page", f"/organisationer/{organisation.pk}/"),
        ("run page (region summary)", f"/kostnader/korning/{run.pk}/")])


def served(username, services, requests, pages):
    """The pages with issue 13's 4-client target from the production server (gunicorn, 2 workers), 1 and 4 clients."""
    from django.db import connections

    connections.close_all()  # SQLite: let the workers have the file
    with Server() as server:
        cookie = server.sign_in(username)
        for label, url in pages:
            for clients in (1, 4):
                figures = server.load(lambda i, url=url: ("GET", url, None), requests=requests, clients=clients,
                                      cookie=cookie)
                assert set(figures["statuses"]) == {200}, (url, figures["statuses"])
                name = f"{clients} client{'s' if clients > 1 else ''}"
                print(f"  {label}, gunicorn, {name}: p50 {figures['p50']:.1f} ms, p95 {figures['p95']:.1f} ms")
                target = 300 if clients == 4 and services >= 100_000 and label in SERVED_TARGETS else None
                emit("board_pages", f"{label}, gunicorn, {name}: p50 / p95",
                     f"{figures['p50']:.0f} / {figures['p95']:.0f} ms", size=services,
                     target=f"p95 ≤ {target} ms" if target else "", met=figures["p95"] <= target if target else None)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--consumers", type=int, default=10)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--workdir", help="keep the database here (SQLite)")
    parser.add_argument("--reuse", action="store_true", help="measure the database --workdir already holds")
    parser.add_argument("--smoke", action="store_true", help="a few hundred services: proves it still runs")
    args = parser.parse_args()
    if args.smoke:
        args.services, args.consumers, args.requests = 300, 3, 3
    with tempfile.TemporaryDirectory(prefix="styr-bench-board-") as temporary:
        workdir = Path(args.workdir or temporary)
        workdir.mkdir(parents=True, exist_ok=True)
        prepare_environment(workdir)  # the server of served() reads the same database with the same settings
        register.setup_django(workdir)
        if not args.reuse:
            start = time.perf_counter()
            build(args.services, args.consumers)
            edit_often(subjects()[3].pk, EDITS if not args.smoke else 20)
            print(f"built {args.services:,} services x {args.consumers} consumers, two runs, in "
                  f"{time.perf_counter() - start:.0f} s")
        measure(args.requests, EDITS if not args.smoke else 20)


if __name__ == "__main__":
    main()
