"""Blocking keys and candidate retrieval through an indexed key -> person table.

A key is a short string; the app stores ``(key, person_id)`` rows with an index on ``key``.
Retrieval reads a bounded number of rows per key (``LIMIT``), so its cost depends on the
record's keys, not on the size of the history. A key holding more people than the limit is
*too common*: for an identifier (phone, e-mail, ...) that makes the value generic and it is
suppressed from scoring too; for a name key it is only skipped for retrieval.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Protocol

from engines.linkage._internal.names import metaphone, nickname_canonicals
from engines.linkage._internal.record import Issue, Record

IDENTIFIER_PREFIXES = {
    "ph": "phone",
    "em": "email",
    "hd": "handle",
    "vh": "vehicle",
    "dv": "device",
}


def _name_keys(rec: Record) -> list[str]:
    keys: list[str] = []
    last_sound, first_sound = metaphone(rec.last), metaphone(rec.first)
    init = rec.first[:1]
    years = (
        range(rec.byear_min, rec.byear_max + 1)
        if rec.byear_min is not None and rec.byear_max is not None
        else range(0)
    )
    if last_sound and init:
        keys += [f"ny:{last_sound}|{init}|{y}" for y in years]
        # Transposed first and last names meet under the same key.
        if first_sound:
            keys += [f"ny:{first_sound}|{rec.last[:1]}|{y}" for y in years]
        area = rec.postcode_district or rec.postcode
        if area:
            keys.append(f"np:{last_sound}|{init}|{area}")
    if first_sound and last_sound:
        # The whole name's sound in either order: transposed names, missing dates.
        keys.append("nn:" + "|".join(sorted((first_sound, last_sound))))
    if last_sound:
        # Nickname and formal name ("Jimmy" / "James") with the surname's sound.
        keys += [f"nk:{canon}|{last_sound}" for canon in nickname_canonicals(rec.first)]
    for dob in filter(None, (rec.dob, rec.dob_swap)):
        if init:
            keys.append(f"nd:{dob}|{init}")  # surname changed or mistyped
        if last_sound:
            keys.append(f"ns:{dob}|{last_sound}")  # nickname or mistyped first name
    if rec.postcode:
        if first_sound:
            keys.append(f"pf:{rec.postcode}|{first_sound}")  # surname and DOB both off
        if last_sound:
            keys.append(f"pl:{rec.postcode}|{last_sound}")  # first name missing or changed
        if rec.address:
            # Postcode and house number: one household, whatever the names say.
            keys.append(f"pa:{rec.postcode}|{rec.address.split(' ')[0]}")
        if rec.dob:
            keys.append(f"pd:{rec.postcode}|{rec.dob}")
    if rec.dob and rec.address:
        keys.append(f"da:{rec.dob}|{rec.address.split(' ')[0]}")  # moved within the street
    return keys


def blocking_keys(record: Record) -> list[str]:
    """Every blocking key of a record: exact identifiers first, then name keys.

    ``ph:+447700900123``, ``em:...``, ``hd:...``, ``vh:...``, ``dv:...`` are exact normalised
    identifiers; ``ny:`` (surname sound, first initial, birth year), ``np:`` (... postcode
    district), ``nd:`` (date of birth, first initial), ``ns:`` (date of birth, surname sound)
    ``pf:`` (postcode, first-name sound), ``pl:`` (postcode, surname sound), ``pa:``
    (postcode, house number), ``pd:`` (postcode, date of birth), ``da:`` (date of birth,
    house number), ``nn:`` (both name sounds, either order) and ``nk:`` (the formal name a
    nickname stands for, surname sound) are name and place keys.
    Day/month-swapped dates and transposed names produce keys too, so those pairs meet.
    """
    keys = [f"{p}:{v}" for p, fld in IDENTIFIER_PREFIXES.items() for v in getattr(record, fld)]
    keys += _name_keys(record)
    return list(dict.fromkeys(keys))


class CandidateIndex(Protocol):
    """What the app implements over its indexed ``(key, person_id)`` table."""

    def add(self, person_id: str, keys: Iterable[str]) -> None:
        """Attach keys to a person (idempotent)."""

    def lookup(self, key: str, limit: int) -> Sequence[str]:
        """At most ``limit`` distinct person ids holding ``key`` (any order)."""


@dataclass(frozen=True, slots=True)
class Candidates:
    """Retrieved people, and the keys skipped because too many people hold them."""

    person_ids: tuple[str, ...]
    too_common: tuple[str, ...]


def find_candidates(
    index: CandidateIndex,
    keys: Iterable[str],
    *,
    max_per_key: int = 50,
    max_per_identifier: int = 25,
) -> Candidates:
    """People sharing any key with the record, reading at most ``limit + 1`` rows per key."""
    found: dict[str, None] = {}
    too_common: list[str] = []
    for key in keys:
        limit = max_per_identifier if key[:2] in IDENTIFIER_PREFIXES else max_per_key
        people = index.lookup(key, limit + 1)
        if len(people) > limit:
            too_common.append(key)
            continue
        found.update(dict.fromkeys(people))
    return Candidates(tuple(found), tuple(too_common))


def suppress(record: Record, too_common: Iterable[str]) -> Record:
    """The record without identifier values found on implausibly many people."""
    drop: dict[str, set[str]] = defaultdict(set)
    for key in too_common:
        prefix, _, value = key.partition(":")
        if prefix in IDENTIFIER_PREFIXES:
            drop[IDENTIFIER_PREFIXES[prefix]].add(value)
    if not drop:
        return record
    fields = asdict(record)
    issues = list(record.issues)
    for fld, gone in drop.items():
        fields[fld] = tuple(v for v in getattr(record, fld) if v not in gone)
        issues += [Issue(fld, v, "generic value: held by too many people") for v in sorted(gone)]
    fields["issues"] = tuple(issues)
    return Record(**fields)


class InMemoryIndex:
    """A dict-backed :class:`CandidateIndex` with a record store, for tests and small runs."""

    def __init__(self) -> None:
        self._keys: dict[str, dict[str, None]] = defaultdict(dict)
        self._records: dict[str, list[Record]] = defaultdict(list)

    def add(self, person_id: str, keys: Iterable[str]) -> None:
        """Attach keys to a person."""
        for key in keys:
            self._keys[key][person_id] = None

    def lookup(self, key: str, limit: int) -> Sequence[str]:
        """At most ``limit`` person ids holding ``key``."""
        people = self._keys.get(key)
        if not people:
            return []
        out: list[str] = []
        for pid in people:
            if len(out) >= limit:
                break
            out.append(pid)
        return out

    def add_record(self, person_id: str, record: Record) -> None:
        """Store a record of a person and index its blocking keys."""
        self._records[person_id].append(record)
        self.add(person_id, blocking_keys(record))

    def records_of(self, person_ids: Iterable[str]) -> Mapping[str, Sequence[Record]]:
        """The stored records of each person."""
        return {pid: self._records.get(pid, []) for pid in person_ids}


_RECORD_FIELDS = tuple(f.name for f in fields(Record) if f.name != "issues")


def record_to_json(record: Record) -> str:
    """A record as compact JSON (for storage next to the person). Fields are read directly:
    ``dataclasses.asdict`` deep-copies every value and was half the cost of indexing a person."""
    data: dict[str, object] = {f: getattr(record, f) for f in _RECORD_FIELDS}
    data["issues"] = [{"field": i.field, "raw": i.raw, "reason": i.reason} for i in record.issues]
    return json.dumps(data, separators=(",", ":"))


def record_from_json(text: str) -> Record:
    """A record back from :func:`record_to_json`."""
    data = json.loads(text)
    for fld in ("phone", "email", "handle", "vehicle", "device"):
        data[fld] = tuple(data[fld])
    data["issues"] = tuple(Issue(**i) for i in data["issues"])
    return Record(**data)


class SqliteIndex:
    """A stdlib-sqlite3 :class:`CandidateIndex` and record store: the reference for the app's
    table design (``person_key(key, person_id)`` primary key, clustered on ``key``)."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.db = sqlite3.connect(str(path))
        self.db.executescript(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
            "CREATE TABLE IF NOT EXISTS person_key (key TEXT NOT NULL, person_id TEXT NOT NULL,"
            " PRIMARY KEY (key, person_id)) WITHOUT ROWID;"
            "CREATE TABLE IF NOT EXISTS person_record (person_id TEXT NOT NULL,"
            " record TEXT NOT NULL);"
            "CREATE INDEX IF NOT EXISTS person_record_pid ON person_record(person_id);"
        )

    def add(self, person_id: str, keys: Iterable[str]) -> None:
        """Attach keys to a person (duplicates ignored)."""
        self.db.executemany(
            "INSERT OR IGNORE INTO person_key VALUES (?, ?)", [(k, person_id) for k in keys]
        )

    def lookup(self, key: str, limit: int) -> Sequence[str]:
        """At most ``limit`` person ids holding ``key`` (an index range scan)."""
        rows = self.db.execute(
            "SELECT person_id FROM person_key WHERE key = ? LIMIT ?", (key, limit)
        ).fetchall()
        return [r[0] for r in rows]

    def add_record(self, person_id: str, record: Record) -> None:
        """Store a record of a person and index its blocking keys."""
        self.db.execute(
            "INSERT INTO person_record VALUES (?, ?)", (person_id, record_to_json(record))
        )
        self.add(person_id, blocking_keys(record))

    def records_of(self, person_ids: Iterable[str]) -> Mapping[str, Sequence[Record]]:
        """The stored records of each person."""
        ids = list(person_ids)
        out: dict[str, list[Record]] = {pid: [] for pid in ids}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT person_id, record FROM person_record WHERE person_id IN ({marks})"  # noqa: S608 (placeholders only)
            for pid, text in self.db.execute(sql, chunk).fetchall():
                out[pid].append(record_from_json(text))
        return out

    def commit(self) -> None:
        """Commit pending writes."""
        self.db.commit()
