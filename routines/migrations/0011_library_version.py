"""The library's version token, changed by the database on every write to the library's tables
(routines.library_version)."""

import secrets

from django.db import migrations, models


def create(apps, schema_editor):
    from routines.library_version import triggers_create

    apps.get_model("routines", "LibraryVersion").objects.create(pk=1, token=secrets.token_hex(16))
    triggers_create(schema_editor.connection)


def drop(apps, schema_editor):
    from routines.library_version import triggers_drop

    triggers_drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("routines", "0010_drop_covered_indexes")]

    operations = [
        migrations.CreateModel(
            name="LibraryVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.CharField(max_length=32)),
            ],
        ),
        migrations.RunPython(create, drop),
    ]
