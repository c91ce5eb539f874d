"""Refresh the Swedish catalogue: collect the strings, fill them from scripts/sv*.txt, compile.

Run after changing user-facing text: `.venv/bin/python scripts/translate.py` (needs gettext's
xgettext, Debian package gettext). The compiled .mo is committed, so running Styr needs no gettext.
"""

import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "styr/locale/sv/LC_MESSAGES/django.po"


def main():
    subprocess.run([sys.executable, "manage.py", "makemessages", "-l", "sv", "--no-obsolete",
                    "--ignore=.venv", "--ignore=var", "-v0"], cwd=ROOT, check=True)
    table = {}
    # sv.txt and one sv-<topic>.txt per topic, so that parallel branches do not edit one file.
    for path in sorted((ROOT / "scripts").glob("sv*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                english, swedish = line.split("\t")
                table[english] = swedish
    catalogue = polib.pofile(str(PO))
    missing = []
    for entry in catalogue:
        key = f"{entry.msgid}|{entry.msgid_plural}" if entry.msgid_plural else entry.msgid
        if key not in table:
            missing.append(key)
            continue
        if entry.msgid_plural:
            one, many = table[key].split("|")
            entry.msgstr_plural = {0: one, 1: many}
        else:
            entry.msgstr = table[key]
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
    catalogue.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    catalogue.metadata["Language"] = "sv"
    catalogue.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    catalogue.save()
    catalogue.save_as_mofile(str(PO.with_suffix(".mo")))
    for key in missing:
        print(f"no Swedish for: {key!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
