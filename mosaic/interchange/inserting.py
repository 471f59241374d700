"""A lean multi-row INSERT … RETURNING for bulk import.

``QuerySet.bulk_create`` spends most of an import's time compiling each value through the
generic SQL compiler (about two thirds of the storing time at 10,000 reports). This does
the same work (``pre_save`` and ``get_db_prep_save`` for every field, keys read back in
insertion order with RETURNING, as ``bulk_create`` does on SQLite ≥ 3.35 and PostgreSQL)
without that machinery. Only bulk import uses it; everything else saves through the ORM.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection
from django.db.models import ForeignKey, Model

ROWS_PER_STATEMENT = 500
# SQLite's limit on bound parameters (Django assumes the old 999; 3.32+ allows 32,766).
SQLITE_PARAMS = 32_000


def _value(field: Any) -> Callable[[Model], Any]:
    if isinstance(field, ForeignKey):
        attname, name = field.attname, field.name

        def key(obj: Model) -> Any:
            # A parent assigned before it was saved: take its key now that it has one.
            parent = obj._state.fields_cache.get(name)
            return parent.pk if parent is not None else getattr(obj, attname)

        return key
    return lambda obj: field.get_db_prep_save(field.pre_save(obj, True), connection)


def insert(model: type[Model], objects: Sequence[Model]) -> None:
    """Insert unsaved ``objects`` of ``model`` and set their primary keys."""
    if not objects:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    values = [_value(f) for f in fields]
    quote = connection.ops.quote_name
    # Table and column names come from the model's metadata (quoted); every value is bound.
    columns = ", ".join(quote(str(f.column)) for f in fields)
    head = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "  # noqa: S608
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    tail = f" RETURNING {quote(str(model._meta.pk.column))}"
    size = ROWS_PER_STATEMENT
    if connection.vendor == "sqlite":
        size = min(size, SQLITE_PARAMS // len(fields))
    with connection.cursor() as cursor:
        for start in range(0, len(objects), size):
            chunk = objects[start : start + size]
            params = [value(obj) for obj in chunk for value in values]
            cursor.execute(head + ", ".join([row] * len(chunk)) + tail, params)
            for obj, (pk,) in zip(chunk, cursor.fetchall(), strict=True):
                obj.pk = pk
                obj._state.adding, obj._state.db = False, connection.alias
