"""Benchmark of the maturity analysis pages (issue 12 point 6): a round of N units (2,000) with stored results on a
model of 8 categories × 3 points, and the reads the pages make — the heat map's first page (all units and narrowed
by organisation), the comparison of two rounds, a unit's result page with its radar chart (drawn, then cached),
the exchange file's export and its import — and R22 over all units.

    .venv/bin/python bench/maturity_analysis.py [--units 2000] [--repeat 40] [--smoke]

Results are written directly (bulk), as maturity.actions.aggregate leaves them; the answers themselves are not
needed by these pages (docs/decisions/0027)."""

import argparse
import datetime
import io
import random
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import register  # noqa: E402


def populate(units, rng):
    from maturity.models import Category, Dimension, MaturityModel, MeasurementPoint, Result, Round, RoundUnit, Unit
    from organisations.models import Organisation

    orgs = list(Organisation.objects.order_by("pk")[:20])
    rounds = []
    for year, version in ((2025, 1), (2026, 2)):
        model = MaturityModel.objects.create(code="bench", version=version, name="Benchmodell")
        for d in range(2):
            dim = Dimension.objects.create(model=model, code=f"d{d}", name=f"Dimension {d}", order=d)
            for c in range(4):
                cat = Category.objects.create(model=model, dimension=dim, code=f"k{d}{c}", name=f"Kategori {d}{c}",
                                              order=c)
                for p in range(3):
                    text = f"Påstående {d}{c}{p}" + (" v2" if version == 2 and (d, c, p) == (1, 1, 0) else "")
                    MeasurementPoint.objects.create(model=model, category=cat, code=f"p{d}{c}{p}", text=text)
        rounds.append(Round.objects.create(model=model, name=f"Mätning {year}", status="closed",
                                           period_start=datetime.date(year, 3, 1),
                                           period_end=datetime.date(year, 4, 30)))
    Unit.objects.bulk_create(Unit(organisation=orgs[i % len(orgs)], code=f"U{i:05}", name=f"Enhet {i}")
                             for i in range(units))
    unit_ids = list(Unit.objects.values_list("pk", flat=True))
    for rnd in rounds:
        RoundUnit.objects.bulk_create(RoundUnit(round=rnd, unit_id=u, invited=30) for u in unit_ids)
        cats = list(Category.objects.filter(model=rnd.model))
        dims = list(Dimension.objects.filter(model=rnd.model))
        pts = list(MeasurementPoint.objects.filter(model=rnd.model))
        rows = []
        for u in unit_ids:
            n = rng.randint(3, 30)
            for level, items in (("category", cats), ("dimension", dims), ("point", pts)):
                rows.extend(Result(round=rnd, unit_id=u, mean=Decimal(rng.randint(100, 500)) / 100, spread=1,
                                   respondents=n, **{level: item}) for item in items)
            rows.append(Result(round=rnd, unit_id=u, mean=Decimal(rng.randint(100, 500)) / 100, spread=1,
                               respondents=n))
        Result.objects.bulk_create(rows, batch_size=5000)
    return rounds, orgs


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--smoke", action="store_true", help="a few units, a few times: proves it still runs")
    args = parser.parse_args()
    if args.smoke:
        args.units, args.repeat = 40, 2
    with tempfile.TemporaryDirectory(prefix="styr-bench-maturity-") as workdir:
        register.setup_django(Path(workdir))
        from django.contrib.auth import get_user_model
        from django.core.cache import cache
        from django.db import connection
        from django.test import Client
        from django.urls import reverse

        from core import registry
        from maturity import exchange
        from maturity.models import Unit

        register.fresh_database()
        r25, r26 = populate(args.units, random.Random(7))[0]
        print(f"database: {connection.vendor}; {args.units:,} units, "
              f"{r26.results.count() + r25.results.count():,} results in two rounds")
        admin = get_user_model().objects.create_superuser("bench-admin", password="x")
        client = Client(HTTP_HOST="localhost")
        client.force_login(admin)
        some_org = Unit.objects.order_by("pk").first().organisation.code
        unit = Unit.objects.order_by("pk").first()

        def get(url, **query):
            response = client.get(url, query)
            assert response.status_code == 200, (url, response.status_code)

        def report(label, fn, repeat=args.repeat):
            p50, p95 = register.timed(fn, repeat)
            print(f"  {label:55} p50 {p50:6.0f} ms  p95 {p95:6.0f} ms")

        heatmap = reverse("maturity:heatmap", args=[r26.pk])
        report("heat map, first page of 50", lambda: get(heatmap))
        report("heat map, page 20", lambda: get(heatmap, page=20))
        report(f"heat map, narrowed to {some_org}", lambda: get(heatmap, organisation=some_org))
        compare = reverse("maturity:compare", args=[r26.pk])
        report("two rounds compared (region means, points)", lambda: get(compare, other_round=r25.pk))
        report("three units side by side", lambda: get(compare, unit=["U00001", "U00002", "U00003"]))
        page = reverse("maturity:unit-result", args=[r26.pk, unit.pk])

        def uncached():
            cache.clear()
            get(page)

        report("unit result, radar chart drawn", uncached, repeat=max(2, args.repeat // 4))
        report("unit result, radar chart cached", lambda: get(page))
        report("unit result against the region's mean", lambda: get(page, other="region"))
        rows = []
        report("exchange export (rows built)", lambda: rows.__setitem__(slice(None), list(
            exchange.export_rows(r26, "Region Bench"))), repeat=3)
        from core import exports

        buffer = io.StringIO()
        exports.write_csv(buffer, exchange.COLUMNS, [r[:2] + ["Region Annan"] + r[3:] for r in rows])
        data = buffer.getvalue().encode("utf-8")
        report(f"exchange import ({len(rows):,} rows)", lambda: exchange.import_external(
            user=admin, model=r26.model, name="x.csv", data=data), repeat=3)
        rule = registry.RULES["R22-MOGNADSPLAN"]
        today = datetime.date(2026, 12, 1)
        report("R22 (units without a plan), failing ids",
               lambda: list(rule.failing(today).values_list("pk", flat=True)), repeat=5)


if __name__ == "__main__":
    main()
