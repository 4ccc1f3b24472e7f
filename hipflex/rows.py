"""Model instances from rows read with SQL, for the reads of the busiest pages.

The ORM spends 0.5-1.5 ms of Python building each query and its joins (2026-12-01, the
bench's data), more than the query itself costs PostgreSQL. A read that every visit of a
busy page makes, and that joins several models, is written once in SQL with `columns()`, and
its rows become instances here as the ORM makes them: each field's conversions from the
database, then `Model.from_db`. A field left out (`skip`) is deferred, as with `defer()`.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Field, Model
from django.db.models.expressions import Col


def columns(model: type[Model], alias: str, skip: tuple[str, ...] = ()) -> str:
    """The model's columns for a SELECT, in the order `instance()` reads them."""
    return ", ".join(f"{alias}.{field.column}" for field, _, _ in _loaders(model, skip))


def each_row(sql: str, params: list[object]) -> list[Iterator[Any]]:
    """The rows `sql` finds, each as an iterator of its values for `instance()` to read from,
    a model after another."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [iter(row) for row in cursor.fetchall()]


def instance(model: type[Model], values: Iterator[Any], skip: tuple[str, ...] = ()) -> Any:
    """The model's row from the next of `values`, or None for a LEFT JOIN that found none."""
    fields = _loaders(model, skip)
    database = connections[DEFAULT_DB_ALIAS]  # once: each look-up goes through a thread local
    loaded = []
    for _, column, converters in fields:
        value = next(values)
        for converter in converters:
            value = converter(value, column, database)
        loaded.append(value)
    if all(value is None for value in loaded):
        return None
    return model.from_db(DEFAULT_DB_ALIAS, attnames(model, skip), loaded)


@cache
def attnames(model: type[Model], skip: tuple[str, ...] = ()) -> list[str]:
    """The attribute names of `columns()`, in its order."""
    return [field.attname for field, _, _ in _loaders(model, skip)]


@cache
def _loaders(model: type[Model], skip: tuple[str, ...]) -> list[tuple[Field, Col, list[Any]]]:
    loaders = []
    for field in model._meta.concrete_fields:
        if field.name in skip:
            continue
        column = field.get_col(model._meta.db_table)
        converters = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        loaders.append((field, column, converters))
    return loaders
