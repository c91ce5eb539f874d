"""Benchmark of the pages with charts (issue 10, item 5) at a country's size.

    .venv/bin/python bench/charts.py [--services 100000] [--requests 50]

A synthetic region is made by `styr generate` (services, owners, three consumer records each, with history),
given a cost line per service and year and a volume fee, allocated for last year and this (two runs), 30 days
of rule snapshots per rule and owner, and a digitalisation grade over three years. Then it times, in-process
the organisation page's chart panel (owns, uses, pays: three small charts; the page's other panels are
other apps' — the rules' scorecard panel runs every rule live) and, with Django's test client, the overview
(findings trend, grade trend, and the rest of the page), each cold — the chart cache emptied before every
request, so matplotlib draws every chart — and warm, as most requests find them; and the organisation
chart's queries beside the same counts in raw SQL.
"""

import argparse
import datetime
import random
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import register  # noqa: E402

TODAY = datetime.date.today()
THIS, LAST = TODAY.year, TODAY.year - 1


def make_region(size, rng):

    from core import registry
    from core.bulk import insert_rows
    from costs import actions
    from costs.models import CostLine, Driver, FundingModel
    from indicators.tests import factories as indicators
    from organisations.models import Organisation
    from rules.models import RuleSnapshot
    from services.models import Service

    generated = register.generated_region(size)
    users = Driver.objects.create(code="users", name="Användare")
    services = list(Service.objects.values_list("pk", flat=True))
    for year in (LAST, THIS):
        insert_rows(CostLine, ["service_id", "year", "cost_type", "figure", "amount_ore", "note"],
                    [(s, year, "operations", "outcome", rng.randrange(10_000_00, 5_000_000_00), "") for s in services])
        insert_rows(FundingModel, ["service_id", "year", "method", "driver_id"],
                    [(s, year, "volume", users.pk) for s in services])
        actions.run_allocation(year=year)
    owners = [*Organisation.objects.filter(code__startswith="GEN-").values_list("pk", flat=True), None]
    RuleSnapshot.objects.bulk_create(
        [RuleSnapshot(taken_on=TODAY - datetime.timedelta(days=d), rule=rule.id, owner_id=owner,
                      applicable=1000, failing=rng.randrange(0, 300))
         for d in range(30) for rule in registry.rules() for owner in owners], batch_size=5000)
    for code in ("a", "b", "c"):
        ind = indicators.indicator(code, name=code.upper())
        for year in (THIS - 2, LAST, THIS):
            indicators.indicator_year(ind, year, target=Decimal(60), forecast=Decimal(55) if year == THIS else None)
            if year != THIS:
                indicators.outcome(ind, year, Decimal(rng.randrange(30, 70)))
    for year in (THIS - 2, LAST, THIS):
        from indicators.models import Indicator

        indicators.grade_definition(year, weights={i: Decimal(1) for i in Indicator.objects.all()})
    return generated


def raw_figures(organisation_id):
    """The organisation chart's counts written by hand: owned on two days, used in two years, paid in two runs."""
    from django.db import connection

    p = "?" if connection.vendor == "sqlite" else "%s"
    end_last = datetime.date(LAST, 12, 31)
    cutoff = datetime.datetime(THIS, 1, 1, tzinfo=datetime.UTC)
    statements = [
        (f"SELECT COUNT(DISTINCT CASE WHEN valid_from <= {p} AND (valid_to IS NULL OR valid_to > {p}) THEN service_id END),"
         f" COUNT(DISTINCT CASE WHEN valid_from <= {p} AND (valid_to IS NULL OR valid_to > {p}) THEN service_id END)"
         f" FROM services_ownership WHERE organisation_id = {p}", [end_last, end_last, TODAY, TODAY, organisation_id]),
        (f"SELECT COUNT(*) FROM services_service WHERE id IN (SELECT service_id FROM services_consumer WHERE "
         f"organisation_id = {p}) OR id IN (SELECT service_id FROM costs_usage WHERE organisation_id = {p} AND year = {p})",
         [organisation_id, organisation_id, THIS]),
        (f"SELECT COUNT(*) FROM services_service WHERE id IN (SELECT h.service_id FROM services_historicalconsumer h "
         f"WHERE h.organisation_id = {p} AND h.history_date < {p} AND h.history_type <> '-' AND h.history_id = "
         f"(SELECT h2.history_id FROM services_historicalconsumer h2 WHERE h2.id = h.id AND h2.history_date < {p} "
         f"ORDER BY h2.history_date DESC, h2.history_id DESC LIMIT 1)) OR id IN (SELECT service_id FROM costs_usage "
         f"WHERE organisation_id = {p} AND year = {p})", [organisation_id, cutoff, cutoff, organisation_id, LAST]),
        (f"SELECT run_id, SUM(amount_ore) FROM costs_allocationline WHERE organisation_id = {p} AND run_id IN "
         f"(SELECT id FROM costs_allocationrun WHERE year IN ({p}, {p})) GROUP BY run_id", [organisation_id, LAST, THIS]),
    ]

    def run():
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                cursor.fetchall()
    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--smoke", action="store_true", help="a few hundred services, a few requests")
    args = parser.parse_args()
    if args.smoke:
        args.services, args.requests = 300, 5
    with tempfile.TemporaryDirectory(prefix="styr-bench-charts-") as workdir:
        register.setup_django(Path(workdir))
        from django.core.cache import cache
        from django.db import connection
        from django.test import Client

        from costs import organisation_chart
        from organisations.models import Organisation
        from organisations.tests.factories import user

        seconds = make_region(args.services, random.Random(7))
        board = Organisation.objects.get(code="GEN-000")
        print(f"database: {connection.vendor}; {args.services:,} services generated in {seconds:.1f} s; "
              f"{board.code} owns {organisation_chart.figures(board)['owned'][1]:,}")
        client = Client()
        client.force_login(user("bench-reader"))

        def page(path):
            def get():
                response = client.get(path)
                assert response.status_code == 200, response.content[:300]
            return get

        def cold(fn):
            def run():
                cache.clear()
                fn()
            return run

        from django.test import RequestFactory
        from django.utils import translation

        request = RequestFactory().get("/")
        request.user = user("bench-panel")
        translation.activate("sv")
        pages = {"organisation chart panel": lambda: organisation_chart.organisation_panel(request, board),
                 "overview page": page("/")}
        for name, fn in pages.items():
            fn()
            c50, c95 = register.timed(cold(fn), max(3, args.requests // 5))
            w50, w95 = register.timed(fn, args.requests)
            print(f"  {name}: warm p50 {w50:.0f} ms, p95 {w95:.0f} ms over {args.requests} requests; "
                  f"cold (every chart drawn) p50 {c50:.0f} ms, p95 {c95:.0f} ms")
        styr = register.timed(lambda: organisation_chart.figures(board), args.requests)
        raw = register.timed(raw_figures(board.pk), args.requests)
        print(f"  organisation chart's queries: p50 {styr[0]:.1f} ms, p95 {styr[1]:.1f} ms; the same raw p50 "
              f"{raw[0]:.1f} ms, p95 {raw[1]:.1f} ms ({styr[1] / raw[1]:.1f}x at p95)")


if __name__ == "__main__":
    main()
