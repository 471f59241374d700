"""The app's side of the linkage engine: its candidate index and record store are the
``PersonKey`` and ``PersonRecord`` tables, and mentions become engine records here.

Engine person ids are the ``Person`` primary keys as strings (internal only; people see refs).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import connection

from engines.linkage import (
    DEFAULT_GENERIC,
    GenericValues,
    Model,
    ModelHolder,
    Record,
    Score,
    blocking_keys,
    default_model,
    prepare,
    record_from_json,
)
from mosaic.linking.models import PersonKey, PersonRecord
from mosaic.linking.protect import protect, protect_explanation
from mosaic.reports.models import Mention, Role


class DbIndex:
    """``CandidateIndex`` over ``PersonKey``: a bounded index range scan per key.

    ``preload(keys)`` reads every key of one record in a single statement on PostgreSQL (a
    LATERAL join, still ``LIMIT n`` per key), so a server round trip is paid once, not once
    per key; SQLite runs in-process and keeps one short query per key.
    """

    # The engine asks for at most max_per_key + 1 rows (50 + 1 by default).
    PRELOAD_LIMIT = 51

    def __init__(self) -> None:
        self._cache: dict[str, list[str]] = {}

    def preload(self, keys: Iterable[str]) -> DbIndex:
        """Fetch the people of all ``keys`` at once where the database allows it."""
        wanted = sorted(set(keys) - set(self._cache))
        if not wanted or connection.vendor != "postgresql":
            return self
        sql = (  # PersonKey's table; the keys and the limit are parameters
            "SELECT k.key, p.person_id FROM unnest(%s::text[]) AS k(key) CROSS JOIN LATERAL "
            "(SELECT person_id FROM linking_personkey WHERE key = k.key LIMIT %s) AS p"
        )
        found: dict[str, list[str]] = {k: [] for k in wanted}
        with connection.cursor() as cursor:
            cursor.execute(sql, [wanted, self.PRELOAD_LIMIT])
            for key, pid in cursor.fetchall():
                found[key].append(str(pid))
        self._cache.update(found)
        return self

    def add(self, person_id: str, keys: Iterable[str]) -> None:
        """Index ``keys`` for a person (rows already there are kept)."""
        pid = int(person_id)
        wanted = set(keys)
        have = set(
            PersonKey.objects.filter(person_id=pid, key__in=wanted).values_list("key", flat=True)
        )
        PersonKey.objects.bulk_create(
            [PersonKey(key=k, person_id=pid) for k in sorted(wanted - have)]
        )
        self._cache.clear()

    def lookup(self, key: str, limit: int) -> Sequence[str]:
        """At most ``limit`` distinct person ids holding ``key``."""
        if key in self._cache and limit <= self.PRELOAD_LIMIT:
            return self._cache[key][:limit]
        rows = PersonKey.objects.filter(key=key).values_list("person_id", flat=True)[:limit]
        return [str(pid) for pid in rows]


class DbStore:
    """``RecordStore`` over ``PersonRecord``: every prepared mention of each person."""

    def records_of(self, person_ids: Sequence[str]) -> Mapping[str, Sequence[Record]]:
        """The stored records of each person id."""
        found: dict[str, list[Record]] = defaultdict(list)
        rows = PersonRecord.objects.filter(person_id__in=[int(p) for p in person_ids])
        for pid, text in rows.values_list("person_id", "record_json"):
            found[str(pid)].append(record_from_json(text))
        return found


@cache
def generic_values() -> GenericValues:
    """Values that never link: the configured JSON list (``MOSAIC_LINKAGE_GENERIC_FILE``,
    by default ``mosaic/linking/generic.json``, which a force edits to add its switchboards)."""
    path = Path(settings.MOSAIC_LINKAGE_GENERIC_FILE)
    if not path.exists():
        return DEFAULT_GENERIC
    return GenericValues.from_json(json.loads(path.read_text(encoding="utf-8")))


@cache
def model_holder() -> ModelHolder:
    """The linkage model in use: ``MOSAIC_LINKAGE_MODEL`` (a model JSON file) or the default."""
    holder = ModelHolder(default_model())
    if settings.MOSAIC_LINKAGE_MODEL:
        holder.replace(settings.MOSAIC_LINKAGE_MODEL)
    return holder


def current_model() -> Model:
    return model_holder().model


def mention_fields(mention: Mention) -> dict[str, list[str] | str]:
    """A mention as the engine's field mapping (identifiers as written; it normalises)."""
    found: dict[str, list[str]] = defaultdict(list)
    for ident in mention.identifiers.all():
        if ident.type in ("phone", "email", "handle", "vehicle", "device"):
            found[ident.type].append(ident.raw)
    fields: dict[str, list[str] | str] = dict(found)
    fields["full_name"] = mention.name
    fields["date_of_birth"] = mention.date_of_birth_raw
    fields["age"] = "" if mention.age is None else str(mention.age)
    # A victim's address is sealed at rest (docs/adr/0006); copying it into the linkage tables
    # would store it in the clear, so victims are linked on names, dates and identifiers only.
    if mention.address is not None and mention.role != "victim":
        fields["postcode"] = mention.address.postcode_raw
        fields["street_address"] = mention.address.address
    return fields


def own_identifiers(mentions: Iterable[Mention]) -> set[str]:
    """The victims' own normalised identifiers: on a suspect they never link."""
    return {
        i.value for m in mentions if m.role == Role.VICTIM for i in m.identifiers.all() if i.value
    }


def record_of(mention: Mention, own: Iterable[str] = ()) -> Record:
    """The engine record of one stored mention, identifiers as tokens (``protect``)."""
    return protect(
        prepare(
            mention_fields(mention),
            record_id=str(mention.pk),
            report_date=mention.report.occurred_from.date(),
            generic=generic_values(),
            own_identifiers=set() if mention.role == Role.VICTIM else set(own),
        )
    )


def keys_of(record: Record) -> list[str]:
    return blocking_keys(record)


def index_for(record: Record) -> DbIndex:
    """An index with this record's keys already read (one round trip on PostgreSQL)."""
    return DbIndex().preload(blocking_keys(record))


def explanation(score: Score | None) -> list[dict[str, object]]:
    """The field waterfall as stored JSON (prior = match weight - sum of field weights).

    Identifier fields compare tokens, so they show as masked, never as the token."""
    if score is None:
        return []
    return protect_explanation(
        [
            {
                "field": f.field,
                "status": f.status,
                "level": f.level,
                "weight": round(f.weight, 3),
                "left": f.left,
                "right": f.right,
            }
            for f in score.fields
        ]
    )
