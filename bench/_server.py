"""The production server under load, for benchmarks: gunicorn (2 workers, debug off, whitenoise) on a free port
against the benchmark's database, a signed-in session, and N requests from 1 and 4 concurrent clients.

    from _server import Server, prepare_environment
    prepare_environment(workdir)          # before django.setup(): the server and the benchmark share settings
    ... build the region ...
    with Server() as server:
        cookie = server.sign_in("bench")  # a session of that user, as the sign-in page would make it
        figures = server.load(lambda i: ("GET", "/api/services/?limit=50", None), requests=300, clients=4,
                              cookie=cookie)
        # {"p50": ms, "p95": ms, "rps": requests per second, "statuses": {200: 300}}

Clients are threads, each with its own connection (http.client); the time is from sending the request to the
last byte of the answer. Five other processes may share the machine: report figures as measured "under load".
"""

import http.client
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WORKERS = 2


def prepare_environment(workdir):
    """Settings the benchmark process and the server share: the data directory (the SQLite file), debug off and
    one secret key (sessions are signed with it)."""
    os.environ["STYR_VAR_DIR"] = str(workdir)
    os.environ["STYR_DEBUG"] = "0"
    os.environ.setdefault("STYR_SECRET_KEY", "bench-" + secrets.token_urlsafe(40))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styr.settings")


def percentile(samples, p):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class Server:
    def __init__(self, workers=WORKERS):
        self.workers = workers
        self.process = None
        self.port = None

    def __enter__(self):
        from django.db import connections

        connections.close_all()  # the server's workers open their own; SQLite must not see a writer held open
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        env.update(STYR_DEBUG="0", STYR_HTTPS="0", STYR_ALLOWED_HOSTS="127.0.0.1")
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
             "--access-logfile", "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null", "styr.wsgi"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped: {self.process.stderr.read()[-2000:]}")
            try:
                status, _ = self.request("GET", "/logga-in/")
                if status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.3)
        else:
            self.__exit__(None, None, None)
            raise RuntimeError("gunicorn did not answer")
        # Every worker imports the project on its first request: warm them all before anything is timed.
        self.load(lambda i: ("GET", "/logga-in/", None), requests=4 * self.workers, clients=self.workers)
        return self

    def __exit__(self, *exc):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def sign_in(self, username):
        """A session cookie (and CSRF token) for `username`, as signing in would leave them."""
        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
        from django.contrib.sessions.backends.db import SessionStore

        user = get_user_model().objects.get(username=username)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        token = secrets.token_hex(16)  # 32 characters: an unmasked CSRF secret, as Django accepts it
        return {"Cookie": f"sessionid={session.session_key}; csrftoken={token}", "X-CSRFToken": token}

    def request(self, method, path, body=None, headers=None, connection=None):
        own = connection is None
        connection = connection or http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            sent = dict(headers or {})
            if body is not None:
                sent.setdefault("Content-Type", "application/json")
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            data = response.read()
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
            return response.status, data
        finally:
            if own:
                connection.close()

    def load(self, make_request, *, requests, clients, cookie=None):
        """Send `requests` requests, `make_request(i)` -> (method, path, body), from `clients` threads at once."""
        samples, statuses, lock = [], {}, threading.Lock()
        counter = iter(range(requests))

        def client():
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            while True:
                with lock:
                    i = next(counter, None)
                if i is None:
                    break
                method, path, body = make_request(i)
                start = time.perf_counter()
                status, _ = self.request(method, path, body, cookie, connection)
                elapsed = (time.perf_counter() - start) * 1000
                with lock:
                    samples.append(elapsed)
                    statuses[status] = statuses.get(status, 0) + 1
            connection.close()

        threads = [threading.Thread(target=client) for _ in range(clients)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - start
        return {"p50": percentile(samples, 50), "p95": percentile(samples, 95), "rps": len(samples) / seconds,
                "statuses": statuses}
