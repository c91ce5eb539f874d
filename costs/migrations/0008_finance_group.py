from django.db import migrations

FINANCE = "finance"  # core.access.FINANCE


def create(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=FINANCE)


class Migration(migrations.Migration):
    """The group that makes a user finance (changes the region's costs and allocation runs, nothing else), there to
    be chosen in the admin like the auditors' group."""

    dependencies = [
        ("costs", "0007_board_pages_bill_index"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
