"""Every benchmark, one table: `make bench` runs each bench/*.py (not the helpers starting with "_") at full
size and prints the README's table from the rows they report.

    .venv/bin/python bench/_table.py [--smoke] [--only register api] [--services 100000]

A benchmark reports a figure with `emit()`: one line `BENCH-ROW {json}` on its output, so the table never
depends on how a benchmark words its prose. A benchmark that reports nothing still gets a row (its last line
and its wall time), so a new benchmark shows up in the table the day it lands. BENCH_SERVICES (or --services)
sets the size of every benchmark that takes --services (register.py: --sizes); DATABASE_URL picks the database.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PREFIX = "BENCH-ROW "


def emit(bench, measure, styr, raw="", target="", met=None, size=None, note=""):
    """Print one row of the README's table. `styr`/`raw`/`target` are text as the table shows them (units
    included); `met` True/False/None says whether the target holds."""
    from django.db import connection

    row = {"bench": bench, "database": {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(connection.vendor,
                                                                                            connection.vendor),
           "size": size, "measure": measure, "styr": styr, "raw": raw, "target": target, "met": met, "note": note}
    print(PREFIX + json.dumps(row, ensure_ascii=False), flush=True)


def benches():
    return sorted(p for p in HERE.glob("*.py") if not p.name.startswith("_"))


def arguments(path, smoke, services):
    if smoke:
        return ["--smoke"]
    if not services:
        return []
    usage = subprocess.run([sys.executable, str(path), "--help"], capture_output=True, text=True).stdout
    if "--sizes" in usage:
        return ["--sizes", str(services)]
    if "--services" in usage:
        return ["--services", str(services)]
    return []


def run(path, args):
    """Run one benchmark, passing its output through; (rows, last line, seconds, exit code)."""
    rows, last = [], ""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(path), *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, cwd=HERE.parent)
    for line in process.stdout:
        if line.startswith(PREFIX):
            rows.append(json.loads(line[len(PREFIX):]))
            continue
        sys.stdout.write(line)
        sys.stdout.flush()
        if line.strip():
            last = line.strip()
    code = process.wait()
    return rows, last, time.perf_counter() - start, code


def cell(text):
    return str(text).replace("|", "\\|")


def table(results):
    lines = ["| benchmark | database | services | measure | Styr | raw driver / SQL | target |",
             "|---|---|---|---|---|---|---|"]
    for name, rows, last, seconds, code in results:
        if code:
            lines.append(f"| {name} | | | FAILED (exit {code}) | {cell(last)} | | |")
        for row in rows:
            size = f"{row['size']:,}" if isinstance(row.get("size"), int) else (row.get("size") or "")
            target = row.get("target") or ""
            if target and row.get("met") is not None:
                target = f"{target} {'met' if row['met'] else '**missed**'}"
            styr = row["styr"] + (f" ({row['note']})" if row.get("note") else "")
            lines.append(f"| {name} | {row['database']} | {size} | {cell(row['measure'])} | {cell(styr)} | "
                         f"{cell(row.get('raw') or '')} | {cell(target)} |")
        if not rows and not code:
            lines.append(f"| {name} | | | whole run {seconds:.0f} s | {cell(last)} | | |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="every benchmark at its smoke size")
    parser.add_argument("--only", nargs="+", default=[], help="benchmark names (register api …)")
    parser.add_argument("--services", type=int, default=int(os.environ.get("BENCH_SERVICES") or 0) or None)
    args = parser.parse_args()
    chosen = [p for p in benches() if not args.only or p.stem in args.only]
    results = []
    for path in chosen:
        print(f"== {path.name}", flush=True)
        rows, last, seconds, code = run(path, arguments(path, args.smoke, args.services))
        results.append((path.stem, rows, last, seconds, code))
    print()
    print(table(results))
    failed = [name for name, *_, code in results if code]
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
