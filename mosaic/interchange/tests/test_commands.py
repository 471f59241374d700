"""``mosaic synth``, ``mosaic import`` (resuming, rejects files) and ``mosaic export``."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from mosaic.audit.models import AuditEvent, Operation
from mosaic.interchange.models import ImportJob, JobStatus
from mosaic.interchange.tests.conftest import write_lines
from mosaic.reports.models import Report

pytestmark = pytest.mark.django_db


def test_synth_writes_a_world(tmp_path):
    out = StringIO()
    call_command(
        "synth", "--seed", "2", "--reports", "20", "--out", str(tmp_path), "--quiet", stdout=out
    )
    assert "Wrote 20 reports" in out.getvalue()
    assert len((tmp_path / "reports.jsonl").read_text().splitlines()) == 20


def test_import_command_writes_rejects_and_a_summary(personas, tmp_path, records):
    path = write_lines(tmp_path / "in.jsonl", [records[0], "{oops"])
    out = StringIO()
    rejects = tmp_path / "rejects.jsonl"
    call_command(
        "import", str(path), "--as", "forceadmin", "--quiet", "--rejects", str(rejects), stdout=out
    )
    assert "1 accepted, 0 unchanged, 0 skipped, 1 rejected" in out.getvalue()
    assert rejects.read_text() == "{oops\n"
    assert tmp_path.joinpath("rejects.csv").read_text().startswith("line,source_ref,reason\n2,")


def test_import_command_resumes_an_unfinished_job(personas, jsonl):
    call_command("import", str(jsonl), "--as", "forceadmin", "--quiet", stdout=StringIO())
    job = ImportJob.objects.get()
    # As if the process had died after the first 10 lines: counters and rows of one batch.
    Report.objects.exclude(
        source_ref__in=[r.source_ref for r in Report.objects.order_by("pk")[:10]]
    ).delete()
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, lines_done=10, accepted=10)
    err = StringIO()
    call_command(
        "import", str(jsonl), "--as", "forceadmin", "--quiet", stdout=StringIO(), stderr=err
    )
    assert f"Resuming {job.ref} after line 10" in err.getvalue()
    job.refresh_from_db()
    assert (job.accepted, job.unchanged, job.status) == (40, 0, JobStatus.DONE)
    assert ImportJob.objects.count() == 1


def test_import_command_refuses_a_non_admin(personas, jsonl):
    with pytest.raises(CommandError, match="force administrator"):
        call_command("import", str(jsonl), "--as", "officer", "--quiet")


def test_export_command_is_one_disclosure(personas, jsonl, tmp_path):
    call_command("import", str(jsonl), "--as", "forceadmin", "--quiet", stdout=StringIO())
    before = AuditEvent.objects.count()
    out = tmp_path / "out.jsonl"
    call_command(
        "export",
        str(out),
        "--as",
        "forceadmin",
        "--recipient",
        "CPS",
        "--reason",
        "r",
        stdout=StringIO(),
    )
    lines = out.read_text().splitlines()
    assert len(lines) == 40
    assert json.loads(lines[0])["force_code"] == "NS"
    assert AuditEvent.objects.get(seq__gt=before).operation == Operation.DISCLOSURE
