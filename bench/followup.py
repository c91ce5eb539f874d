"""Benchmark of the yearly follow-up's pages and R17, side by side with the raw database.

    .venv/bin/python bench/followup.py [--indicators 5000] [--services 0] [--requests 100] [--smoke]

The follow-up's pages read indicators, their years, outcomes and deviations, never the services, so the size
that matters is the number of indicators (a region has tens; 5,000 is far beyond any). `--services N` makes a
register of N services as well (`styr generate`), for the rules page around R17. Every indicator gets targets
2024–2026 and outcomes 2024–2025; every third a deviation, half of them without a plan (R17 findings). Times
(ms, p50/p95, Django's test client in-process, a reader signed in):
  * the indicator list, the deviation list (open first), an indicator's page (chart included), a deviation's page;
  * R17: its counts and findings (rules.queries), and the same count in raw SQL.
"""

import argparse
import datetime
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import register  # noqa: E402


def populate(size, services):
    from django.contrib.auth import get_user_model

    from indicators.models import Deviation, Indicator, IndicatorYear, Outcome, PlanAction
    from organisations.models import Organisation

    if services:
        register.generated_region(services)
    else:
        register.fresh_database()
    owners = list(Organisation.objects.all()[:20]) or [Organisation.objects.create(code="RS", name="Region",
                                                                                   kind="region")]
    start = time.perf_counter()
    Indicator.objects.bulk_create(
        [Indicator(code=f"ind-{n}", name=f"Indikator {n}", definition="Def", source="Källa",
                   owner=owners[n % len(owners)]) for n in range(size)], batch_size=2000)
    ids = list(Indicator.objects.values_list("pk", flat=True))
    now = datetime.datetime.now(datetime.UTC)
    IndicatorYear.objects.bulk_create(
        [IndicatorYear(indicator_id=pk, year=year, target=Decimal(60), forecast=Decimal(58) if year == 2026 else None,
                       forecast_at=now if year == 2026 else None) for pk in ids for year in (2024, 2025, 2026)],
        batch_size=5000)
    Outcome.objects.bulk_create(
        [Outcome(indicator_id=pk, year=year, value=Decimal(57), source="Källa") for pk in ids for year in (2024, 2025)],
        batch_size=5000)
    Deviation.objects.bulk_create(
        [Deviation(indicator_id=pk, year=2025, basis="outcome", value=Decimal(40), target=Decimal(60),
                   opened_on=datetime.date(2026, 2, 1), cause_analysis="Orsak" if n % 2 else "")
         for n, pk in enumerate(ids[::3])], batch_size=5000)
    PlanAction.objects.bulk_create(
        [PlanAction(deviation_id=pk, action="Åtgärd", responsible="Anna", due=datetime.date(2026, 12, 31))
         for pk in Deviation.objects.exclude(cause_analysis="").values_list("pk", flat=True)], batch_size=5000)
    reader = get_user_model().objects.create_user("bench-reader", password="x")
    return time.perf_counter() - start, reader


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--indicators", type=int, default=5000)
    parser.add_argument("--services", type=int, default=0)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--smoke", action="store_true", help="a few indicators: proves it still runs")
    args = parser.parse_args()
    if args.smoke:
        args.indicators, args.services, args.requests = 60, 0, 5
    with tempfile.TemporaryDirectory(prefix="styr-bench-") as workdir:
        register.setup_django(Path(workdir))
        from django.db import connection
        from django.test import Client

        from indicators.models import Deviation, Indicator
        from rules import queries

        seconds, reader = populate(args.indicators, args.services)
        print(f"database: {connection.vendor}; {args.indicators:,} indicators, {Deviation.objects.count():,} "
              f"deviations, {args.services:,} services (made in {seconds:.1f} s)")
        client = Client()
        client.force_login(reader)
        indicator = Indicator.objects.order_by("pk").first()
        deviation = Deviation.objects.order_by("pk").first()

        def page(url):
            def get():
                assert client.get(url).status_code == 200, url
            return get

        today = datetime.date.today()
        rule = {"R17-HANDLINGSPLAN"}

        def raw():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT COUNT(*) FROM indicators_deviation d WHERE d.status = 'open' AND (d.cause_analysis = '' "
                    "OR NOT EXISTS (SELECT 1 FROM indicators_planaction a WHERE a.deviation_id = d.id))")
                return cursor.fetchone()[0]

        rows = [
            ("indicator list", page("/indikatorer/?page=3")),
            ("indicator list, owner + year", page(f"/indikatorer/?owner={indicator.owner.code}&year=2025")),
            ("deviation list, without plan", page("/indikatorer/avvikelser/?without_plan=true")),
            ("indicator page", page(indicator.get_absolute_url())),
            ("deviation page", page(deviation.get_absolute_url())),
            ("R17 counts + findings", lambda: queries.counts_and_findings(today, rule_ids=rule)),
            ("R17 raw SQL count", raw),
        ]
        print(f"{'what':32} {'p50 ms':>8} {'p95 ms':>8}")
        for label, fn in rows:
            fn()  # warm
            p50, p95 = register.timed(fn, args.requests)
            print(f"{label:32} {p50:8.1f} {p95:8.1f}")
        counted, found = queries.counts_and_findings(today, rule_ids=rule)
        assert counted[0][2] == raw() == len(found)
        print(f"R17: {counted[0][1]:,} open deviations, {counted[0][2]:,} without analysis or plan")


if __name__ == "__main__":
    main()
