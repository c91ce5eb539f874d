#!/usr/bin/env bash
# The whole suite on SQLite (with the browser tests in Debian's Chromium), then again on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)
command -v pg_ctlcluster >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== installing ${need_apt[*]} from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
# The bokslut's libraries and fonts, and poppler-utils to render its pages in the tests.
scripts/debian-packages.sh poppler-utils

# The OpenID provider of the end-to-end sign-in test (accounts/tests/test_browser_oidc.py), pinned by package-lock.json.
if [ ! -d scripts/oidc/node_modules/oidc-provider ]; then
  echo "== npm ci in scripts/oidc"
  (cd scripts/oidc && npm ci --no-audit --no-fund --silent)
fi

echo "== lint"
$BIN/ruff check .

echo "== SQLite"
$BIN/pytest

echo "== benchmarks at their smoke size (figures for the README come from full runs)"
# Every bench/*.py but the helpers (bench/_*.py), so a new benchmark cannot be left out of the loop.
for bench in bench/[!_]*.py; do
  $BIN/python "$bench" --smoke
done

echo "== PostgreSQL"
source scripts/postgres.sh
DATABASE_URL="$STYR_TEST_DATABASE_URL" $BIN/pytest -m "not browser"
