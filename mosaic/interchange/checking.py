"""Which rows of a batch may be stored: the job's force, a unit of it, a key not yet used.

Decisions against the database (what exists already) live here; decisions about one row on
its own (the format) were made when it was read (:mod:`mosaic.interchange.reading`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.db.models import QuerySet

from mosaic.accounts.models import Unit
from mosaic.interchange.models import ImportJob, OtherForces
from mosaic.interchange.reading import Reject, Row
from mosaic.reports.models import Report

UNIT_CODE_MAX = 16  # accounts.Unit.code


@dataclass
class Checked:
    """A batch sorted: rows to store (with their unit), rows refused, rows counted only."""

    accepted: list[tuple[Row, Unit]] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    unchanged: int = 0
    skipped: int = 0


def _refuse(row: Row, reason: str) -> Reject:
    return Reject(row.line, reason, row.text, row.offset, row.record.source_ref)


@cache
def _unit_names(manifest: Path) -> dict[str, str]:
    # A world.json beside the file names the units; without one a new unit is named by code.
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        return {u["code"]: u["name"] for f in data.get("forces", []) for u in f.get("units", [])}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _units(job: ImportJob, codes: set[str]) -> dict[str, Unit]:
    """The job's force's units by code, creating the ones the file names for the first time."""
    units = {u.code: u for u in Unit.objects.filter(force=job.force, code__in=codes)}
    names = _unit_names(Path(job.path).parent / "world.json")
    for code in sorted(codes - units.keys()):
        units[code] = Unit.objects.create(force=job.force, code=code, name=names.get(code, code))
    return units


@dataclass(frozen=True)
class Existing:
    digest: str
    force_id: int
    this_job: bool  # stored by an earlier batch of the same job: a repeat within the file


def existing_reports(systems: set[str], refs: set[str]) -> QuerySet[Report]:
    """Reports that may hold any of these (source_system, source_ref) keys.

    Both columns, and the partial unique index's own condition, so the lookup is an index
    search whatever the table's size (by source_ref alone it scanned every report, and each
    batch's check grew with the database: the import slowed as it went)."""
    return Report.objects.filter(source_system__in=systems, source_ref__in=refs).exclude(
        source_ref=""
    )


def _existing(job: ImportJob, rows: list[Row]) -> dict[tuple[str, str], Existing]:
    systems = {r.record.source_system for r in rows}
    refs = {r.record.source_ref for r in rows}
    found = existing_reports(systems, refs).values_list(
        "source_system", "source_ref", "source_digest", "force_id", "recorded_by_id", "created_at"
    )
    return {
        (system, ref): Existing(digest, force, by == job.created_by_id and at >= job.created_at)
        for system, ref, digest, force, by, at in found
    }


def _own(job: ImportJob, rows: list[Row | Reject], out: Checked) -> list[Row]:
    """Rows of the job's force with a usable unit code; the rest refused or skipped."""
    own = []
    for row in rows:
        if isinstance(row, Reject):
            out.rejects.append(row)
        elif row.record.force_code != job.force.code:
            if job.other_forces == OtherForces.SKIP:
                out.skipped += 1
            else:
                out.rejects.append(
                    _refuse(
                        row,
                        f"force_code: {row.record.force_code!r} is not your force "
                        f"({job.force.code}); another force's administrator imports it",
                    )
                )
        elif len(row.record.unit_code) > UNIT_CODE_MAX:
            out.rejects.append(_refuse(row, f"unit_code: longer than {UNIT_CODE_MAX} characters"))
        else:
            own.append(row)
    return own


def check_batch(job: ImportJob, rows: list[Row | Reject]) -> Checked:
    """Sort one batch's rows into accepted, rejected, unchanged and skipped."""
    out = Checked()
    own = _own(job, rows, out)
    existing = _existing(job, own)
    units = _units(job, {r.record.unit_code for r in own}) if own else {}
    seen: dict[tuple[str, str], int] = {}
    for row in own:
        key = (row.record.source_system, row.record.source_ref)
        if key in seen:
            out.rejects.append(_refuse(row, f"source_ref: duplicate of line {seen[key]}"))
        elif key not in existing:
            seen[key] = row.line
            out.accepted.append((row, units[row.record.unit_code]))
        elif existing[key].this_job:
            out.rejects.append(_refuse(row, "source_ref: duplicate of an earlier line"))
        elif (existing[key].digest, existing[key].force_id) == (row.digest, job.force_id):
            out.unchanged += 1  # the same record imported before: idempotent
        elif existing[key].force_id != job.force_id:
            out.rejects.append(_refuse(row, "source_ref: already used by another force's report"))
        else:
            out.rejects.append(
                _refuse(
                    row,
                    "source_ref: already imported with different content; bulk import "
                    "does not apply corrections (change the report in Mosaic)",
                )
            )
    return out
