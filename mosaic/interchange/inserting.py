"""Writing bulk import's rows: keys reserved up front, plain tuples in, no model instances.

Building a Django model instance for every row and compiling each value through the field
machinery (``bulk_create``, or ``pre_save``/``get_db_prep_save`` per value) was most of an
import's time. Here the caller builds each row as a tuple of database-ready values in a
:class:`Table`'s column order, with primary keys taken from :func:`reserve_ids` so that
children can name their parents before anything is written. Then :func:`write` sends the rows
in one ``executemany`` (SQLite) or one ``COPY … FROM STDIN`` (PostgreSQL, psycopg 3).

Columns a :class:`Table` does not name get their model default (evaluated per row when the
default is callable), so a new field with a default does not break import; a new required
field without one fails loudly at the database. Only bulk import writes this way; everything
else saves through the ORM. Must run inside the batch's transaction (``transaction.atomic``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from django.db import connection
from django.db.models import DateField, DateTimeField, Field, JSONField, Model, UUIDField
from django.utils import timezone

Convert = Callable[[Any], Any]


def _same(value: Any) -> Any:
    return value


def to_json(value: Any) -> str:
    """A JSONField value as the database stores it (as ``JSONField`` writes it on SQLite)."""
    return json.dumps(value)


@dataclass(frozen=True)
class Adapt:
    """Python value -> database value, for the connection in use (looked up once a batch,
    not once a value: ``connection`` is a thread-local proxy)."""

    datetime: Callable[[datetime | None], Any]
    date: Callable[[date | None], Any]
    uuid: Callable[[UUID], Any]
    json: Callable[[Any], str] = to_json

    @classmethod
    def now(cls) -> Adapt:
        ops = connection.ops
        native = connection.features.has_native_uuid_field
        stamp = ops.adapt_datetimefield_value
        if connection.vendor == "sqlite" and connection.timezone == UTC:
            stamp = _sqlite_datetime
        return cls(datetime=stamp, date=ops.adapt_datefield_value, uuid=_same if native else _hex)


def _sqlite_datetime(value: datetime | None) -> str | None:
    """As SQLite's ``adapt_datetimefield_value`` with a UTC connection (naive UTC text), without
    its settings lookups: five timestamps a report."""
    if value is None:
        return None
    if value.utcoffset() is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return str(value)


def _hex(value: UUID) -> str:
    return value.hex  # as UUIDField stores it where the database has no uuid type


def _converter(item: Field[Any, Any], adapt: Adapt) -> Convert:
    """Python value -> database value for a column the caller did not fill."""
    if isinstance(item, DateTimeField):
        return adapt.datetime
    if isinstance(item, DateField):
        return adapt.date
    if isinstance(item, JSONField):
        return adapt.json
    if isinstance(item, UUIDField):
        return adapt.uuid
    return _same


@dataclass
class Table:
    """The rows for one model's table: tuples of database-ready values in ``columns`` order
    (attribute names, e.g. ``report_id``; ``id`` first, from :func:`reserve_ids`)."""

    model: type[Model]
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]] = field(default_factory=list)


def reserve_ids(model: type[Model], count: int) -> Iterator[int]:
    """``count`` primary keys for new rows of ``model`` that no other writer will take.

    SQLite: the batch's transaction holds the write lock from its start (``transaction_mode
    IMMEDIATE``), so the keys after the highest ever used (the table's largest key, or
    AUTOINCREMENT's high-water mark in ``sqlite_sequence``) are ours; rows inserted with them
    move the high-water mark on. PostgreSQL: drawn from the column's sequence (``nextval``),
    which is safe alongside any other writer."""
    if count <= 0:
        return iter(())
    if not connection.in_atomic_block:
        raise RuntimeError("reserve keys inside the batch's transaction (they hold only there)")
    table, pk = model._meta.db_table, str(model._meta.pk.column)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [quote(table), pk, count],
            )
            return iter(sorted(key for (key,) in cursor.fetchall()))
        # Names from the model's metadata (quoted); the table name is bound where it is data.
        cursor.execute(f"SELECT max({quote(pk)}) FROM {quote(table)}")  # noqa: S608
        (highest,) = cursor.fetchone()
        cursor.execute("SELECT max(seq) FROM sqlite_sequence WHERE name = %s", [table])
        (mark,) = cursor.fetchone()
    start = max(highest or 0, mark or 0) + 1
    return iter(range(start, start + count))


def _filled(table: Table) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The table's columns and rows, with the model's defaults for the columns not named."""
    given = set(table.columns)
    fields = {f.attname: f for f in table.model._meta.concrete_fields}
    missing = [f for name, f in fields.items() if name not in given and not f.primary_key]
    names = [str(fields[c].column) for c in table.columns]
    if not missing:
        return names, table.rows
    per_row: list[tuple[int, Field[Any, Any], Convert]] = []
    extra: list[Any] = []
    now, adapt = timezone.now(), Adapt.now()
    for item in missing:
        names.append(str(item.column))
        convert = _converter(item, adapt)
        if getattr(item, "auto_now", False) or getattr(item, "auto_now_add", False):
            extra.append(convert(now))
        elif callable(getattr(item, "default", None)):
            per_row.append((len(extra), item, convert))
            extra.append(None)
        else:
            extra.append(convert(item.get_default()))
    rows = []
    for row in table.rows:
        values = list(extra)
        for at, item, convert in per_row:
            values[at] = convert(item.get_default())
        rows.append(row + tuple(values))
    return names, rows


def write(table: Table) -> None:
    """Insert the table's rows (keys included) in one statement or one COPY."""
    if not table.rows:
        return
    names, rows = _filled(table)
    quote = connection.ops.quote_name
    target = f"{quote(table.model._meta.db_table)} ({', '.join(quote(n) for n in names)})"
    with connection.cursor() as cursor:
        raw = getattr(cursor, "cursor", cursor)
        if connection.vendor == "postgresql" and hasattr(raw, "copy"):
            # COPY text format: psycopg 3 writes each value's text form (None as NULL);
            # constraints and foreign keys are checked exactly as for INSERT.
            with raw.copy(f"COPY {target} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            # Table and column names come from the model's metadata (quoted); values are bound.
            marks = ", ".join(["%s"] * len(names))
            cursor.executemany(f"INSERT INTO {target} VALUES ({marks})", rows)  # noqa: S608
