"""Benchmark of the register's indicators at a country's size, side by side with the raw database.

    .venv/bin/python bench/indicators.py [--services 100000] [--repeat 3]

A synthetic region is made as bench/security.py makes it (`styr generate`, then what the other rules look at),
and the year's costs are allocated once so that the cost indicator has a run to count. Then it times
`indicators.compute.compute()` — every registered indicator (one per rule among them) counted and its figure
stored, what `styr indicators compute` does — and, beside it, the same count queries as raw SQL (captured from
one run of the counts, then executed by hand). Target: ≤ 10 s at 100,000 services.
"""

import argparse
import datetime
import importlib.util
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import register  # noqa: E402


def _bench_security():
    """bench/security.py's make_region (loaded by path: the name `security` is the app's)."""
    spec = importlib.util.spec_from_file_location("bench_security", Path(__file__).resolve().parent / "security.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_region(size):
    from costs import actions
    from costs.models import CostLine
    from organisations.models import Organisation

    seconds = _bench_security().make_region(size)
    Organisation.objects.get_or_create(code="REGION", defaults={"name": "Regionen", "kind": "region"})
    year = datetime.date.today().year
    start = time.perf_counter()
    figure = "outcome" if CostLine.objects.filter(year=year, figure="outcome").exists() else "budget"
    run = actions.run_allocation(year=year, figure=figure)
    return seconds, time.perf_counter() - start, run


def captured_counts(today):
    """The SQL every registered count runs, captured from one run of them all."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core import registry

    with CaptureQueriesContext(connection) as captured:
        for indicator in registry.INDICATORS.values():
            indicator.count(today, None)
    return [query["sql"] for query in captured.captured_queries]


def bench_compute(repeat):
    from django.db import connection

    from core import registry
    from indicators import compute

    today = datetime.date.today()
    compute.compute()  # first run: creates the indicator rows, as the first `styr indicators compute` does
    statements = captured_counts(today)

    def raw():
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()

    styr_runs, raw_runs = [], []
    results = []
    for _ in range(repeat):
        start = time.perf_counter()
        results = compute.compute()
        styr_runs.append(time.perf_counter() - start)
        start = time.perf_counter()
        raw()
        raw_runs.append(time.perf_counter() - start)
    for result in results:
        outcome = result.outcome
        shown = (f"{outcome.value:>9} % ({outcome.numerator:,} of {outcome.denominator:,})"
                 if result.status == compute.STORED else result.status)
        print(f"  {result.code:34} {shown}")
    best_styr, best_raw = min(styr_runs), min(raw_runs)
    per_count = []
    for code, indicator in registry.INDICATORS.items():  # where the time goes: each count once
        start = time.perf_counter()
        indicator.count(today, None)
        per_count.append((time.perf_counter() - start, code))
    print("  slowest counts: " + ", ".join(f"{code} {seconds:.2f} s" for seconds, code in sorted(per_count)[-5:]))
    print(f"  compute: all {len(registry.INDICATORS)} register indicators counted and stored: {best_styr:.2f} s "
          f"(best of {repeat}); the same {len(statements)} count queries raw: {best_raw:.2f} s; "
          f"Styr takes {best_styr / best_raw:.1f}x raw; target ≤ 10 s")
    return best_styr, best_raw


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--smoke", action="store_true", help="a few hundred services, once: proves it still runs")
    args = parser.parse_args()
    if args.smoke:
        args.services, args.repeat = 300, 1
    with tempfile.TemporaryDirectory(prefix="styr-bench-indicators-") as workdir:
        register.setup_django(Path(workdir))
        from django.db import connection

        seconds, allocation, run = make_region(args.services)
        print(f"database: {connection.vendor}; Python {sys.version.split()[0]}; {os.cpu_count()} cores; "
              f"{args.services:,} services generated in {seconds:.1f} s, {run.year}'s {run.figure} allocated in "
              f"{allocation:.1f} s")
        bench_compute(args.repeat)


if __name__ == "__main__":
    main()
