"""The endoflife.date snapshot shipped in lifecycle/data/endoflife.json: load it, and refresh it when
a network is there. Styr never needs the network to know support dates; a refresh only updates the file."""

import datetime
import json
import urllib.request
from pathlib import Path

from django.db import transaction

from .models import SupportCycle

SNAPSHOT = Path(__file__).resolve().parent / "data" / "endoflife.json"
API = "https://endoflife.date/api/{product}.json"


def _date(value):
    # endoflife.date writes true/false where a product has no date, e.g. "still supported".
    if isinstance(value, str) and value:
        return datetime.date.fromisoformat(value)
    return None


@transaction.atomic
def load(path=SNAPSHOT):
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    count = 0
    for product, cycles in data.items():
        if product.startswith("_"):
            continue
        for cycle in cycles:
            SupportCycle.objects.update_or_create(
                product=product, cycle=str(cycle["cycle"]),
                defaults={"release_date": _date(cycle.get("releaseDate")),
                          "active_support_ends": _date(cycle.get("support")), "eol": _date(cycle.get("eol"))},
            )
            count += 1
    return count


def fetch(products, url=API, timeout=20):
    """Download each product's cycles from endoflife.date's API; raises OSError when unreachable."""
    result = {}
    for product in products:
        with urllib.request.urlopen(url.format(product=product), timeout=timeout) as response:
            cycles = json.loads(response.read().decode("utf-8"))
        result[product] = [
            {"cycle": str(c["cycle"]), "releaseDate": c.get("releaseDate"),
             "support": c.get("support") if isinstance(c.get("support"), str) else None,
             "eol": c.get("eol") if isinstance(c.get("eol"), str) else None}
            for c in cycles
        ]
    return result


def refresh(products=None, url=API, path=SNAPSHOT, extra=()):
    """Fetch the products (by default those in the snapshot, plus `extra`), rewrite the snapshot, load it."""
    current = json.loads(Path(path).read_text(encoding="utf-8"))
    products = sorted(set(products or [p for p in current if not p.startswith("_")]) | set(extra))
    current.update(fetch(products, url=url))
    current["_snapshot"] = datetime.date.today().isoformat()
    Path(path).write_text(json.dumps(current, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return load(path)
