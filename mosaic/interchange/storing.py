"""Turning validated records into Mosaic's rows, a batch at a time, with ``bulk_create``.

The mapping from the format (docs/import-format.md) to the models is written down in
docs/subsystems/interchange.md. Called only from :func:`mosaic.interchange.actions.
import_batch_store`, inside its transaction: a batch lands whole or not at all.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat, ExtractYear, LPad

from engines.synth import PersonMention, ReportRecord
from mosaic.accounts.models import Force, Unit, User
from mosaic.interchange.inserting import insert
from mosaic.interchange.models import ImportedAssessment, ImportedOrder
from mosaic.interchange.reading import Row
from mosaic.people.models import Identifier, Person, PersonName, new_person_refs
from mosaic.reports.details import identifier_for, location_for, name_normalised, postcode_problem
from mosaic.reports.models import Location, Mention, Report

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


def mention_name(person: PersonMention) -> str:
    """The name as written: the unsplit full name, else the parts joined in order."""
    if person.full_name:
        return person.full_name
    parts = (person.first_name, person.middle_names, person.last_name)
    return " ".join(p for p in parts if p)


@dataclass
class Batch:
    """The unsaved rows for one batch of records, saved in dependency order by :meth:`save`."""

    actor: User
    force: Force
    reports: list[Report] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    names: list[PersonName] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    orders: list[ImportedOrder] = field(default_factory=list)
    assessments: list[ImportedAssessment] = field(default_factory=list)
    # mention ids of the file, per report, filled in once mentions have their keys
    mention_ids: list[dict[str, Mention]] = field(default_factory=list)

    def add(self, row: Row, unit: Unit) -> None:
        """Build the rows for one record."""
        rec = row.record
        report = Report(
            reference=uuid.uuid4().hex,  # replaced once the row has its number
            force=self.force,
            unit=unit,
            recorded_by=self.actor,
            reported_at=rec.reported_at,
            occurred_from=rec.occurred_from,
            occurred_to=rec.occurred_to,
            channel=CHANNELS[rec.channel],
            classification=CLASSIFICATIONS.get(rec.classification, rec.classification),
            location=self._location(rec.location),
            narrative=rec.narrative,
            crime_recorded_at=rec.recorded_at,
            crime_reference=rec.crime_reference or "",
            victim_updated_at=rec.victim_updated_at,
            loose_identifiers=[i.model_dump(exclude_none=True) for i in rec.identifiers],
            source_system=rec.source_system,
            source_ref=rec.source_ref,
            source_digest=row.digest,
        )
        self.reports.append(report)
        self.mention_ids.append({p.mention_id: self._mention(report, p) for p in rec.people})

    def _location(self, data: object) -> Location | None:
        address = getattr(data, "address_line", None)
        postcode = getattr(data, "postcode", None)
        location = location_for(address, postcode)
        if location is not None:
            self.locations.append(location)
        return location

    def _mention(self, report: Report, data: PersonMention) -> Mention:
        name = mention_name(data)
        mention = Mention(
            report=report,
            role=data.role,
            name=name[:200],
            date_of_birth_raw=data.date_of_birth.isoformat() if data.date_of_birth else "",
            date_of_birth=data.date_of_birth,
            age=data.age,
            sex=data.sex,
            address=self._location(data.address),
            problems=[],
        )
        if problem := postcode_problem(mention.address):
            mention.problems.append(problem)
        # As at intake: a named mention is a new person until linkage says who they are.
        if name:
            mention.person = Person(
                ref="", display_name=name[:200], date_of_birth=data.date_of_birth
            )
            self.people.append(mention.person)
            self.names.append(
                PersonName(
                    person=mention.person, written=name[:200], normalised=name_normalised(name)
                )
            )
        self.mentions.append(mention)
        for item in data.identifiers:
            self.identifiers.append(
                identifier_for(
                    mention=mention,
                    person=mention.person,
                    type=item.type,
                    value=item.value,
                    platform=item.platform or "",
                )
            )
        return mention

    def save(self, records: Sequence[ReportRecord]) -> list[Report]:
        """Insert every row, parents before children; returns the stored reports."""
        for person, ref in zip(self.people, new_person_refs(len(self.people)), strict=True):
            person.ref = ref
        for model, rows in (
            (Location, self.locations),
            (Report, self.reports),
            (Person, self.people),
            (PersonName, self.names),
            (Mention, self.mentions),
            (Identifier, self.identifiers),
        ):
            insert(model, rows)
        self._number()
        self._stage(records)
        return self.reports

    def _number(self) -> None:
        """References like intake's (``NS-2024-000123``: force, year, row number), set in one
        UPDATE for the batch rather than one per report."""
        pks = [r.pk for r in self.reports]
        year = Cast(ExtractYear("reported_at", tzinfo=UTC), CharField())
        number = LPad(Cast("pk", CharField()), 6, Value("0"))
        Report.objects.filter(pk__in=pks).update(
            reference=Concat(Value(f"{self.force.code}-"), year, Value("-"), number)
        )
        for report in self.reports:
            report.reference = (
                f"{self.force.code}-{report.reported_at.astimezone(UTC):%Y}-{report.pk:06d}"
            )

    def _stage(self, records: Sequence[ReportRecord]) -> None:
        for report, rec, mentions in zip(self.reports, records, self.mention_ids, strict=True):
            keys = {mid: m.pk for mid, m in mentions.items()}
            for order in rec.orders:
                record = {"order": order.model_dump(mode="json"), "mentions": keys}
                self.orders.append(
                    ImportedOrder(report=report, order_ref=order.order_ref, record=record)
                )
            for item in rec.risk_assessments:
                record = {"assessment": item.model_dump(mode="json"), "mentions": keys}
                self.assessments.append(
                    ImportedAssessment(
                        report=report, assessment_ref=item.assessment_ref, record=record
                    )
                )
        insert(ImportedOrder, self.orders)
        insert(ImportedAssessment, self.assessments)
