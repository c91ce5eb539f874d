"""The production profile: a server refuses the public key, `djangocheck --deploy` is clean, gunicorn serves."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _env(tmp_path, **extra):
    # A clean server's environment: none of this test run's settings (the browser fixture's async switch).
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("STYR_") and k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update({"STYR_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "styr.settings", **extra})
    return env


PRODUCTION = {"STYR_DEBUG": "0", "STYR_SECRET_KEY": secrets.token_urlsafe(50), "STYR_HTTPS": "1",
              "STYR_ALLOWED_HOSTS": "styr.example.org", "STYR_PROXY_SSL_HEADER": "1"}


def test_deploy_check_is_clean_in_the_production_profile(tmp_path):
    result = subprocess.run([str(BIN / "styr"), "djangocheck", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=_env(tmp_path, **PRODUCTION), capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_server_with_debug_off_refuses_the_default_secret_key(tmp_path):
    result = subprocess.run([str(BIN / "styr"), "serve", "127.0.0.1:0", "--noreload"], cwd=ROOT,
                            env=_env(tmp_path, STYR_DEBUG="0"), capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "STYR_SECRET_KEY" in result.stderr
    result = subprocess.run([sys.executable, "-c", "import styr.wsgi"], cwd=ROOT, env=_env(tmp_path, STYR_DEBUG="0"),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "STYR_SECRET_KEY" in result.stderr


def test_gunicorn_serves_the_sign_in_page_with_its_static_files(tmp_path):
    env = _env(tmp_path, **{**PRODUCTION, "STYR_HTTPS": "0", "STYR_ALLOWED_HOSTS": "127.0.0.1"})
    subprocess.run([str(BIN / "styr"), "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "1",
                               "styr.wsgi"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/logga-in/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not answer")
        assert page.status == 200 and "Logga in" in page.read().decode()
        css = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/styr/styr.css", timeout=5)
        assert css.status == 200
    finally:
        server.terminate()
        server.wait(timeout=10)
