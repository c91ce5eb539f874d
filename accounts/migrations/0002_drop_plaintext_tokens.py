"""Styr kept API tokens in plain text (rest_framework.authtoken). They are dropped, not converted: a secret
that has lain readable in the database is to be replaced, not kept. Holders make new keys (README, "Sign-in")."""

from django.db import migrations


def drop_plaintext_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if "authtoken_token" in connection.introspection.table_names():
        schema_editor.execute("DROP TABLE authtoken_token")
    schema_editor.execute("DELETE FROM django_migrations WHERE app = %s", ["authtoken"])
    apps.get_model("contenttypes", "ContentType").objects.filter(app_label="authtoken").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(drop_plaintext_tokens, migrations.RunPython.noop)]
