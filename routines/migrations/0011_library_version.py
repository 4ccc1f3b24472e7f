"""The library's version, raised by the database on every write to the library's tables."""

from django.db import migrations, models

# What the library list and its filters show.
LIBRARY_TABLES = [
    "routines_exercise",
    "routines_exercise_equipment",
    "routines_exercise_target_areas",
    "routines_equipment",
    "routines_targetarea",
]
BUMP = "UPDATE routines_libraryversion SET number = number + 1"


def create(apps, schema_editor):
    apps.get_model("routines", "LibraryVersion").objects.create(pk=1, number=0)
    run = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        run(
            "CREATE FUNCTION routines_library_changed() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {BUMP}; RETURN NULL; END $$"
        )
        for table in LIBRARY_TABLES:
            run(
                f"CREATE TRIGGER {table}_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION routines_library_changed()"
            )
    elif schema_editor.connection.vendor == "sqlite":
        for table in LIBRARY_TABLES:
            for event in ("INSERT", "UPDATE", "DELETE"):
                run(
                    f"CREATE TRIGGER {table}_{event.lower()} AFTER {event} ON {table} "
                    f"BEGIN {BUMP}; END"
                )
    else:
        raise NotImplementedError(f"No library triggers for {schema_editor.connection.vendor}.")


def drop(apps, schema_editor):
    run = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        for table in LIBRARY_TABLES:
            run(f"DROP TRIGGER IF EXISTS {table}_changed ON {table}")
        run("DROP FUNCTION IF EXISTS routines_library_changed()")
    elif schema_editor.connection.vendor == "sqlite":
        for table in LIBRARY_TABLES:
            for event in ("insert", "update", "delete"):
                run(f"DROP TRIGGER IF EXISTS {table}_{event}")


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
                ("number", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(create, drop),
    ]
