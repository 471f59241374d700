"""Turning validated records into Mosaic's rows, a batch at a time, as plain tuples.

The mapping from the format (docs/import-format.md) to the models is written down in
docs/subsystems/interchange.md. Called only from :func:`mosaic.interchange.actions.
import_batch_store`, inside its transaction: a batch lands whole or not at all.

Rows are built as tuples with their keys reserved first (:mod:`mosaic.interchange.inserting`),
never as model instances: ``Model.__init__`` and the per-value field machinery were most of an
import's time (docs/benchmarks.md, "Import"). What a row holds is what intake would store for
the same report (``mosaic.reports.details``): normalised where readable, kept as written with
its problem where not, locations sealed through ``Location``'s own encrypted fields.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC
from functools import lru_cache
from typing import Any

from django.db import connection
from django.utils import timezone

from engines.linkage import normalise_postcode
from engines.synth import PersonMention, ReportRecord
from mosaic.accounts.models import Force, Unit, User
from mosaic.interchange.inserting import Adapt, Table, reserve_ids, to_json, write
from mosaic.interchange.models import ImportedAssessment, ImportedOrder
from mosaic.interchange.reading import Row
from mosaic.people.models import (
    Identifier,
    Person,
    PersonName,
    identifier_columns,
    new_person_refs,
)
from mosaic.reports.details import name_normalised
from mosaic.reports.models import Location, Mention, Report
from mosaic.security.fields import index_of, sealed_row

# Format codes -> Mosaic's codes, where they differ (everything else is the same word).
CHANNELS = {
    "phone_999": "call_999",
    "phone_101": "call_101",
    "online_form": "online",
    "front_counter": "front_counter",
    "officer_attended": "officer",
    "email": "email",
    "third_party": "third_party",
}
CLASSIFICATIONS = {"putting_in_fear": "harassment_fear"}
# Normalised values repeat a great deal in a force's records (the same phones, names and
# postcodes in report after report), so each distinct value is worked out once per process.
CACHED = 1 << 16
REF_CHUNK = 5000  # person refs checked a statement (SQLite allows 32,766 parameters)


def mention_name(person: PersonMention) -> str:
    """The name as written: the unsplit full name, else the parts joined in order."""
    if person.full_name:
        return person.full_name
    parts = (person.first_name, person.middle_names, person.last_name)
    return " ".join(p for p in parts if p)


@lru_cache(maxsize=CACHED)
def _postcode(raw: str) -> tuple[str, str]:
    normal = normalise_postcode(raw).value or ""
    return normal, index_of("postcode", normal)


@lru_cache(maxsize=CACHED)
def _name(written: str) -> str:
    return name_normalised(written)


# The one place an identifier's row is made (intake's equivalent: reports.details.identifier_for,
# through people.models.identifier_columns): raw and value sealed by the model's own encrypted
# fields, bound to the row's uid, and the keyed blind index for equality (ADR 0007).
IDENTIFIER_COLUMNS = (
    "id",
    "uid",
    "mention_id",
    "person_id",
    "type",
    "raw",
    "value",
    "value_index",
    "platform",
    "problem",
)


@lru_cache(maxsize=CACHED)
def _identifier_columns(type: str, value: str, platform: str) -> dict[str, Any]:
    return identifier_columns(type, value, platform)


def identifier_row(
    key: int,
    mention_id: int,
    person_id: int | None,
    type: str,
    value: str,
    platform: str,
    adapt: Adapt,
) -> tuple[Any, ...]:
    """An identifier as written and normalised where readable (else kept, with its problem),
    sealed and indexed exactly as ``Identifier.save()`` would store it."""
    columns = _identifier_columns(type, value, platform)
    uid, sealed = sealed_row(Identifier, raw=columns["raw"], value=columns["value"])
    return (
        key,
        adapt.uuid(uid),
        mention_id,
        person_id,
        type,
        sealed["raw"],
        sealed["value"],
        columns["value_index"],
        columns["platform"],
        columns["problem"],
    )


def unused_person_refs(count: int) -> list[str]:
    """``count`` new person refs, none already used and no two alike.

    A ref has 40 random bits, so among a million people two alike are likely (the birthday
    bound: about 1 in 2 at 1.2 million); a 1,000,000-report import failed on it. Each batch
    checks its refs against the table's unique index and draws again for any taken."""
    refs = new_person_refs(count)
    while True:
        taken = _refs_taken(refs)
        kept = list(dict.fromkeys(r for r in refs if r not in taken))
        if len(kept) == count:
            return kept
        refs = kept + new_person_refs(count - len(kept))


def _refs_taken(refs: list[str]) -> set[str]:
    # Plain SQL, a few thousand values a statement: compiling ``ref__in`` with thousands of
    # parameters through the ORM cost more than the lookups.
    table = connection.ops.quote_name(Person._meta.db_table)
    taken: set[str] = set()
    with connection.cursor() as cursor:
        for start in range(0, len(refs), REF_CHUNK):
            chunk = refs[start : start + REF_CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"SELECT ref FROM {table} WHERE ref IN ({marks})", chunk)  # noqa: S608
            taken.update(ref for (ref,) in cursor.fetchall())
    return taken


def _has_place(place: Any) -> bool:
    return bool(place is not None and (place.address_line or place.postcode))


class Batch:
    """The records of one batch, turned into rows and saved in dependency order by
    :meth:`save`."""

    def __init__(self, *, actor: User, force: Force) -> None:
        self.actor, self.force = actor, force
        self.units: list[Unit] = []
        self.rows: list[Row] = []
        self.locations = Table(
            Location, ("id", "uid", "address", "postcode_raw", "postcode", "postcode_index")
        )
        self.reports = Table(
            Report,
            (
                "id", "reference", "force_id", "unit_id", "recorded_by_id", "reported_at",
                "occurred_from", "occurred_to", "channel", "classification", "location_id",
                "narrative", "crime_recorded_at", "crime_reference", "victim_updated_at",
                "loose_identifiers", "created_at", "source_system", "source_ref", "source_digest",
            ),
        )  # fmt: skip
        self.people = Table(Person, ("id", "ref", "display_name", "date_of_birth", "created_at"))
        self.names = Table(PersonName, ("id", "person_id", "written", "normalised"))
        self.mentions = Table(
            Mention,
            (
                "id", "report_id", "person_id", "role", "name", "description",
                "date_of_birth_raw", "date_of_birth", "age", "sex", "address_id", "problems",
            ),
        )  # fmt: skip
        self.identifiers = Table(Identifier, IDENTIFIER_COLUMNS)
        self.orders = Table(ImportedOrder, ("id", "report_id", "order_ref", "record"))
        self.assessments = Table(
            ImportedAssessment, ("id", "report_id", "assessment_ref", "record")
        )

    def add(self, row: Row, unit: Unit) -> None:
        """Take one record (stored by :meth:`save`)."""
        self.rows.append(row)
        self.units.append(unit)

    def save(self, records: Sequence[ReportRecord]) -> list[int]:
        """Build and insert every row, parents before children; returns the reports' keys."""
        counts = self._counts(records)
        ids = {name: reserve_ids(getattr(self, name).model, n) for name, n in counts.items()}
        self.adapt = adapt = Adapt.now()
        self.now = adapt.datetime(timezone.now())
        refs = iter(unused_person_refs(counts["people"]))
        for row, unit, rec in zip(self.rows, self.units, records, strict=True):
            self._report(row, unit, rec, ids, refs)
        for name, left in ids.items():
            if next(left, None) is not None:  # every reserved key used (and no more, or
                raise RuntimeError(f"import: {name} keys reserved but not used")  # StopIteration)
        for table in (
            self.locations,
            self.reports,
            self.people,
            self.names,
            self.mentions,
            self.identifiers,
            self.orders,
            self.assessments,
        ):
            write(table)
        return [r[0] for r in self.reports.rows]

    @staticmethod
    def _counts(records: Sequence[ReportRecord]) -> dict[str, int]:
        """How many new rows each table gets (keys are reserved before any row is built)."""
        people = [p for rec in records for p in rec.people]
        named = sum(1 for p in people if mention_name(p))
        return {
            "locations": sum(_has_place(r.location) for r in records)
            + sum(_has_place(p.address) for p in people),
            "reports": len(records),
            "people": named,
            "names": named,
            "mentions": len(people),
            "identifiers": sum(len(p.identifiers) for p in people),
            "orders": sum(len(r.orders) for r in records),
            "assessments": sum(len(r.risk_assessments) for r in records),
        }

    def _report(
        self,
        row: Row,
        unit: Unit,
        rec: ReportRecord,
        ids: dict[str, Iterator[int]],
        refs: Iterator[str],
    ) -> None:
        key = next(ids["reports"])
        reported, dt = rec.reported_at, self.adapt.datetime
        self.reports.rows.append(
            (
                key,
                # As intake numbers them: force, year, row number (NS-2024-000123).
                f"{self.force.code}-{reported.astimezone(UTC):%Y}-{key:06d}",
                self.force.pk,
                unit.pk,
                self.actor.pk,
                dt(reported),
                dt(rec.occurred_from),
                dt(rec.occurred_to),
                CHANNELS[rec.channel],
                CLASSIFICATIONS.get(rec.classification, rec.classification),
                self._location(rec.location, ids),
                rec.narrative,
                dt(rec.recorded_at),
                rec.crime_reference or "",
                dt(rec.victim_updated_at),
                to_json([i.model_dump(exclude_none=True) for i in rec.identifiers]),
                self.now,
                rec.source_system,
                rec.source_ref,
                row.digest,
            )
        )
        mentions = {p.mention_id: self._mention(key, p, ids, refs) for p in rec.people}
        for order in rec.orders:
            record = {"order": order.model_dump(mode="json"), "mentions": mentions}
            self.orders.rows.append((next(ids["orders"]), key, order.order_ref, to_json(record)))
        for item in rec.risk_assessments:
            record = {"assessment": item.model_dump(mode="json"), "mentions": mentions}
            self.assessments.rows.append(
                (next(ids["assessments"]), key, item.assessment_ref, to_json(record))
            )

    def _location(self, place: Any, ids: dict[str, Iterator[int]]) -> int | None:
        """A location's key, or None when the place is empty (as ``location_for``)."""
        if not _has_place(place):
            return None
        address, raw = place.address_line or "", place.postcode or ""
        normal, index = _postcode(raw) if raw else ("", "")
        uid, values = sealed_row(Location, address=address, postcode_raw=raw, postcode=normal)
        key = next(ids["locations"])
        self.locations.rows.append(
            (
                key,
                self.adapt.uuid(uid),
                values["address"],
                values["postcode_raw"],
                values["postcode"],
                index,
            )
        )
        return key

    def _mention(
        self, report: int, data: PersonMention, ids: dict[str, Iterator[int]], refs: Iterator[str]
    ) -> int:
        key = next(ids["mentions"])
        name = mention_name(data)
        born = data.date_of_birth
        when = self.adapt.date(born)
        problems = []
        address = self._location(data.address, ids) if data.address else None
        if data.address and data.address.postcode and address is not None:
            raw = data.address.postcode
            if not _postcode(raw)[0]:  # as reports.details.postcode_problem
                problems.append(f"postcode {raw!r}: not a UK postcode")
        person = None
        if name:  # as at intake: a new person until linkage says who they are
            person = next(ids["people"])
            self.people.rows.append((person, next(refs), name[:200], when, self.now))
            self.names.rows.append((next(ids["names"]), person, name[:200], _name(name)))
        self.mentions.rows.append(
            (
                key,
                report,
                person,
                data.role,
                name[:200],
                "",
                born.isoformat() if born else "",
                when,
                data.age,
                data.sex,
                address,
                to_json(problems),
            )
        )
        for item in data.identifiers:
            self.identifiers.rows.append(
                identifier_row(
                    next(ids["identifiers"]), key, person, item.type, item.value,
                    item.platform or "", self.adapt,
                )
            )  # fmt: skip
        return key
