"""Sealing and verifying the history chain, beside reading the same history rows raw.

    .venv/bin/python bench/history.py [--services 100000] [--smoke]

Imports a synthetic region (each service and its first ownership with their history records), then times
`audit.seal()` over every history record, `audit.verify()` over the whole chain, and a raw SELECT of the
same history rows (the floor any verification stands on)."""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import register  # noqa: E402 — the benchmark helpers beside this file


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--smoke", action="store_true", help="a few hundred services: proves it still runs")
    args = parser.parse_args()
    if args.smoke:
        args.services = 300
    with tempfile.TemporaryDirectory(prefix="styr-bench-history-") as workdir:
        register.setup_django(Path(workdir))
        from django.db import connection

        from core import audit
        from services.imports import import_services

        register.fresh_database()
        import_services("bench.csv", register.csv_file(args.services, seed=args.services))
        start = time.perf_counter()
        sealed = audit.seal()
        seal_seconds = time.perf_counter() - start
        start = time.perf_counter()
        report = audit.verify()
        verify_seconds = time.perf_counter() - start
        assert report.ok, report.problem
        start = time.perf_counter()
        with connection.cursor() as cursor:
            for model in audit.history_models():
                cursor.execute(f"SELECT * FROM {model._meta.db_table}")
                cursor.fetchall()
        raw_seconds = time.perf_counter() - start
        print(f"database: {connection.vendor}; {args.services:,} services, {sealed:,} history records")
        print(f"  seal: {seal_seconds:.1f} s ({sealed / seal_seconds:,.0f} records/s); verify: {verify_seconds:.1f} s "
              f"({sealed / verify_seconds:,.0f} records/s); reading the rows raw: {raw_seconds:.2f} s; "
              f"verify takes {verify_seconds / raw_seconds:.0f}x raw")


if __name__ == "__main__":
    main()
