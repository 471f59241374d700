"""Reports back out in the import format v1, so that an export imports as it is.

Reports recorded in Mosaic (not imported) get ``source_system`` ``mosaic-<force>`` and their
Mosaic reference as ``source_ref``. Codes the format lacks are written as the nearest format
code (listed in docs/subsystems/interchange.md); a report recorded that way and imported back
is the same report except for that code.
"""

from __future__ import annotations

from typing import Any

from mosaic.interchange.models import ImportedAssessment, ImportedOrder
from mosaic.interchange.storing import CHANNELS, CLASSIFICATIONS
from mosaic.reports.models import Location, Mention, Report

CHANNEL_OUT = {mosaic: code for code, mosaic in CHANNELS.items()} | {
    "professional": "third_party",
    "diary": "third_party",
    "import": "third_party",
}
CLASSIFICATION_OUT = {mosaic: code for code, mosaic in CLASSIFICATIONS.items()} | {
    "stalking_fear": "stalking",
    "controlling_coercive": "harassment",
    "threatening_communications": "malicious_communications",
    "other": "none",
}


def _place(location: Location | None) -> dict[str, Any] | None:
    if location is None:
        return None
    return {"address_line": location.address or None, "postcode": location.postcode_raw or None}


def _mention(mention: Mention, mention_id: str) -> dict[str, Any]:
    return {
        "mention_id": mention_id,
        "role": mention.role,
        "full_name": mention.name or None,
        "date_of_birth": mention.date_of_birth.isoformat() if mention.date_of_birth else None,
        "age": mention.age if mention.date_of_birth is None else None,
        "sex": mention.sex or "U",
        "address": _place(mention.address),
        "identifiers": [
            {"type": i.type, "value": i.raw}
            | ({"platform": i.platform or "unknown"} if i.type == "handle" else {})
            for i in mention.identifiers.all()
        ],
    }


def _staged(item: ImportedOrder | ImportedAssessment, key: str, ids: dict[int, str]) -> Any:
    # Mention ids in the staged record are the source file's: renumber them as this export's.
    data = dict(item.record[key])
    by_source = {mid: ids.get(pk, mid) for mid, pk in item.record.get("mentions", {}).items()}
    if key == "order":
        data["against"] = by_source.get(data["against"], data["against"])
        data["protects"] = [by_source.get(m, m) for m in data["protects"]]
    return data


def record_of(report: Report) -> dict[str, Any]:
    """One report as a format v1 record (JSONL shape)."""
    mentions = sorted(report.mentions.all(), key=lambda m: m.pk)
    ids = {m.pk: f"m{n}" for n, m in enumerate(mentions, start=1)}
    return {
        "format_version": "1.0",
        "source_system": report.source_system or f"mosaic-{report.force.code.lower()}",
        "source_ref": report.source_ref or report.reference,
        "force_code": report.force.code,
        "unit_code": report.unit.code,
        "reported_at": report.reported_at.isoformat(),
        "occurred_from": report.occurred_from.isoformat(),
        "occurred_to": (report.occurred_to or report.occurred_from).isoformat(),
        "channel": CHANNEL_OUT.get(report.channel, report.channel),
        "location": _place(report.location),
        "narrative": report.narrative,
        "classification": CLASSIFICATION_OUT.get(report.classification, report.classification),
        "recorded_at": report.crime_recorded_at.isoformat() if report.crime_recorded_at else None,
        "crime_reference": report.crime_reference or None,
        "victim_updated_at": (
            report.victim_updated_at.isoformat() if report.victim_updated_at else None
        ),
        "people": [_mention(m, ids[m.pk]) for m in mentions],
        "identifiers": list(report.loose_identifiers),
        "orders": [_staged(o, "order", ids) for o in report.imported_orders.all()],
        "risk_assessments": [
            _staged(a, "assessment", ids) for a in report.imported_assessments.all()
        ],
    }
