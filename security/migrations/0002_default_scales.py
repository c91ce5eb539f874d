"""The defaults a region starts with: scales, the policy, continuity requirements and protection requirements.
All of it is data the region edits (admin, import); nothing here is read by code as a constant."""

from django.db import migrations

from security.defaults import load as load_defaults


def load(apps, schema_editor):
    load_defaults(lambda name: apps.get_model("security", name), using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("security", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
