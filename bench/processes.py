"""Benchmark of the process map's rules and pages: R18 (overlap) and R19 (needs mapping) over N generated services,
beside the same SQL run raw, and the reads the pages make (the map in tree order, a needs search's first page).

    .venv/bin/python bench/processes.py [--services 100000] [--smoke]

A synthetic region is imported (as in bench/register.py), each service past planned given two consuming
organisations of sixty, then architecture/generate_processes.py links three services in four to leaves of a
2,000-leaf map and records needs mappings for half the services being built."""

import argparse
import datetime
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import register  # noqa: E402


def populate(rng):
    from core.bulk import analyze
    from organisations.models import Organisation
    from services.models import Consumer, Service

    orgs = list(Organisation.objects.values_list("pk", flat=True))[:60]
    ids = list(Service.objects.values_list("pk", flat=True))
    Consumer.objects.bulk_create(
        [Consumer(service_id=pk, organisation_id=org, volume=10) for pk in ids for org in rng.sample(orgs, 2)],
        batch_size=5000, ignore_conflicts=True)
    analyze(Consumer)
    from architecture.generate_processes import generate

    generate(ids, seed=3)


def timed(function, repeat):
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        runs.append(time.perf_counter() - start)
    return max(runs) if repeat < 20 else statistics.quantiles(runs, n=20)[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--smoke", action="store_true", help="a few hundred services, once: proves it still runs")
    args = parser.parse_args()
    if args.smoke:
        args.services, args.repeat = 300, 1
    with tempfile.TemporaryDirectory(prefix="styr-bench-processes-") as workdir:
        register.setup_django(Path(workdir))
        from django.contrib.auth import get_user_model
        from django.db import connection

        from architecture import queries_processes, rules
        from core import registry

        register.imported_region(args.services)
        populate(random.Random(3))
        today = datetime.date.today()
        print(f"database: {connection.vendor}; {args.services:,} services")
        reader = get_user_model().objects.create_user("bench-reader")
        for rule_id in ("R18-OVERLAPP", "R19-BEHOVSANALYS"):
            rule = registry.RULES[rule_id]
            sql, params = rule.failing(today).values_list("pk").query.sql_with_params()

            def raw(sql=sql, params=params):
                with connection.cursor() as cursor:
                    cursor.execute(sql, params)
                    return cursor.fetchall()

            failing = len(raw())
            styr = timed(lambda rule=rule: list(rule.failing(today).values_list("pk", flat=True)), args.repeat)
            print(f"  {rule_id:18} {failing:7,} failing: {styr * 1000:7.0f} ms; "
                  f"raw {timed(raw, args.repeat) * 1000:7.0f} ms")
        first = rules.overlapping_links(today).values_list("service_id", flat=True).first()
        if first:
            print(f"  overlaps of one service (panel): "
                  f"{timed(lambda: rules.overlaps([first], today), args.repeat) * 1000:7.0f} ms")
        print(f"  process map in tree order ({len(queries_processes.tree()):,} processes): "
              f"{timed(queries_processes.tree, args.repeat) * 1000:7.0f} ms")
        leaf = queries_processes.tree()[-1]["id"]

        def search(text="Tjänst", processes=(leaf,)):
            found = queries_processes.needs_search(reader, text, processes)
            return found.count(), list(found[:50])

        print(f"  needs search, first page of 50 with its count: {timed(search, args.repeat) * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
