"""Reports as plain data for the API (and anything else that needs them as JSON)."""

from __future__ import annotations

from typing import Any

from mosaic.reports.models import Mention, Report
from mosaic.security.masking import identifier_data


def _mention(mention: Mention) -> dict[str, Any]:
    person = mention.person
    return {
        "role": mention.role,
        "name": mention.name,
        "description": mention.description,
        "date_of_birth": mention.date_of_birth,
        "age": mention.age,
        "person": {"ref": person.ref, "display_name": person.display_name} if person else None,
        # Victims' phones and e-mails are masked; revealed only through an audited reveal.
        "identifiers": [identifier_data(i, mention.role) for i in mention.identifiers.all()],
        "problems": list(mention.problems),
    }


def report_data(report: Report) -> dict[str, Any]:
    """A report with its people, in the shape of ``ReportOut``."""
    return {
        "reference": report.reference,
        "force": report.unit.force.code,
        "unit": report.unit.code,
        "reported_at": report.reported_at,
        "occurred_from": report.occurred_from,
        "occurred_to": report.occurred_to,
        "channel": report.channel,
        "classification": report.classification,
        "narrative": report.narrative,
        "location": str(report.location) if report.location else None,
        "people": [_mention(m) for m in report.mentions.all()],
    }


def report_summary(report: Report) -> dict[str, Any]:
    return {
        "reference": report.reference,
        "occurred_from": report.occurred_from,
        "classification": report.classification,
        "unit": report.unit.code,
    }
