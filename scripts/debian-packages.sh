#!/usr/bin/env bash
# Debian packages Styr needs at run time, installed when missing: WeasyPrint's text layout (Pango) and
# fonts for the bokslut PDF. `make run` calls it; scripts/test.sh too, and adds the test tools.
set -euo pipefail
missing=()
for pkg in libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core "$@"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]} from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
