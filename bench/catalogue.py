"""Benchmark of the public catalogue at a country's size, side by side with the raw database.

    .venv/bin/python bench/catalogue.py [--services 100000] [--requests 200]

A synthetic region is made by `styr generate` (a third of its services are for residents and so published;
security's generator classifies most, some at the visibility level, which the catalogue never shows). Then, as an
anonymous visitor (Django's test client, in-process, the rate limit off), it times:
  * search: GET /katalog/?q=<a word>&page=<n> — the count and a page of 25 by name, with their owners;
  * browse: GET /katalog/?page=<n> — no search text;
  * service: GET /katalog/tjanster/<id>/;
  * the raw SQL of the search (count and page, the shield's subquery written by hand), beside it;
  * the open data (JSON and CSV of every published service), once each.
"""

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import register  # noqa: E402

PAGE = 25
WORDS = ("vård", "journal", "portal", "tolk", "trafik", "arkiv")


def make_region(size):

    return register.generated_region(size)


def bench(requests, rng):
    from django.db import connection
    from django.test import Client, override_settings

    from catalogue import queries
    from security.models import Policy
    from services.models import Service

    client = Client()
    published = queries.published()
    total, shown = Service.objects.count(), published.count()
    pages = max(1, min(200, shown // PAGE))
    ids = list(published.values_list("pk", flat=True)[:1000])

    def search():
        response = client.get("/katalog/", {"q": rng.choice(WORDS), "page": rng.randrange(1, 4)})
        assert response.status_code == 200, response.content[:300]

    def browse():
        response = client.get("/katalog/", {"page": rng.randrange(1, pages + 1)})
        assert response.status_code == 200, response.content[:300]

    def service():
        response = client.get(f"/katalog/tjanster/{rng.choice(ids)}/")
        assert response.status_code == 200, response.content[:300]

    p = "?" if connection.vendor == "sqlite" else "%s"
    like = "LIKE" if connection.vendor == "sqlite" else "ILIKE"  # SQLite's LIKE ignores case (ASCII) already
    where = (f"s.public AND s.phase NOT IN ('decommissioned', 'archived') AND s.id NOT IN ("
             f"SELECT c.service_id FROM security_classification c WHERE c.confidentiality >= {p}) "
             f"AND (s.name {like} {p} OR s.short_name {like} {p} OR s.description {like} {p})")
    count_sql = f"SELECT COUNT(*) FROM services_service s WHERE {where}"
    page_sql = (f"SELECT s.id, s.name, s.description, s.phase, o.name FROM services_service s "
                f"LEFT JOIN services_ownership w ON w.service_id = s.id AND w.valid_from <= {p} "
                f"AND (w.valid_to IS NULL OR w.valid_to > {p}) LEFT JOIN organisations_organisation o "
                f"ON o.id = w.organisation_id WHERE {where} ORDER BY s.name, s.id LIMIT {PAGE} OFFSET {p}")

    def raw():
        level = Policy.current().visibility_confidentiality
        pattern = f"%{rng.choice(WORDS)}%"
        today = datetime.date.today()
        with connection.cursor() as cursor:
            cursor.execute(count_sql, (level, pattern, pattern, pattern))
            cursor.fetchall()
            cursor.execute(page_sql, (today, today, level, pattern, pattern, pattern, rng.randrange(0, 3) * PAGE))
            cursor.fetchall()

    with override_settings(CATALOGUE_RATE_LIMIT=0):
        for fn in (search, browse, service, raw):
            register.timed(fn, 10)  # warm caches
        figures = {name: register.timed(fn, requests) for name, fn in
                   (("search", search), ("browse", browse), ("service", service), ("raw search", raw))}
        downloads = {}
        for name, url in (("JSON", "/katalog/oppna-data/tjanster.json"), ("CSV", "/katalog/oppna-data/tjanster.csv")):
            start = time.perf_counter()
            response = client.get(url)
            downloads[name] = (time.perf_counter() - start, len(response.content))
    print(f"  {shown:,} of {total:,} services in the catalogue")
    r50, r95 = figures["raw search"]
    for name in ("search", "browse", "service"):
        p50, p95 = figures[name]
        print(f"  {name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms over {requests} requests")
    s95 = figures["search"][1]
    print(f"  the search's queries raw: p50 {r50:.1f} ms, p95 {r95:.1f} ms (the page takes {s95 / r95:.1f}x at p95)")
    for name, (seconds, size) in downloads.items():
        print(f"  open data {name}: {seconds:.2f} s, {size / 1e6:.1f} MB")
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--smoke", action="store_true", help="a few hundred services, once: proves it still runs")
    args = parser.parse_args()
    if args.smoke:
        args.services, args.requests = 300, 10
    with tempfile.TemporaryDirectory(prefix="styr-bench-catalogue-") as workdir:
        register.setup_django(Path(workdir))
        from django.db import connection

        seconds = make_region(args.services)
        print(f"database: {connection.vendor}; Python {sys.version.split()[0]}; {os.cpu_count()} cores; "
              f"{args.services:,} services generated in {seconds:.1f} s")
        bench(args.requests, random.Random(13))


if __name__ == "__main__":
    main()
