"""The tester's lost-update scenario (issue 8): C clients raising one consumer's volume for S seconds.

    .venv/bin/python bench/concurrency.py [--clients 8] [--seconds 30] [--smoke]

Each client is a thread with its own API client and database connection, in-process (no network), against a
fresh database (SQLite in a temporary directory; with DATABASE_URL, the PostgreSQL database it names, whose
`public` schema is dropped: give it one of its own). Two ways of counting, one after the other:

- **read-modify-write** — GET the consumer, PATCH volume + 1 with If-Match; on 412 (someone else was first)
  read again. Before issue 8 this lost 944 of 1,165 increments on SQLite.
- **add-volume** — POST …/add-volume/ {"delta": 1}: the database adds, nobody re-reads.

It prints, for each, the writes answered 200, the refusals (412) and busy answers (503), the stored volume and
how many increments were lost (stored − start − answered 200; must be 0), and writes per second.
"""

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import register  # noqa: E402


def run(mode, clients, seconds, consumer, admin):
    from django.db import connection
    from rest_framework.test import APIClient

    url = f"/api/consumers/{consumer.pk}/"
    counts = {"ok": 0, "412": 0, "503": 0, "other": 0}
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client():
        api = APIClient()
        api.force_authenticate(admin)
        try:
            while time.monotonic() < stop:
                if mode == "add-volume":
                    status = api.post(f"{url}add-volume/", {"delta": "1"}, format="json").status_code
                else:
                    read = api.get(url)
                    if read.status_code != 200:
                        status = read.status_code
                    else:
                        volume = float(read.json()["volume"]) + 1
                        status = api.patch(url, {"volume": f"{volume:.2f}"}, format="json",
                                           HTTP_IF_MATCH=read["ETag"]).status_code
                key = "ok" if status == 200 else str(status) if status in (412, 503) else "other"
                with lock:
                    counts[key] += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return counts, time.monotonic() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--smoke", action="store_true", help="two clients for one second each, to keep it working")
    args = parser.parse_args()
    if args.smoke:
        args.clients, args.seconds = 2, 1
    with tempfile.TemporaryDirectory() as workdir:
        register.setup_django(Path(workdir))
        register.fresh_database()
        from django.db import connection

        from organisations.tests import factories as orgs
        from services.models import Consumer
        from services.tests import factories

        admin = orgs.user("bench-admin", admin=True)
        consumer = Consumer.objects.create(service=factories.service(), organisation=orgs.organisation(), volume=0)
        print(f"{connection.vendor}: {args.clients} clients, {args.seconds:g} s each way")
        failed = False
        for mode in ("read-modify-write", "add-volume"):
            start = Consumer.objects.get(pk=consumer.pk).volume
            counts, took = run(mode, args.clients, args.seconds, consumer, admin)
            stored = Consumer.objects.get(pk=consumer.pk).volume
            lost = int(start + counts["ok"] - stored)
            failed |= lost != 0 or counts["other"] != 0
            print(f"{mode:>18}: {counts['ok']} answered 200, {counts['412']} refused as stale (412), "
                  f"{counts['503']} busy (503), {counts['other']} other; volume {start} → {stored}, "
                  f"lost {lost}; {counts['ok'] / took:.0f} writes/s")
        if failed:
            sys.exit("lost updates or unexpected answers")


if __name__ == "__main__":
    main()
