"""Every write to reports goes through here: one transaction, one audit event."""

from __future__ import annotations

import uuid
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from engines.linkage import normalise_date_of_birth
from mosaic.accounts.models import User
from mosaic.audit.models import Operation
from mosaic.audit.trail import write_event
from mosaic.people.access import people_visible_to
from mosaic.people.models import Person
from mosaic.reports.details import identifier_for, location_for, postcode_problem
from mosaic.reports.models import Location, Mention, Report
from mosaic.reports.pipeline import process_new_report
from mosaic.reports.schemas import LocationIn, PersonIn, ReportIn
from mosaic.web.errors import FieldRefused


class IntakeError(FieldRefused):
    """A report that validated but cannot be stored as given (e.g. names an unknown person)."""


def _location(data: LocationIn | None) -> Location | None:
    location = location_for(data.address, data.postcode) if data else None
    if location is not None:
        location.save()
    return location


def _date_of_birth(data: PersonIn, problems: list[str]) -> date | None:
    if not data.date_of_birth:
        return None
    result = normalise_date_of_birth(data.date_of_birth)
    if result.value is None:
        problems.append(f"date of birth {data.date_of_birth!r}: {result.problem}")
        return None
    return date.fromisoformat(result.value)


def _person_for(actor: User, ref: str, index: int) -> Person | None:
    """The person the officer named by ``ref`` (if they may see them). Every other mention is
    resolved by the linkage step (``mosaic.linking``): an existing person, a review-queue
    item, a new person, or, for a suspect known only by an identifier, no person yet."""
    if not ref:
        return None
    person = people_visible_to(actor).filter(ref=ref).first()
    if person is None:
        raise IntakeError(f"people.{index}.person", f"no person {ref!r} that you can see")
    return person


def _mention(actor: User, report: Report, data: PersonIn, index: int) -> Mention:
    problems: list[str] = []
    mention = Mention(
        report=report,
        role=data.role,
        name=data.name,
        description=data.description,
        date_of_birth_raw=data.date_of_birth,
        age=data.age,
        address=_location(data.address),
        problems=problems,
    )
    mention.date_of_birth = _date_of_birth(data, problems)
    if problem := postcode_problem(mention.address):
        problems.append(problem)
    mention.person = _person_for(actor, data.person, index)
    mention.save()
    for item in data.identifiers:
        identifier_for(
            mention=mention,
            person=mention.person,
            type=item.type,
            value=item.value,
            platform=item.platform,
        ).save()
    return mention


@transaction.atomic
def report_record(*, actor: User, data: ReportIn) -> Report:
    """Record a report with its people and identifiers, exactly as given, in one transaction.

    Unreadable details (a phone number that is not one, a postcode that is not a postcode) are
    kept as written and flagged on the record, never dropped or "corrected".
    """
    if not actor.can_record_reports or actor.unit is None:
        raise PermissionDenied("your role does not record reports")
    unit = actor.unit
    report = Report.objects.create(
        reference=uuid.uuid4().hex,  # replaced below, once the row has its number
        force_id=unit.force_id,
        unit=unit,
        recorded_by=actor,
        reported_at=data.reported_at or timezone.now(),
        occurred_from=data.occurred_from,
        occurred_to=data.occurred_to,
        channel=data.channel,
        classification=data.classification,
        location=_location(data.location),
        narrative=data.narrative,
    )
    # The reference carries the force, the year and the row number: unique without a counter.
    report.reference = f"{unit.force.code}-{report.reported_at:%Y}-{report.pk:06d}"
    report.save(update_fields=["reference"])
    mentions = [_mention(actor, report, p, i) for i, p in enumerate(data.people)]
    write_event(
        actor=actor,
        operation=Operation.COLLECTION,
        action="report_record",
        target_type="report",
        target_id=report.reference,
        details={
            "people": [m.person.ref for m in mentions if m.person],
            "mentions": len(mentions),
            "identifiers": sum(len(p.identifiers) for p in data.people),
        },
    )
    process_new_report(actor=actor, report=report)
    return report
