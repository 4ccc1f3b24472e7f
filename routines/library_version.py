"""The triggers that give the library a new version token on every write to its tables.

The token is random, so a number can never come round again (a database restored from a
backup, a lost row made again) and match a list kept for other rows. Row triggers fire only
for rows that change; TRUNCATE, which has no rows, has a statement trigger on PostgreSQL.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

# What the library list and its filters show.
LIBRARY_TABLES = [
    "routines_exercise",
    "routines_exercise_equipment",
    "routines_exercise_target_areas",
    "routines_equipment",
    "routines_targetarea",
]
EVENTS = ("insert", "update", "delete")


def triggers_create(connection: BaseDatabaseWrapper) -> None:
    """Make any trigger that is missing (SQLite drops a table's triggers when a migration
    rebuilds the table: routines.apps runs this after every migrate)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE OR REPLACE FUNCTION routines_library_changed() RETURNS trigger "
                "LANGUAGE plpgsql AS $$ BEGIN UPDATE routines_libraryversion "
                "SET token = md5(random()::text || clock_timestamp()::text); RETURN NULL; END $$"
            )
            for table in LIBRARY_TABLES:
                for name, timing in (
                    ("changed", "INSERT OR UPDATE OR DELETE ON {table} FOR EACH ROW"),
                    ("truncated", "TRUNCATE ON {table} FOR EACH STATEMENT"),
                ):
                    cursor.execute(
                        f"CREATE OR REPLACE TRIGGER {table}_{name} AFTER "
                        f"{timing.format(table=table)} "
                        "EXECUTE FUNCTION routines_library_changed()"
                    )
        elif connection.vendor == "sqlite":
            for table in LIBRARY_TABLES:
                for event in EVENTS:
                    cursor.execute(
                        f"CREATE TRIGGER IF NOT EXISTS {table}_{event} AFTER {event.upper()} "
                        f"ON {table} BEGIN UPDATE routines_libraryversion "
                        "SET token = lower(hex(randomblob(16))); END"
                    )
        else:
            raise NotImplementedError(f"No library triggers for {connection.vendor}.")


def triggers_drop(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in LIBRARY_TABLES:
                for name in ("changed", "truncated"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_{name} ON {table}")
            cursor.execute("DROP FUNCTION IF EXISTS routines_library_changed()")
        elif connection.vendor == "sqlite":
            for table in LIBRARY_TABLES:
                for event in EVENTS:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_{event}")


def triggers_present(connection: BaseDatabaseWrapper) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {row[0] for row in cursor.fetchall()}


def triggers_expected(connection: BaseDatabaseWrapper) -> set[str]:
    if connection.vendor == "postgresql":
        return {f"{table}_{name}" for table in LIBRARY_TABLES for name in ("changed", "truncated")}
    return {f"{table}_{event}" for table in LIBRARY_TABLES for event in EVENTS}
