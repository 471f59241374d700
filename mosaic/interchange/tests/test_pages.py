"""The import and export pages: force administrators only; outsiders get 404."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mosaic.audit.models import AuditEvent, Operation
from mosaic.interchange.models import ImportJob, JobStatus
from mosaic.reports.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """Post a file to the upload page; the import task runs when the upload commits."""

    def post(client, jsonl, **extra):
        data = {"file": SimpleUploadedFile("reports.jsonl", jsonl.read_bytes()), **extra}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/import/", data)

    return post


@pytest.fixture
def job(client_for, jsonl, settings, tmp_path, upload):
    settings.VAR_DIR = tmp_path / "var"
    response = upload(client_for("forceadmin"), jsonl)
    assert response.status_code == 302
    return ImportJob.objects.get()


def test_upload_imports_in_the_background_and_shows_the_summary(client_for, job):
    # The immediate task backend ran the import when the upload committed.
    assert job.status == JobStatus.DONE
    assert job.accepted == 40 == Report.objects.count()
    page = client_for("forceadmin").get(job.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert "Reports accepted" in body
    assert 'http-equiv="refresh"' not in body


def test_a_running_job_page_refreshes_itself(client_for, job):
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, bytes_done=1)
    body = client_for("forceadmin").get(job.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' in body
    assert "<progress" in body


def test_rejects_can_be_downloaded(client_for, records, tmp_path, settings, upload):
    from mosaic.interchange.tests.conftest import write_lines

    settings.VAR_DIR = tmp_path / "var"
    path = write_lines(tmp_path / "bad.jsonl", [records[0], "{broken"])
    upload(client_for("forceadmin"), path)
    job = ImportJob.objects.get()
    client = client_for("forceadmin")
    page = client.get(job.get_absolute_url()).content.decode()
    assert "not valid JSON" in page
    lines = b"".join(client.get(f"/import/{job.ref}/rejects.jsonl").streaming_content)
    assert lines == b"{broken\n"
    reasons = b"".join(client.get(f"/import/{job.ref}/reasons.csv").streaming_content).decode()
    assert reasons.startswith("line,source_ref,reason\n2,,not valid JSON")


@pytest.mark.parametrize("outsider", ["otheradmin", "officer", "coordinator", "otherforce"])
def test_outsiders_get_404_on_a_job_and_its_rejects(client_for, job, outsider):
    client = client_for(outsider)
    for url in (job.get_absolute_url(), f"/import/{job.ref}/rejects.jsonl"):
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("user", ["officer", "coordinator", "inspector", "otherunit"])
def test_only_force_administrators_reach_import_and_export(client_for, jsonl, user, upload):
    client = client_for(user)
    assert client.get("/import/").status_code == 404
    assert upload(client, jsonl).status_code == 404
    assert client.get("/export/").status_code == 404
    assert Report.objects.count() == 0
    assert ImportJob.objects.count() == 0


def test_upload_without_a_file_is_400_and_writes_nothing(client_for):
    before = AuditEvent.objects.count()
    response = client_for("forceadmin").post("/import/", {})
    assert response.status_code == 400
    assert "Reports file" in response.content.decode()
    assert AuditEvent.objects.count() == before


def test_export_page_downloads_and_records_a_disclosure(client_for, job):
    before = AuditEvent.objects.count()
    response = client_for("forceadmin").post(
        "/export/", {"recipient": "CPS Northshire", "reason": "charging file"}
    )
    assert response.status_code == 200
    assert len(response.content.decode().splitlines()) == 40
    event = AuditEvent.objects.get(seq__gt=before)
    assert (event.operation, event.recipient) == (Operation.DISCLOSURE, "CPS Northshire")


def test_export_needs_a_recipient_and_sensible_dates(client_for, job):
    before = AuditEvent.objects.count()
    response = client_for("forceadmin").post(
        "/export/",
        {"recipient": "", "reason": "x", "date_from": "2024-02-01", "date_to": "2024-01-01"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Recipient" in body
    assert "is before the start date" in body
    assert AuditEvent.objects.count() == before


def test_another_forces_admin_exports_none_of_our_reports(client_for, job):
    response = client_for("otheradmin").post("/export/", {"recipient": "x", "reason": "y"})
    assert response.status_code == 200
    assert response.content == b""


def test_uploading_an_unfinished_jobs_file_again_resumes_that_job(client_for, job, jsonl, upload):
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    upload(client_for("forceadmin"), jsonl)
    job.refresh_from_db()
    assert ImportJob.objects.count() == 1
    assert job.status == JobStatus.DONE
