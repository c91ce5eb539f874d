"""Starts the real OpenID provider of scripts/oidc (npm's oidc-provider under Node.js) on a free 127.0.0.1 port."""

import contextlib
import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import requests

OIDC_DIR = Path(__file__).resolve().parents[2] / "scripts" / "oidc"
CLIENT_ID, CLIENT_SECRET = "styr", "styr-test-secret"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Provider:
    def __init__(self, users_file, issuer):
        self.users_file, self.issuer = users_file, issuer

    def set_user(self, sub, **claims):
        users = json.loads(self.users_file.read_text()) if self.users_file.exists() else {}
        users[sub] = {"sub": sub, **claims}
        self.users_file.write_text(json.dumps(users))


@contextlib.contextmanager
def running(tmp_path, styr_url):
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is missing: scripts/test.sh installs Debian's nodejs and npm")
    if not (OIDC_DIR / "node_modules" / "oidc-provider").is_dir():
        raise RuntimeError("scripts/oidc/node_modules is missing: run `npm ci` in scripts/oidc (scripts/test.sh does)")
    port = _free_port()
    users_file = tmp_path / "oidc-users.json"
    users_file.write_text("{}")
    env = {**os.environ, "PORT": str(port), "USERS_FILE": str(users_file), "CLIENT_ID": CLIENT_ID,
           "CLIENT_SECRET": CLIENT_SECRET, "REDIRECT_URI": f"{styr_url}/oidc/callback/",
           "POST_LOGOUT_URI": f"{styr_url}/logga-in/"}
    log = (tmp_path / "oidc-provider.log").open("w")
    process = subprocess.Popen([node, "provider.js"], cwd=OIDC_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    issuer = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            if process.poll() is not None:
                raise RuntimeError(f"the provider stopped: {(tmp_path / 'oidc-provider.log').read_text()}")
            with contextlib.suppress(requests.ConnectionError):
                if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=2).ok:
                    break
            time.sleep(0.1)
        else:
            raise RuntimeError("the provider did not answer within 20 s")
        yield Provider(users_file, issuer)
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
