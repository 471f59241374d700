"""Bulk import: what lands, what is refused (line and reason), idempotency and resuming."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from mosaic.accounts.models import Unit
from mosaic.audit.models import AuditEvent, Operation
from mosaic.interchange import actions
from mosaic.interchange.actions import import_job_create, import_job_run
from mosaic.interchange.models import ImportedAssessment, ImportedOrder, JobStatus
from mosaic.interchange.tests.conftest import write_lines
from mosaic.people.models import Identifier, Person
from mosaic.reports.models import Mention, Report

pytestmark = pytest.mark.django_db


def run(personas: dict[str, Any], path: Path, user: str = "forceadmin", **kw: Any) -> Any:
    actor = personas[user]
    size = kw.pop("batch_size", 10)
    job = import_job_create(actor=actor, path=path, **kw)
    return import_job_run(actor=actor, job=job, batch_size=size)


def snapshot() -> list[tuple[Any, ...]]:
    """Every imported report with its people and identifiers, independent of row keys."""
    rows = []
    for report in Report.objects.with_people().order_by("source_ref"):
        mentions = sorted(
            (
                m.role,
                m.name,
                m.date_of_birth,
                m.age,
                m.sex,
                str(m.address or ""),
                sorted(
                    (i.type, i.raw, i.value, i.platform, i.problem) for i in m.identifiers.all()
                ),
            )
            for m in report.mentions.all()
        )
        rows.append(
            (
                report.source_system,
                report.source_ref,
                report.unit.code,
                report.channel,
                report.classification,
                report.reported_at,
                report.occurred_from,
                report.occurred_to,
                report.narrative,
                str(report.location or ""),
                report.crime_recorded_at,
                report.crime_reference,
                report.victim_updated_at,
                report.loose_identifiers,
                mentions,
            )
        )
    return rows


def test_import_stores_every_report_whole(personas, jsonl, records):
    job = run(personas, jsonl)
    assert (job.status, job.accepted, job.rejected, job.lines_done) == (JobStatus.DONE, 40, 0, 40)
    assert Report.objects.count() == 40
    assert Mention.objects.count() == sum(len(r["people"]) for r in records)
    assert Identifier.objects.count() == sum(
        len(p["identifiers"]) for r in records for p in r["people"]
    )
    assert ImportedOrder.objects.count() == sum(len(r["orders"]) for r in records)
    assert ImportedAssessment.objects.count() == sum(len(r["risk_assessments"]) for r in records)
    report = Report.objects.get(source_ref=records[0]["source_ref"])
    assert report.reference.startswith(f"NS-{records[0]['reported_at'][:4]}-")
    assert report.force.code == "NS"
    assert report.recorded_by == personas["forceadmin"]
    # Units the file names are created in the importer's force, named from nothing but codes.
    assert Unit.objects.filter(force__code="NS", code=records[0]["unit_code"]).exists()


def test_one_collection_event_per_batch(personas, jsonl):
    before = AuditEvent.objects.count()
    run(personas, jsonl, batch_size=10)
    events = AuditEvent.objects.filter(seq__gt=before)
    batches = events.filter(action="import_batch_store")
    assert batches.count() == 4  # 40 records, 10 a batch
    assert set(events.values_list("operation", flat=True)) == {Operation.COLLECTION}
    assert events.count() == 4 + 2  # + the job's creation and its finish
    assert batches.first().details["reports"] == 10


def test_reimporting_the_same_file_changes_nothing(personas, jsonl):
    run(personas, jsonl)
    first = snapshot()
    people = Person.objects.count()
    job = run(personas, jsonl)
    assert (job.accepted, job.unchanged, job.rejected) == (0, 40, 0)
    assert snapshot() == first
    assert Person.objects.count() == people


def test_identifiers_kept_as_written_and_flagged_when_unreadable(personas, tmp_path, records):
    record = records[0]
    record["people"][0]["identifiers"] = [{"type": "phone", "value": "not a number"}]
    run(personas, write_lines(tmp_path / "one.jsonl", [record]))
    # Encrypted at rest: found by opening the rows, not by a filter on the text.
    (identifier,) = [i for i in Identifier.objects.all() if i.raw == "not a number"]
    assert identifier.raw == "not a number"
    assert identifier.value is None
    assert identifier.problem


def _malformed(records: list[dict[str, Any]]) -> list[Any]:
    bad_date, bad_role, missing = (copy.deepcopy(records[i]) for i in (1, 2, 3))
    bad_date["reported_at"] = "2024-03-01T18:22:05"  # naive: refused
    bad_role["people"][0]["role"] = "bystander"
    del missing["narrative"]
    other_force = copy.deepcopy(records[4]) | {"force_code": "WS"}
    bad_bytes = json.dumps(records[5]).encode().replace(b'"narrative": "', b'"narrative": "\xff', 1)
    return [
        records[0],  # line 1: good
        bad_date,  # 2
        bad_role,  # 3
        bad_bytes,  # 4: not UTF-8 (a Latin-1 export)
        missing,  # 5
        records[0],  # 6: duplicate of line 1
        "{not json",  # 7
        "",  # 8: blank
        other_force,  # 9
        records[6],  # 10: good
    ]


def test_malformed_rows_are_refused_with_line_and_reason(personas, tmp_path, records):
    lines = _malformed(records)
    path = write_lines(tmp_path / "bad.jsonl", lines)
    with path.open("ab") as out:  # line 11: the writer stopped mid-row
        out.write(json.dumps(records[7]).encode()[:80])
    job = run(personas, path, batch_size=4)
    reasons = dict(job.rejects.values_list("line", "reason"))
    assert job.accepted == 2
    assert job.rejected == 9
    assert set(Report.objects.values_list("source_ref", flat=True)) == {
        records[0]["source_ref"],
        records[6]["source_ref"],
    }
    assert "reported_at" in reasons[2]
    assert "timezone" in reasons[2]
    assert reasons[3].startswith("people.0.role")
    assert reasons[4].startswith("not UTF-8")
    assert reasons[5].startswith("narrative")
    assert reasons[6] == "source_ref: duplicate of an earlier line"  # in an earlier batch
    assert reasons[7].startswith("not valid JSON")
    assert reasons[8].startswith("blank line")
    assert reasons[9].startswith("force_code: 'WS' is not your force")
    assert reasons[11].startswith("truncated")


def test_duplicates_within_one_batch_name_the_first_line(personas, tmp_path, records):
    job = run(personas, write_lines(tmp_path / "a.jsonl", [records[0], records[1], records[0]]))
    assert job.rejects.get().reason == "source_ref: duplicate of line 1"


def test_rejects_file_can_be_fixed_and_imported(personas, tmp_path, records):
    bad = copy.deepcopy(records[1])
    bad["people"][0]["role"] = "bystander"
    job = run(personas, write_lines(tmp_path / "a.jsonl", [records[0], bad]))
    from mosaic.interchange.rejects import rejected_lines

    fixed = "".join(rejected_lines(job)).replace('"bystander"', '"witness"')
    (tmp_path / "fixed.jsonl").write_text(fixed)
    assert run(personas, tmp_path / "fixed.jsonl").accepted == 1


def test_same_key_with_other_content_is_refused_not_applied(personas, tmp_path, records):
    run(personas, write_lines(tmp_path / "a.jsonl", records[:2]))
    changed = copy.deepcopy(records[1]) | {"narrative": "A different account."}
    job = run(personas, write_lines(tmp_path / "b.jsonl", [records[0], changed]))
    assert (job.accepted, job.unchanged, job.rejected) == (0, 1, 1)
    assert "already imported with different content" in job.rejects.get().reason
    assert Report.objects.get(source_ref=changed["source_ref"]).narrative != changed["narrative"]


def test_other_forces_rows_may_be_skipped(personas, tmp_path, records):
    other = copy.deepcopy(records[1]) | {"force_code": "WS"}
    job = run(personas, write_lines(tmp_path / "a.jsonl", [records[0], other]), other_forces="skip")
    assert (job.accepted, job.skipped, job.rejected) == (1, 1, 0)


class Crash(Exception):
    pass


def test_killed_import_resumes_to_exactly_one_clean_import(personas, jsonl, monkeypatch):
    real, calls = actions.Batch.save, []

    def crash_on_third_batch(self: Any, records: Any) -> Any:
        calls.append(1)
        saved = real(self, records)  # rows written, then the process dies mid-transaction
        if len(calls) == 3:
            raise Crash
        return saved

    monkeypatch.setattr(actions.Batch, "save", crash_on_third_batch)
    actor = personas["forceadmin"]
    job = import_job_create(actor=actor, path=jsonl)
    with pytest.raises(Crash):
        import_job_run(actor=actor, job=job, batch_size=10)
    job.refresh_from_db()
    assert (job.lines_done, Report.objects.count()) == (20, 20)  # never part of a batch
    monkeypatch.setattr(actions.Batch, "save", real)
    job = import_job_run(actor=actor, job=job, batch_size=10)
    assert (job.accepted, job.unchanged, job.rejected, job.status) == (40, 0, 0, JobStatus.DONE)
    resumed = snapshot()
    Report.objects.all().delete()
    run(personas, jsonl)
    assert snapshot() == resumed


def test_a_non_admin_cannot_import(personas, jsonl):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_job_create(actor=personas["coordinator"], path=jsonl)
    assert Report.objects.count() == 0


def test_imported_identifiers_are_sealed_and_found_through_their_index(personas, tmp_path, records):
    """Bulk import stores identifiers as intake does (ADR 0007): sealed columns, a keyed
    index that search uses, nothing readable in the table."""
    from django.db import connection

    from engines.linkage import search_keys
    from mosaic.people.models import identifier_index

    record = records[0]
    record["people"][0]["identifiers"] = [{"type": "phone", "value": "07700 900451"}]
    run(personas, write_lines(tmp_path / "one.jsonl", [record]))
    with connection.cursor() as cursor:
        cursor.execute("SELECT raw, value, value_index FROM people_identifier")
        rows = cursor.fetchall()
    assert rows
    assert all(str(raw).startswith("enc1:") for raw, _, _ in rows)
    assert all(value is None or str(value).startswith("enc1:") for _, value, _ in rows)
    assert "900451" not in json.dumps([list(r) for r in rows])
    (found,) = Identifier.objects.matching(search_keys("+44 7700 900451"))
    assert (found.raw, found.value) == ("07700 900451", "+447700900451")
    assert found.value_index == identifier_index("phone", "+447700900451")
