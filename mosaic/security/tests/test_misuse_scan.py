"""The misuse engine wired to the live trail: browsing many unrelated victims is noticed."""

from __future__ import annotations

import copy

import pytest
from django.core.management import call_command
from django.utils import timezone

from mosaic.audit.models import AuditEvent
from mosaic.reports.actions import report_record
from mosaic.reports.schemas import ReportIn
from mosaic.security.misuse_scan import misuse_scan
from mosaic.security.models import SecurityNotice

pytestmark = pytest.mark.django_db


def _reports(personas, payload, n):
    out = []
    for i in range(n):
        data = copy.deepcopy(payload)
        data["people"][0]["name"] = f"Victim Number{i}"
        data["people"][0]["identifiers"] = []
        data["people"][1]["identifiers"] = []
        out.append(report_record(actor=personas["otherunit"], data=ReportIn.model_validate(data)))
    return out


def test_a_coordinator_browsing_other_units_victims_is_noticed(
    client_for, personas, report_payload
):
    reports = _reports(personas, report_payload, 10)
    client = client_for("coordinator")  # force-wide, so the reads succeed
    for r in reports:
        assert client.get(f"/reports/{r.reference}/").status_code == 200
    start = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    alerts = misuse_scan(actor=None, since=start)
    assert [(a.rule, a.actor) for a in alerts] == [
        ("unrelated_victims", str(personas["coordinator"].pk))
    ]
    notice = SecurityNotice.objects.get()
    assert notice.recipient == personas["dataprotection"]
    assert "coordinator" in notice.text
    assert AuditEvent.objects.filter(action="misuse_scan").count() == 1


def test_own_unit_work_is_quiet(client_for, personas, report_payload):
    reports = _reports(personas, report_payload, 10)
    client = client_for("otherunit")
    for r in reports:
        client.get(f"/reports/{r.reference}/")
    call_command("misuse_scan")
    assert not SecurityNotice.objects.exists()
