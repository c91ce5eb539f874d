from django.db import migrations

SECURITY_OFFICERS = "security_officers"  # core.access.SECURITY_OFFICERS


def create(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=SECURITY_OFFICERS)


class Migration(migrations.Migration):
    """The group that makes a user a security officer (sees every service's security details), there to be
    chosen in the admin like the auditors' group."""

    dependencies = [
        ("security", "0002_default_scales"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
