from django.db import migrations

AUDITORS = "auditors"  # core.access.AUDITORS


def create(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=AUDITORS)


class Migration(migrations.Migration):
    """The group that makes a user an auditor, there to be chosen in the admin and by the sign-in's mapping."""

    dependencies = [
        ("core", "0002_audit_log"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
