"""Export then import into an empty database gives the same records; CSV equals JSON Lines."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest

from engines.synth import validate_record, write_world
from mosaic.audit.models import AuditEvent, Operation
from mosaic.interchange.actions import import_job_create, import_job_run, reports_export
from mosaic.interchange.models import ImportedOrder
from mosaic.interchange.tests.test_import import snapshot
from mosaic.people.models import Person
from mosaic.reports.models import Report

pytestmark = pytest.mark.django_db


def _import(personas, path: Path, **kw):
    actor = personas["forceadmin"]
    job = import_job_create(actor=actor, path=path, **kw)
    return import_job_run(actor=actor, job=job)


def _export(personas, **kw) -> str:
    out = StringIO()
    reports_export(actor=personas["forceadmin"], out=out, recipient="CPS", reason="review", **kw)
    return out.getvalue()


def _empty_database() -> None:
    ImportedOrder.objects.all().delete()
    Report.objects.all().delete()
    Person.objects.all().delete()


def test_export_then_import_into_an_empty_database_gives_the_same_records(
    personas, jsonl, tmp_path
):
    _import(personas, jsonl)
    before, exported = snapshot(), _export(personas)
    assert len(exported.splitlines()) == 40
    for line in exported.splitlines():
        validate_record(__import__("json").loads(line))  # every exported line is format v1
    _empty_database()
    (tmp_path / "export.jsonl").write_text(exported)
    job = _import(personas, tmp_path / "export.jsonl")
    assert (job.accepted, job.rejected) == (40, 0)
    assert snapshot() == before
    assert _export(personas) == exported  # orders and assessments come back too


def test_an_export_is_one_disclosure_with_its_recipient(personas, jsonl, records):
    _import(personas, jsonl)
    before = AuditEvent.objects.count()
    unit = records[0]["unit_code"]
    exported = _export(personas, unit_code=unit)
    event = AuditEvent.objects.get(seq__gt=before)
    assert (event.operation, event.recipient, event.reason) == (
        Operation.DISCLOSURE,
        "CPS",
        "review",
    )
    assert (
        event.details["reports"]
        == len(exported.splitlines())
        == sum(r["unit_code"] == unit for r in records)
    )


def test_export_filters_by_dates(personas, jsonl, records):
    from datetime import date

    _import(personas, jsonl)
    day = date.fromisoformat(records[20]["reported_at"][:10])
    exported = _export(personas, date_from=day, date_to=day)
    assert records[20]["source_ref"] in exported
    assert records[0]["source_ref"] not in exported or records[0]["reported_at"][:10] == str(day)


def test_the_csv_form_imports_the_same_records_as_json_lines(personas, tmp_path):
    from mosaic.accounts.actions import user_create
    from mosaic.accounts.models import Force, Role, Unit

    unit = Unit.objects.create(force=Force.objects.create(code="NMP", name="N"), code="HQ")
    admin = user_create(
        actor=None,
        username="nmpadmin",
        password="x" * 20,
        role=Role.FORCE_ADMIN,
        unit=unit,
        check_password=False,
    )
    write_world(tmp_path / "w", seed=3, reports=30, formats=("jsonl", "csv"), progress=False)
    first = _import({"forceadmin": admin}, tmp_path / "w" / "reports.jsonl", other_forces="skip")
    assert first.accepted > 0
    # Units new to Mosaic take their names from the world.json beside the file.
    created = Unit.objects.filter(force=unit.force).exclude(code="HQ")
    assert created
    assert all(u.name != u.code for u in created)
    again = _import({"forceadmin": admin}, tmp_path / "w" / "csv", other_forces="skip")
    assert (again.accepted, again.unchanged, again.rejected) == (0, first.accepted, 0)


def test_a_report_recorded_in_mosaic_exports_as_a_valid_record(personas, recorded_report):
    import json

    record = validate_record(json.loads(_export(personas)))
    assert record.source_system == "mosaic-ns"
    assert record.source_ref == recorded_report.reference
    assert record.channel == "phone_101"
    suspect = record.people[1]
    assert suspect.full_name == "Gareth Pembury"
    assert {(i.type, i.value, i.platform) for i in suspect.identifiers} >= {
        ("phone", "07700 900123", None),
        ("handle", "@g_pem", "instagram"),
    }
