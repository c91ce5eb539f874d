"""Benchmark of a cost allocation run: N services × C consumers each, beside writing the same lines raw.

    .venv/bin/python bench/allocation.py [--services 100000] [--consumers 10]

Builds a synthetic region (services imported as in bench/register.py), gives every service one
outcome cost line, a volume-based funding model by users, and C consumers with volumes in the register
(the run takes them as usage). Then times `costs.actions.run_allocation` (read, split to the öre, write
every line, in one transaction) and, raw, writing the same lines with the driver (executemany on
SQLite, COPY on PostgreSQL) in one transaction.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import register  # noqa: E402
from _table import emit  # noqa: E402

YEAR = 2026


def populate(consumers, rng):
    from core.bulk import analyze, insert_rows
    from costs.models import CostLine, Driver, FundingModel
    from organisations.models import Organisation
    from services.models import Consumer, Service

    users = Driver.objects.create(code="users", name="Användare")
    orgs = list(Organisation.objects.filter(code__startswith="GEN-").values_list("pk", flat=True))
    services = list(Service.objects.values_list("pk", flat=True))
    Consumer.objects.all().delete()
    insert_rows(Consumer, ["service_id", "organisation_id", "volume", "unit"],
                [(s, o, rng.randrange(1, 5000), "users") for s in services for o in rng.sample(orgs, consumers)])
    insert_rows(CostLine, ["service_id", "year", "cost_type", "figure", "amount_ore", "note"],
                [(s, YEAR, "operations", "outcome", rng.randrange(10_000_00, 50_000_000_00), "") for s in services])
    insert_rows(FundingModel, ["service_id", "year", "method", "driver_id", "funder_id", "decision_id"],
                [(s, YEAR, "volume", users.pk, None, None) for s in services])
    analyze(Consumer, CostLine, FundingModel)


def raw_write(lines):
    """The lines, values already as the driver takes them (prepared before the clock starts)."""
    from django.db import connection

    lines = [tuple(str(v) if not isinstance(v, int | str | type(None)) else v for v in line) for line in lines]
    with connection.cursor() as wrapper:
        raw = wrapper.connection
        cur = raw.cursor()
        columns = "run_id, service_id, organisation_id, cost_type, method, driver, volume, share, amount_ore"
        start = time.perf_counter()
        if connection.vendor == "sqlite":
            cur.execute("BEGIN")
            cur.executemany(f"INSERT INTO costs_allocationline ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            lines)
        else:
            with cur.copy(f"COPY costs_allocationline ({columns}) FROM STDIN") as copy:
                for line in lines:
                    copy.write_row(line)
        raw.commit()
        return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--consumers", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3, help="runs timed; the median is reported")
    parser.add_argument("--smoke", action="store_true", help="a few hundred services: proves it still runs")
    args = parser.parse_args()
    if args.smoke:
        args.services, args.consumers, args.repeat = 300, 3, 1
    with tempfile.TemporaryDirectory(prefix="styr-bench-alloc-") as workdir:
        register.setup_django(Path(workdir))
        from django.db import connection

        from costs import actions
        from costs.models import AllocationLine

        register.imported_region(args.services)
        populate(args.consumers, random.Random(5))
        # Reading the inputs alone (the run's first phase), then whole runs: each run adds its lines to the table,
        # as a region's runs do over a year.
        start = time.perf_counter()
        actions._inputs(YEAR, "outcome")
        read_seconds = time.perf_counter() - start
        timings = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            run = actions.run_allocation(year=YEAR)
            timings.append(time.perf_counter() - start)
        styr_seconds = statistics.median(timings)
        count = AllocationLine.objects.filter(run=run).count()
        assert run.allocated_ore == run.total_cost_ore and not run.problems, run.problems[:3]
        lines = list(AllocationLine.objects.filter(run=run).values_list(
            "run_id", "service_id", "organisation_id", "cost_type", "method", "driver", "volume", "share",
            "amount_ore").iterator(chunk_size=50_000))
        raw_seconds = raw_write(lines)
        print(f"database: {connection.vendor}; {args.services:,} services x {args.consumers} consumers")
        print(f"  allocation run: {count:,} lines in {styr_seconds:.1f} s ({count / styr_seconds:,.0f} lines/s); "
              f"writing the same lines raw: {raw_seconds:.1f} s; Styr takes {styr_seconds / raw_seconds:.1f}x raw; "
              f"total {run.total_cost_ore / 100:,.2f} kr allocated to the öre")
        load = os.getloadavg()[0]
        print(f"  runs: {', '.join(f'{t:.1f} s' for t in timings)}; reading the inputs alone {read_seconds:.1f} s; "
              f"load average {load:.1f}")
        emit("allocation", f"run of {count:,} lines (median of {len(timings)}; reading {read_seconds:.1f} s)",
             f"{styr_seconds:.1f} s", raw=f"{raw_seconds:.1f} s (writing the lines)", target="≤ 10 s",
             met=styr_seconds <= 10, size=args.services, note=f"load {load:.1f}")


if __name__ == "__main__":
    main()
