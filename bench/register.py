"""Benchmark of the register, side by side with the raw database doing the same work.

    .venv/bin/python bench/register.py [--sizes 10000 100000] [--requests 300]

For each size: a fresh database (SQLite in a temporary directory, or the PostgreSQL server that
DATABASE_URL names), a synthetic region, then
  * import: rows/s through `styr import` (serializer validation, bulk insert with history) and the
    same services and ownerships inserted raw with the database driver;
  * list: p50/p95 ms of a filtered, paginated page of GET /api/services/ (in-process, no network),
    and of the two SQL statements (count and page) that answer it, run raw;
  * detail: p50/p95 ms of GET /api/services/{id}/ and of its SQL run raw.
"""

import argparse
import csv
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _table import emit as emit_row  # noqa: E402


def emit(measure, styr, **kwargs):
    emit_row("register", measure, styr, **kwargs)


def percentile(samples, p):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def timed(fn, repeat):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return percentile(samples, 50), percentile(samples, 95)


def setup_django(workdir):
    os.environ["STYR_VAR_DIR"] = str(workdir)
    os.environ["STYR_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styr.settings")
    import django

    django.setup()


def fresh_database():
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    if not _copy_migrated():
        call_command("migrate", verbosity=0)
        _keep_migrated()
    call_command("flush", interactive=False, verbosity=0)
    call_command("generate", services=0, verbosity=0)


def generated_region(size, seed=None):
    """fresh_database() with the lifecycle support dates (the flush emptied what the migrations loaded) and `styr
    generate` of `size` services (seed: `size`), from a kept copy when this code has made that region before.

    Eight benchmarks start from the same generated region, and four from the same imported one (imported_region),
    which took each of them minutes at 100,000 services and made `make bench` longer than a working day. A kept
    copy is named by a hash of every migration and every non-test source file of Styr, so any change of code makes
    a new one, and copies made by other code are removed when a new one is kept. SQLite: a copy of the database file
    beside the migrated one; PostgreSQL: a database `styr_region_…`, copied back with CREATE DATABASE … TEMPLATE.
    Returns the seconds the making took (when it was made)."""
    from django.core.management import call_command

    seed = size if seed is None else seed
    return _region("generated", size, seed,
                   lambda: call_command("generate", services=size, seed=seed, verbosity=0))


def imported_region(size, seed=None):
    """As generated_region, with the services of csv_file(size, seed) imported through `styr import` instead."""
    from services.imports import import_services

    seed = size if seed is None else seed

    def make():
        result = import_services("bench.csv", csv_file(size, seed=seed))
        assert result.created == size, result.errors[:3]

    return _region("imported", size, seed, make)


def _region(how, size, seed, make):
    import json

    from lifecycle import support_data

    key = f"{_code_digest()}_{how[0]}{size}_{seed}"
    kept = Path(tempfile.gettempdir()) / f"styr-bench-region-{key}.json"
    if kept.exists() and _restore_region(key):
        seconds = json.loads(kept.read_text())["seconds"]
        print(f"  the {how} region of {size:,} services (seed {seed}) is a copy of the one this code made before, "
              f"in {seconds:.1f} s", flush=True)
        return seconds  # settled when made: a PostgreSQL copy keeps its statistics and visibility map
    fresh_database()
    support_data.load()
    start = time.perf_counter()
    make()
    seconds = time.perf_counter() - start
    settle()
    _keep_region(key)
    partial = kept.with_suffix(f".{os.getpid()}.partial")
    partial.write_text(json.dumps({"seconds": seconds, "services": size, "seed": seed, "how": how}))
    partial.replace(kept)
    return seconds


def settle():
    """PostgreSQL: VACUUM ANALYZE, as autovacuum does within a minute of a large insert, so pages are measured as
    people read them, not in the minute after a bulk write. Before it PostgreSQL cannot answer from an index alone
    (the visibility map is unset): the bill's first page with 4 clients took 409 instead of 309 ms p95, and the API's
    count read the table. SQLite: nothing (the writes ANALYZE what they bulk-write)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def _code_digest():
    def source(path):
        parts = path.relative_to(ROOT).parts
        return not (parts[0].startswith(".") or parts[0] in {"bench", "docs", "scripts"} or "tests" in parts)

    return _digest(path for path in ROOT.glob("*/**/*.py") if source(path))


def _maintenance():
    """A connection to the PostgreSQL server's `postgres` database (a database cannot be copied or dropped from a
    connection to itself), autocommitting: CREATE and DROP DATABASE refuse to run in a transaction."""
    import psycopg
    from django.db import connection

    settings = connection.settings_dict
    return psycopg.connect(dbname="postgres", user=settings["USER"] or None, password=settings["PASSWORD"] or None,
                           host=settings["HOST"] or None, port=settings["PORT"] or None, autocommit=True)


def _region_database(key):
    return f"styr_region_{key}"


def _region_file(key):
    return Path(tempfile.gettempdir()) / f"styr-bench-region-{key}.sqlite3"


def _keep_region(key):
    from django.db import connection

    if connection.vendor == "postgresql":
        name = connection.settings_dict["NAME"]
        connection.close()
        with _maintenance() as server:
            for (other,) in server.execute("SELECT datname FROM pg_database WHERE datname LIKE 'styr_region_%%' "
                                           "AND datname NOT LIKE %s", [f"styr_region_{key[:16]}%"]).fetchall():
                server.execute(f'DROP DATABASE "{other}" WITH (FORCE)')
            server.execute(f'DROP DATABASE IF EXISTS "{_region_database(key)}"')
            server.execute(f'CREATE DATABASE "{_region_database(key)}" TEMPLATE "{name}" STRATEGY FILE_COPY')
        return
    for other in Path(tempfile.gettempdir()).glob("styr-bench-region-*"):
        if not other.name.startswith(f"styr-bench-region-{key[:16]}"):
            other.unlink(missing_ok=True)
    _copy_out(_region_file(key))


def _restore_region(key):
    """The benchmark's database becomes a copy of the kept region. False if there is none to copy."""
    from django.db import connection

    if connection.vendor == "postgresql":
        name = connection.settings_dict["NAME"]
        connection.close()
        with _maintenance() as server:
            if not server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [_region_database(key)]).fetchone():
                return False
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            server.execute(f'CREATE DATABASE "{name}" TEMPLATE "{_region_database(key)}" STRATEGY FILE_COPY')
        return True
    return _copy_in(_region_file(key))


def _migrated_template():
    """Where a freshly migrated SQLite database of these migrations is kept between benchmark runs: migrating a new
    database takes minutes (87 migrations), which made each benchmark's --smoke take minutes; the flush after it
    empties what the data migrations loaded anyway. Named by a hash of every migration file, so a new or
    changed migration makes a new one."""
    return Path(tempfile.gettempdir()) / f"styr-bench-migrated-{_digest(ROOT.glob('*/migrations/*.py'))}.sqlite3"


def _digest(paths):
    """16 hex digits of a hash of these files' names and contents."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(ROOT)).encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def _database_file():
    from django.db import connection

    return Path(connection.settings_dict["NAME"]) if connection.vendor == "sqlite" else None


def _copy_migrated():
    """SQLite: the benchmark's database becomes a copy of the kept migrated one, if there is one. True if so."""
    return _database_file() is not None and _copy_in(_migrated_template())


def _keep_migrated():
    if _database_file() is not None:
        _copy_out(_migrated_template())


def _copy_in(kept):
    """SQLite: the benchmark's database file becomes a copy of `kept`. False if there is no such file."""
    import shutil

    from django.db import connection

    if not kept.exists():
        return False
    target = _database_file()
    connection.close()
    for journal in ("-wal", "-shm", "-journal"):  # a journal of another database must not be replayed into it
        Path(f"{target}{journal}").unlink(missing_ok=True)
    shutil.copyfile(kept, target)
    return True


def _copy_out(kept):
    """SQLite: the benchmark's database, whole, copied to `kept`."""
    import shutil

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the file, nothing left in the journal
    connection.close()
    partial = kept.with_suffix(f".{os.getpid()}.partial")
    shutil.copyfile(_database_file(), partial)
    partial.replace(kept)  # atomic: a benchmark running beside this one never copies half a file


def csv_file(size, seed):
    from organisations.models import Domain, Organisation
    from services.imports import COLUMNS
    from services.management.commands.generate import synthetic_rows

    domains = list(Domain.objects.values_list("code", flat=True))
    owners = list(Organisation.objects.filter(code__startswith="GEN-").values_list("code", flat=True))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, delimiter=";")
    writer.writeheader()
    for row in synthetic_rows(size, domains, owners, seed=seed):
        if row["phase"] == "planned":
            row["owner"] = row["owner_from"] = ""
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def raw_service_columns(domains):
    """The service table's columns and a function making one raw row, both derived from the model: every
    column the model has is written (from the file when it has the column, else the field's default), so a
    field added to Service cannot break the raw baseline again (it broke when `version` was added)."""
    from services.models import Service

    fields = [f for f in Service._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]

    def value(field, row):
        if field.name == "domain":
            return domains[row["domain"]]
        if field.name == "row_version":
            return 1
        text = row.get(field.name)
        if text not in (None, "") and field.get_internal_type() == "BooleanField":
            return text.casefold() in ("true", "ja", "yes", "1")
        if text not in (None, ""):
            return text
        if field.null:
            return None
        default = field.get_default()
        return default if default is not None else ""

    def values(row, external_id):
        return tuple(external_id if f.name == "external_id" else value(f, row) for f in fields)

    return columns, values


def raw_insert(data, offset):
    """The same services and ownerships written with the driver in one transaction, no validation
    and no history: executemany on SQLite, COPY on PostgreSQL (each database's fastest plain path)."""
    from django.db import connection

    from organisations.models import Domain, Organisation

    domains = dict(Domain.objects.values_list("code", "id"))
    owners = dict(Organisation.objects.values_list("code", "id"))
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8")), delimiter=";"))
    start = time.perf_counter()
    columns, values = raw_service_columns(domains)
    services = [values(r, f"RAW{offset}-{r['external_id']}") for r in rows]
    service_cols = ", ".join(columns)
    ownership_cols = "service_id, organisation_id, valid_from, mandate, basis"
    with connection.cursor() as wrapper:
        raw = wrapper.connection
        cur = raw.cursor()
        p = "%s" if connection.vendor == "postgresql" else "?"
        if connection.vendor == "sqlite":
            cur.execute("BEGIN")
            cur.executemany(f"INSERT INTO services_service ({service_cols}) VALUES ({', '.join([p] * len(columns))})",
                            services)
        else:
            with cur.copy(f"COPY services_service ({service_cols}) FROM STDIN") as copy:
                for row in services:
                    copy.write_row(row)
        cur.execute(f"SELECT external_id, id FROM services_service WHERE external_id LIKE {p}", (f"RAW{offset}-%",))
        ids = dict(cur.fetchall())
        ownerships = [(ids[f"RAW{offset}-{r['external_id']}"], owners[r["owner"]], r["owner_from"], "", "registration")
                      for r in rows if r["owner"]]
        if connection.vendor == "sqlite":
            cur.executemany(f"INSERT INTO services_ownership ({ownership_cols}) VALUES ({', '.join([p] * 5)})",
                            ownerships)
        else:
            with cur.copy(f"COPY services_ownership ({ownership_cols}) FROM STDIN") as copy:
                for row in ownerships:
                    copy.write_row(row)
        raw.commit()
    seconds = time.perf_counter() - start
    # Take the raw copies out again (raw too: they have no history), so the requests below see the
    # region the import made.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM services_ownership WHERE service_id IN "
                       "(SELECT id FROM services_service WHERE external_id LIKE %s)", [f"RAW{offset}-%"])
        cursor.execute("DELETE FROM services_service WHERE external_id LIKE %s", [f"RAW{offset}-%"])
        cursor.execute("ANALYZE")
    return seconds


def bench_size(size, requests, rng):
    from django.db import connection, reset_queries
    from rest_framework.test import APIClient

    from organisations.tests.factories import user
    from services.imports import import_services
    from services.models import Service

    fresh_database()
    data = csv_file(size, seed=size)
    start = time.perf_counter()
    result = import_services("bench.csv", data)
    import_seconds = time.perf_counter() - start
    assert result.created == size and not result.errors, result.errors[:5]
    raw_seconds = raw_insert(data, size)
    print(f"  import: {size / import_seconds:,.0f} rows/s ({import_seconds:.1f} s); "
          f"raw driver {size / raw_seconds:,.0f} rows/s; Styr takes {import_seconds / raw_seconds:.1f}x raw")
    emit("import", f"{size / import_seconds:,.0f} rows/s ({import_seconds:.1f} s)", size=size,
         raw=f"{size / raw_seconds:,.0f} rows/s", target="≥ 5,000 rows/s", met=size / import_seconds >= 5000)

    api = APIClient()
    api.force_authenticate(user("bench"))
    owners = [f"GEN-{n:03d}" for n in range(60)]
    ids = list(Service.objects.values_list("id", flat=True))

    def list_page():
        response = api.get("/api/services/", {"owner": rng.choice(owners), "phase": "in_production",
                                              "ordering": "name"})
        assert response.status_code == 200, response.content[:300]

    def detail():
        response = api.get(f"/api/services/{rng.choice(ids)}/")
        assert response.status_code == 200

    # The SQL that answers a list page: count, then one page joined to the open ownership and domain.
    p = "?" if connection.vendor == "sqlite" else "%s"
    from organisations.models import Organisation

    org_ids = dict(Organisation.objects.values_list("code", "id"))
    count_sql = (f"SELECT COUNT(*) FROM services_service s JOIN services_ownership o ON o.service_id = s.id "
                 f"AND o.valid_to IS NULL WHERE o.organisation_id = {p} AND s.phase = {p}")
    page_sql = (f"SELECT s.*, org.name, org.code, d.* FROM services_service s "
                f"JOIN services_ownership o ON o.service_id = s.id AND o.valid_to IS NULL "
                f"JOIN organisations_organisation org ON org.id = o.organisation_id "
                f"JOIN organisations_domain d ON d.id = s.domain_id "
                f"WHERE o.organisation_id = {p} AND s.phase = {p} ORDER BY s.name LIMIT 50 OFFSET {p}")
    detail_sqls = [
        f"SELECT s.*, d.* FROM services_service s JOIN organisations_domain d ON d.id = s.domain_id WHERE s.id = {p}",
        f"SELECT o.*, org.* FROM services_ownership o JOIN organisations_organisation org "
        f"ON org.id = o.organisation_id WHERE o.service_id = {p}",
        f"SELECT c.* FROM services_category c JOIN services_service_categories sc ON sc.category_id = c.id "
        f"WHERE sc.service_id = {p}",
    ]

    def raw_list():
        with connection.cursor() as cursor:
            org = org_ids[rng.choice(owners)]
            cursor.execute(count_sql, (org, "in_production"))
            cursor.fetchall()
            cursor.execute(page_sql, (org, "in_production", 0))
            cursor.fetchall()

    def raw_detail():
        service_id = rng.choice(ids)
        with connection.cursor() as cursor:
            for sql in detail_sqls:
                cursor.execute(sql, (service_id,))
                cursor.fetchall()

    for fn in (list_page, detail, raw_list, raw_detail):
        timed(fn, 20)  # warm caches
    reset_queries()
    figures = {name: timed(fn, requests) for name, fn in
               (("list", list_page), ("detail", detail), ("raw list", raw_list), ("raw detail", raw_detail))}
    for name in ("list", "detail"):
        p50, p95 = figures[name]
        r50, r95 = figures[f"raw {name}"]
        print(f"  {name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms; raw SQL p50 {r50:.2f} ms, p95 {r95:.2f} ms "
              f"({p95 / r95:.0f}x at p95)")
        limit = {"list": 50, "detail": 20}[name]
        emit(f"{name} p50 / p95 (in-process)", f"{p50:.1f} / {p95:.1f} ms", size=size,
             raw=f"{r50:.2f} / {r95:.2f} ms", target=f"p95 ≤ {limit} ms", met=p95 <= limit)
    return import_seconds, figures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--smoke", action="store_true", help="a few hundred services: proves it still runs")
    args = parser.parse_args()
    if args.smoke:
        args.sizes, args.requests = [300], 20
    with tempfile.TemporaryDirectory(prefix="styr-bench-") as workdir:
        setup_django(Path(workdir))
        from django.db import connection

        print(f"database: {connection.vendor}; Python {sys.version.split()[0]}; {os.cpu_count()} cores")
        rng = random.Random(7)
        for size in args.sizes:
            print(f"{size:,} services")
            bench_size(size, args.requests, rng)


if __name__ == "__main__":
    main()
