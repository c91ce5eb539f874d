"""Benchmark of one import file far larger than the register: 300,000 services in one CSV, then the same file
again (every row compared with the register, nothing changed). Before issue 13 such a file stopped with
"too many SQL variables" (one `IN` list of every external id); the look-ups now go in chunks.

    .venv/bin/python bench/import_file.py [--services 300000]
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import register  # noqa: E402
from _table import emit  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=300_000, help="rows in the one file")
    parser.add_argument("--smoke", action="store_true", help="300 rows looked up 50 at a time: proves it runs")
    args = parser.parse_args()
    # A file larger than the register a country would have: at least 300,000 rows whatever BENCH_SERVICES says.
    size = 300 if args.smoke else max(args.services, 300_000)
    with tempfile.TemporaryDirectory(prefix="styr-bench-import-") as workdir:
        register.setup_django(Path(workdir))
        from django.db import connection

        from services import imports

        if args.smoke:
            imports.LOOKUP_CHUNK = 50  # the chunked path, at smoke size
        register.fresh_database()
        data = register.csv_file(size, seed=size)
        print(f"database: {connection.vendor}; one file of {size:,} rows ({len(data) / 1e6:.0f} MB)")
        start = time.perf_counter()
        result = imports.import_services("bench.csv", data)
        first = time.perf_counter() - start
        assert result.created == size and not result.errors, result.errors[:3]
        start = time.perf_counter()
        again = imports.import_services("bench.csv", data)
        second = time.perf_counter() - start
        assert again.unchanged == size and not again.errors, again.errors[:3]
        print(f"  first import: {size / first:,.0f} rows/s ({first:.1f} s); the same file again (all unchanged): "
              f"{size / second:,.0f} rows/s ({second:.1f} s)")
        emit("import_file", "one file, new services", f"{size / first:,.0f} rows/s ({first:.1f} s)", size=size,
             target="any size in one file", met=True)
        emit("import_file", "the same file again, unchanged", f"{size / second:,.0f} rows/s ({second:.1f} s)",
             size=size)


if __name__ == "__main__":
    main()
