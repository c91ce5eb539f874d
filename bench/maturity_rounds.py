"""Benchmark of a maturity round: the import of the survey tool's answers, the aggregation and the round's page,
beside raw SQL doing the same aggregation.

    .venv/bin/python bench/maturity_rounds.py [--units 2000] [--answers 50000] [--repeat 20] [--smoke]

A fresh database (SQLite in a temporary directory, or the PostgreSQL server DATABASE_URL names); a model of 25
points in 7 categories and 2 dimensions (scale 1–5); N units of 60 organisations in one round; answers written as
the survey tool's long CSV (unit, respondent, point, answer), two respondents per unit, together the number of
answers asked for. Measured:
  * import: rows/s through maturity.imports.import_answers (read, set-based row checks, bulk insert with
    core.bulk, then the aggregation it runs), and the same rows inserted raw with the driver;
  * aggregation: seconds of maturity.actions.aggregate (point, category, dimension and total results per unit,
    replaced whole), and of its one scan of the answers run raw (no summing, no insert);
  * round page: p50/p95 ms of GET /mognad/omgangar/<id>/ (in-process, first page of 50 units).
Targets (issue 12): import ≥ 5,000 rows/s, aggregation ≤ 2 s, page p95 ≤ 200 ms."""

import argparse
import datetime
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import register  # noqa: E402

CATEGORIES = {"f1": "formaga", "f2": "formaga", "f3": "formaga", "f4": "formaga", "a1": "arv", "a2": "arv",
              "a3": "arv"}


def build(units, answers, rng):
    from maturity import actions
    from maturity.models import Unit
    from organisations.models import Organisation

    orgs = list(Organisation.objects.values_list("pk", flat=True)[:60]) or [
        Organisation.objects.create(code="BENCH", name="Bench", kind="board").pk]
    rows = []
    for index, (cat, dim) in enumerate(CATEGORIES.items()):
        for number in range(1, 5 if index < 4 else 4):
            rows.append({"dimension": dim, "dimension_name": dim, "category": cat, "category_name": cat,
                         "point": f"{cat}-{number}", "text": f"Påstående {cat}-{number}", "scale_min": 1,
                         "scale_max": 5, "weight": 1 + (number == 1), "order": len(rows) + 1})
    model = actions.create_model_version(user=None, code="bench", name="Bench", rows=rows)
    Unit.objects.bulk_create([Unit(organisation_id=orgs[n % len(orgs)], code=f"U{n:05d}", name=f"Enhet {n}")
                              for n in range(units)], batch_size=5000)
    made = list(Unit.objects.order_by("code"))
    rnd = actions.create_round(user=None, model=model, name="Bench", period_start=datetime.date(2026, 3, 1),
                               period_end=datetime.date(2026, 4, 30), units=[])
    from maturity.models import RoundUnit

    RoundUnit.objects.bulk_create([RoundUnit(round=rnd, unit=u, invited=rng.randint(2, 30)) for u in made],
                                  batch_size=5000)
    codes = [r["point"] for r in rows]
    lines = ["unit;respondent;point;answer"]
    per_unit = answers // units
    for unit in made:
        level = rng.uniform(1.5, 4.5)
        for index, point in enumerate(rng.sample(codes * 2, per_unit) if per_unit > len(codes) else
                                      rng.sample(codes, per_unit)):
            respondent = f"{unit.code}-{1 + index % 2}"
            lines.append(f"{unit.code};{respondent};{point};{max(1, min(5, round(rng.gauss(level, 0.8))))}")
    # A point at most once per respondent: with two respondents, each takes a point once (sample of codes * 2
    # may draw a point twice for the same respondent; drop such repeats).
    seen, unique = set(), [lines[0]]
    for line in lines[1:]:
        unit, respondent, point, _v = line.split(";")
        if (respondent, point) not in seen:
            seen.add((respondent, point))
            unique.append(line)
    return rnd, ("\n".join(unique) + "\n").encode()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--answers", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--smoke", action="store_true", help="100 units, 2,500 answers, few repeats")
    args = parser.parse_args()
    if args.smoke:
        args.units, args.answers, args.repeat = 100, 2500, 3
    with tempfile.TemporaryDirectory(prefix="styr-bench-maturity-") as workdir:
        register.setup_django(Path(workdir))
        from django.db import connection, transaction
        from django.test import Client

        from core.bulk import insert_rows
        from maturity import actions, imports
        from maturity.models import Answer, Response
        from organisations.tests.factories import user

        register.fresh_database()
        rng = random.Random(12)
        rnd, data = build(args.units, args.answers, rng)
        count = data.count(b"\n") - 1
        admin = user("bench-admin", admin=True)
        print(f"database: {connection.vendor}; {args.units:,} units, {count:,} answers")

        start = time.perf_counter()
        result = imports.import_answers("svar.csv", data, user=admin, round=rnd)
        seconds = time.perf_counter() - start
        assert result.stored, result.errors[:5]
        print(f"  import with aggregation: {count / seconds:,.0f} rows/s ({seconds:.2f} s)")

        # The same rows inserted raw: responses and answers through the driver, inside a rolled-back transaction.
        ids = dict(Response.objects.filter(round=rnd).values_list("respondent", "unit_id"))
        answers = list(Answer.objects.filter(response__round=rnd).values_list("response__respondent", "point_id",
                                                                              "value"))

        class Rollback(Exception):
            pass

        start = time.perf_counter()
        try:
            with transaction.atomic():
                Answer.objects.filter(response__round=rnd).delete()
                Response.objects.filter(round=rnd).delete()
                raw_start = time.perf_counter()
                insert_rows(Response, ["round_id", "unit_id", "respondent"],
                            [(rnd.pk, unit, who) for who, unit in ids.items()], prepared=True)
                new = dict(Response.objects.filter(round=rnd).values_list("respondent", "pk"))
                insert_rows(Answer, ["response_id", "point_id", "value"],
                            [(new[who], point, value) for who, point, value in answers], prepared=True)
                raw_seconds = time.perf_counter() - raw_start
                raise Rollback
        except Rollback:
            pass
        print(f"  raw driver insert: {count / raw_seconds:,.0f} rows/s ({raw_seconds:.2f} s)")

        runs = []
        for _ in range(max(3, args.repeat // 4)):
            start = time.perf_counter()
            actions.aggregate(round=rnd)
            runs.append(time.perf_counter() - start)
        sql = actions._answers_sql(rnd.pk)

        def raw():
            with connection.cursor() as cursor:
                cursor.execute(sql)
                cursor.fetchall()

        raw_runs = []
        for _ in range(max(3, args.repeat // 4)):
            start = time.perf_counter()
            raw()
            raw_runs.append(time.perf_counter() - start)
        print(f"  aggregation: {max(runs):.2f} s (worst of {len(runs)}); its one scan of the answers: {max(raw_runs):.2f} s")

        client = Client()
        client.force_login(admin)
        url = f"/mognad/omgangar/{rnd.pk}/"

        def page():
            response = client.get(url)
            assert response.status_code == 200

        page()
        p50, p95 = register.timed(page, args.repeat)
        print(f"  round page: p50 {p50:.0f} ms, p95 {p95:.0f} ms")


if __name__ == "__main__":
    main()
