import datetime
import json
from pathlib import Path

from django.db import migrations

DEFAULT_INTERVALS = {"critical": 90, "high": 180, "medium": 365, "low": 730}


def load(apps, schema_editor):
    SupportCycle = apps.get_model("lifecycle", "SupportCycle")
    CheckInterval = apps.get_model("lifecycle", "CheckInterval")
    data = json.loads((Path(__file__).resolve().parent.parent / "data" / "endoflife.json").read_text("utf-8"))

    def date(value):
        return datetime.date.fromisoformat(value) if isinstance(value, str) and value else None

    SupportCycle.objects.bulk_create([
        SupportCycle(product=product, cycle=c["cycle"], release_date=date(c.get("releaseDate")),
                     active_support_ends=date(c.get("support")), eol=date(c.get("eol")))
        for product, cycles in data.items() if not product.startswith("_") for c in cycles
    ], ignore_conflicts=True)
    for criticality, days in DEFAULT_INTERVALS.items():
        CheckInterval.objects.get_or_create(criticality=criticality, defaults={"days": days})


class Migration(migrations.Migration):
    dependencies = [("lifecycle", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
