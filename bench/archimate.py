"""Benchmark of the ArchiMate export (issue 11 point 6): the whole register as one exchange file.

    .venv/bin/python bench/archimate.py [--services 100000] [--edges 5]   (--smoke: 500 services)

A synthetic region is made by `styr generate` (with the integrations and dependencies its generators add, when
the architecture's generator is there); if the register then holds fewer than `--edges` integrations and
dependencies per service, the rest are added here in bulk (4 of 5 integrations, 1 of 5 dependencies,
random ends). Then it times `architecture.archimate_export.write` into a file and reports its size, the
process's peak resident memory (ru_maxrss), beside the raw
reading of the same rows with a cursor (what the database alone costs). Targets: ≤ 60 s, ≤ 2 GiB."""

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import register  # noqa: E402


def make_region(size, edges, rng):

    from architecture.models import Dependency, Integration
    from services.models import Service

    generated = register.generated_region(size)
    start = time.perf_counter()
    ids = list(Service.objects.values_list("pk", flat=True))
    have = Integration.objects.count() + Dependency.objects.count()
    wanted = max(0, size * edges - have)
    integrations, dependencies, seen = [], [], set()
    kinds = ["api", "file", "messaging", "shared_database"]
    while len(integrations) + len(dependencies) < wanted:
        a, b = rng.sample(ids, 2)
        if len(dependencies) < wanted // 5:
            if ("d", a, b) not in seen:
                seen.add(("d", a, b))
                dependencies.append(Dependency(service_id=a, depends_on_id=b))
        else:
            kind = rng.choice(kinds)
            if (kind, a, b) not in seen:
                seen.add((kind, a, b))
                integrations.append(Integration(producer_id=a, consumer_id=b, kind=kind,
                                                standard="REST", carries="Syntetisk information"))
    Dependency.objects.bulk_create(dependencies, batch_size=5000)
    Integration.objects.bulk_create(integrations, batch_size=5000)
    return generated + time.perf_counter() - start


def raw_read():
    """The rows the export reads, read with a cursor and thrown away: the database's share of the time."""
    from django.db import connection

    start = time.perf_counter()
    with connection.cursor() as cursor:
        for sql in ("SELECT * FROM services_service", "SELECT * FROM architecture_integration",
                    "SELECT * FROM architecture_dependency", "SELECT * FROM security_informationtype",
                    "SELECT * FROM services_ownership"):
            cursor.execute(sql)
            while cursor.fetchmany(5000):
                pass
    return time.perf_counter() - start


def bench_export(workdir, validate):
    from architecture import archimate, archimate_export

    target = workdir / "export.xml"
    start = time.perf_counter()
    with open(target, "wb") as stream:
        archimate_export.write(stream)
    seconds = time.perf_counter() - start
    if validate:
        from lxml import etree

        archimate.schema().assertValid(etree.parse(str(target)))
    return seconds, target.stat().st_size


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--edges", type=int, default=5, help="integrations and dependencies per service")
    parser.add_argument("--smoke", action="store_true", help="500 services: proves it still runs (and validates)")
    args = parser.parse_args()
    if args.smoke:
        args.services = 500
    with tempfile.TemporaryDirectory(prefix="styr-bench-archimate-") as workdir:
        workdir = Path(workdir)
        register.setup_django(workdir)
        from django.db import connection

        from architecture.models import Dependency, Integration

        seconds = make_region(args.services, args.edges, random.Random(5))
        print(f"database: {connection.vendor}; Python {sys.version.split()[0]}; {os.cpu_count()} cores; "
              f"{args.services:,} services, {Integration.objects.count():,} integrations, "
              f"{Dependency.objects.count():,} dependencies made in {seconds:.1f} s")
        raw = raw_read()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        export_seconds, size = bench_export(workdir, validate=args.smoke)
        maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"export: {export_seconds:.1f} s (target ≤ 60 s), {size / 2**20:.0f} MiB written; "
              f"raw read of the same rows {raw:.1f} s")
        print(f"memory: process peak resident {maxrss:.0f} MiB (target ≤ 2048 MiB; {before:.0f} MiB before the "
              "export, after making the region)" + ("; the file validates against the XSD" if args.smoke else ""))


if __name__ == "__main__":
    main()
