"""Benchmark of the bokslut (issue 10 item 7): the yearly report as PDF for a region of N services, its time and
peak memory, and its queries beside the same SQL run raw.

    .venv/bin/python bench/bokslut.py [--services 100000] [--repeat 3]

A synthetic region is made by `styr generate` and given what the rules look at (bench/rules.py); then the
follow-up a region would hold: 24 indicators in four focus areas over five years (targets, outcomes, a forecast
for the running year), a grade definition per year, deviations with and without plans, the daily rule snapshot
(rules.actions.take_snapshot, as the nightly job does) for each month of the year, and two years of stored
cost allocation (three paying boards per service). Then it times:
  * command: `styr report bokslut --year Y -o FILE.pdf` (and --organisation, and .xlsx) as a separate process,
    its wall time and its peak resident memory (the child's rusage) — targets 30 s and 1 GiB;
  * figures: `reports.bokslut.gather()` in process, and every SQL statement it issued run again raw with the
    driver, side by side;
  * layout: the HTML with its charts, and WeasyPrint's PDF from it.
"""

import argparse
import datetime
import importlib.util
import os
import random
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import register  # noqa: E402

YEAR = datetime.date.today().year
GiB = 1024 ** 3


def _bench_rules():
    spec = importlib.util.spec_from_file_location("bench_rules", Path(__file__).resolve().parent / "rules.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_region(size, rng):

    generated = register.generated_region(size)
    start = time.perf_counter()
    _bench_rules().populate(random.Random(3))
    populate_indicators(rng)
    populate_snapshots()
    populate_allocation(rng)
    return generated + time.perf_counter() - start


def populate_indicators(rng):
    from django.utils import timezone

    from indicators.models import (
        Deviation,
        FocusArea,
        GradeDefinition,
        GradeWeight,
        Indicator,
        IndicatorYear,
        Outcome,
        PlanAction,
    )
    from organisations.models import Organisation

    region = Organisation.objects.get(code="GEN")
    boards = list(Organisation.objects.filter(code__startswith="GEN-").order_by("code")[:4])
    areas = [FocusArea.objects.create(code=f"fokus-{n}", name=f"Fokusområde {n}", order=n) for n in range(4)]
    indicators = []
    for n in range(24):
        owner = region if n < 16 else boards[n % 4]
        indicators.append(Indicator.objects.create(
            code=f"ind-{n:02d}", name=f"Indikator {n:02d} för digitalisering", definition="Antal / alla.",
            source="Syntetisk källa", owner=owner, focus_area=areas[n % 4],
            direction="higher" if n % 5 else "lower"))
    years = range(YEAR - 4, YEAR + 1)
    IndicatorYear.objects.bulk_create(
        IndicatorYear(indicator=i, year=y, target=Decimal(rng.randrange(50, 90)),
                      forecast=Decimal(rng.randrange(40, 95)) if y == YEAR else None,
                      forecast_at=timezone.now() if y == YEAR else None) for i in indicators for y in years)
    Outcome.objects.bulk_create(
        Outcome(indicator=i, year=y, period="year", value=Decimal(rng.randrange(30, 100)), source="Syntetisk källa")
        for i in indicators for y in years if y < YEAR)
    Outcome.objects.bulk_create(
        Outcome(indicator=i, year=YEAR, period=q, value=Decimal(rng.randrange(30, 100)), source="Syntetisk källa")
        for i in indicators for q in ("Q1", "Q2", "Q3"))
    for y in years:
        definition = GradeDefinition.objects.create(year=y)
        GradeWeight.objects.bulk_create(GradeWeight(definition=definition, indicator=i, weight=Decimal(1 + n % 3))
                                        for n, i in enumerate(indicators[:12]))
    for n, indicator in enumerate(indicators[:6]):
        deviation = Deviation.objects.create(indicator=indicator, year=YEAR, basis="forecast", value=Decimal(30),
                                             target=Decimal(60), opened_on=datetime.date(YEAR, 3, 1),
                                             cause_analysis="Orsaken är analyserad." if n % 2 else "")
        if n % 2:
            PlanAction.objects.create(deviation=deviation, action="Åtgärd", responsible="Ansvarig",
                                      due=datetime.date(YEAR, 12, 31))


def populate_snapshots():
    """Today's snapshot, taken as the nightly job takes it, and copied to the first day of each earlier month."""
    from rules import actions
    from rules.models import RuleSnapshot

    actions.take_snapshot()
    today = datetime.date.today()
    rows = list(RuleSnapshot.objects.filter(taken_on=today).values("rule", "owner_id", "applicable", "failing"))
    RuleSnapshot.objects.bulk_create(
        [RuleSnapshot(taken_on=datetime.date(YEAR, month, 1), **row) for month in range(1, today.month) for row in rows],
        batch_size=5000)


def populate_allocation(rng):
    from core.bulk import analyze, insert_rows
    from costs.models import AllocationLine, AllocationRun
    from organisations.models import Organisation
    from services.models import Service

    orgs = list(Organisation.objects.filter(code__startswith="GEN-").values_list("pk", flat=True))
    services = list(Service.objects.values_list("pk", flat=True))
    for year in (YEAR - 1, YEAR):
        run = AllocationRun.objects.create(year=year, figure="outcome", total_cost_ore=0, allocated_ore=0)
        insert_rows(AllocationLine, ["run_id", "service_id", "organisation_id", "cost_type", "method", "driver",
                                     "volume", "share", "amount_ore"],
                    [(run.pk, s, o, "operations", "common", "", None, "0.33333333", rng.randrange(1_000_00, 500_000_00))
                     for s in services for o in rng.sample(orgs, 3)])
    analyze(AllocationLine)


def run_command(args, workdir):
    """The command in its own process: (seconds, peak resident bytes, stderr)."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "report", "bokslut", *args],
                               cwd=ROOT, env={**os.environ, "STYR_VAR_DIR": str(workdir), "PYTHONPATH": str(ROOT)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    error = process.stderr.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"report {' '.join(args)} failed:\n{error}")
    return seconds, usage.ru_maxrss * 1024, error


def bench_command(workdir, repeat):
    from organisations.models import Organisation

    board = Organisation.objects.filter(code__startswith="GEN-").order_by("code").first().code
    results = {}
    for label, args in (("region, PDF", []), (f"board {board}, PDF", ["--organisation", board]),
                        ("region, XLSX", ["--format", "xlsx"])):
        suffix = "xlsx" if "xlsx" in args else "pdf"
        runs = [run_command(["--year", str(YEAR), "-o", str(workdir / f"bokslut.{suffix}"), *args], workdir)
                for _ in range(repeat)]
        seconds, peak = min(r[0] for r in runs), max(r[1] for r in runs)
        size = (workdir / f"bokslut.{suffix}").stat().st_size
        pages = ""
        if suffix == "pdf":
            info = subprocess.run(["pdfinfo", str(workdir / "bokslut.pdf")], capture_output=True, text=True).stdout
            pages = next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")
            pages = f", {pages} pages"
        verdict = "ok" if seconds <= 30 and peak <= GiB else "OVER TARGET"
        print(f"  command, {label}: {seconds:.1f} s (best of {repeat}), peak {peak / 2 ** 20:.0f} MiB, "
              f"{size / 1024:.0f} KiB{pages} — target 30 s and 1024 MiB: {verdict}")
        results[label] = (seconds, peak)
    return results


def bench_figures(repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports import bokslut, pdf

    styr_runs, raw_runs = [], []
    with CaptureQueriesContext(connection) as captured:
        bokslut.gather(YEAR)
    statements = [query["sql"] for query in captured.captured_queries]

    def raw():
        with connection.cursor() as cursor:
            for sql in statements:  # the SQL as Django sent it, parameters inlined by its own quoting
                cursor.execute(sql)
                cursor.fetchall()

    for _ in range(repeat):
        start = time.perf_counter()
        data = bokslut.gather(YEAR)
        styr_runs.append(time.perf_counter() - start)
        start = time.perf_counter()
        raw()
        raw_runs.append(time.perf_counter() - start)
    best_styr, best_raw = min(styr_runs), min(raw_runs)
    print(f"  figures: gather() {best_styr:.2f} s in {len(statements)} queries (best of {repeat}); the same SQL raw "
          f"{best_raw:.2f} s; Styr takes {best_styr / best_raw:.1f}x raw")
    slowest = sorted(((_timed_sql(connection, sql), sql) for sql in statements), reverse=True)[:3]
    for seconds, sql in slowest:
        print(f"    {seconds * 1000:7.0f} ms  {sql[:150]}…")
    start = time.perf_counter()
    html = pdf.html(data)
    drawn = time.perf_counter() - start
    start = time.perf_counter()
    content = pdf.render(data)
    printed = time.perf_counter() - start
    charts = html.count("data:image/svg+xml")
    print(f"  layout: the HTML with its {charts} charts {drawn:.2f} s; the PDF (that HTML and WeasyPrint) "
          f"{printed:.2f} s, {len(content) / 1024:.0f} KiB")
    return best_styr, best_raw


def _timed_sql(connection, sql):
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        cursor.fetchall()
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--smoke", action="store_true", help="a few hundred services, once: proves it still runs")
    args = parser.parse_args()
    if args.smoke:
        args.services, args.repeat = 300, 1
    with tempfile.TemporaryDirectory(prefix="styr-bench-bokslut-") as workdir:
        workdir = Path(workdir)
        register.setup_django(workdir)
        from django.db import connection

        seconds = make_region(args.services, random.Random(7))
        print(f"database: {connection.vendor}; Python {sys.version.split()[0]}; {os.cpu_count()} cores; "
              f"{args.services:,} services with rules' data, 24 indicators over 5 years, monthly rule snapshots "
              f"and two years of allocation made in {seconds:.1f} s")
        connection.close()  # the command's process reads the same database
        bench_command(workdir, args.repeat)
        bench_figures(args.repeat)


if __name__ == "__main__":
    main()
