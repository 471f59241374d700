"""The data-protection pages: the force's trail with filters, and who has seen a record."""

from __future__ import annotations

import pytest

from mosaic.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_dpo_sees_who_read_a_report(client_for, recorded_report):
    ref = recorded_report.reference
    client_for("supervisor").get(f"/reports/{ref}/")
    page = client_for("dataprotection").get(f"/security/audit/report/{ref}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "supervisor" in body
    assert "officer" in body  # recorded it
    assert AuditEvent.objects.filter(action="seen_by", target_id=f"report:{ref}").count() == 1


def test_who_has_seen_a_person(client_for, recorded_report):
    person = recorded_report.mentions.get(role="victim").person.ref
    client_for("coordinator").get(f"/people/{person}/")
    body = client_for("dataprotection").get(f"/security/audit/person/{person}/").content.decode()
    assert "coordinator" in body


def test_the_trail_filters_by_user_and_action(client_for, recorded_report):
    client_for("supervisor").get(f"/reports/{recorded_report.reference}/")
    client = client_for("dataprotection")
    body = client.get("/security/audit/", {"actor": "supervisor"}).content.decode()
    assert "report_detail" in body
    assert "report_record" not in body
    assert client.get("/security/audit/", {"since": "not a date"}).status_code == 400


def test_the_dpo_does_not_see_casework(client_for, recorded_report):
    client = client_for("dataprotection")
    assert client.get(f"/reports/{recorded_report.reference}/").status_code == 404
    assert client.get(f"/api/reports/{recorded_report.reference}").status_code == 404


@pytest.mark.parametrize(
    "username", ["officer", "supervisor", "analyst", "inspector", "otherunit", "otherforce"]
)
def test_others_get_404(client_for, recorded_report, username):
    client = client_for(username)
    assert client.get("/security/audit/").status_code == 404
    assert client.get(f"/security/audit/report/{recorded_report.reference}/").status_code == 404


def test_unknown_records_are_404(client_for):
    client = client_for("dataprotection")
    assert client.get("/security/audit/report/NS-2026-999999/").status_code == 404
    assert client.get("/security/audit/thing/x/").status_code == 404
