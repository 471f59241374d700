"""Break the glass: a reason, one shift of access, notices to supervisor and DPO, audited."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from mosaic.audit.models import AuditEvent
from mosaic.security.mfa import STEPPED_UP_AT
from mosaic.security.models import AccessGrant, SecurityNotice

pytestmark = pytest.mark.django_db
WHY = {
    "reason_code": "urgent_safeguarding",
    "reason": "Caller at the front desk says he is outside her flat now",
}


def _client(client_for, username):
    client = client_for(username)
    session = client.session
    session[STEPPED_UP_AT] = time.time()
    session.save()
    return client


def test_another_unit_opens_a_report_for_one_shift(client_for, recorded_report, personas):
    ref = recorded_report.reference
    client = _client(client_for, "otherunit")
    assert client.get(f"/reports/{ref}/").status_code == 404
    before = AuditEvent.objects.count()
    response = client.post("/security/break-glass/", {"reference": ref, **WHY})
    assert response.status_code == 302
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(action="access_break_glass")
    assert event.reason.startswith("urgent_safeguarding: Caller")
    assert client.get(f"/reports/{ref}/").status_code == 200
    told = set(SecurityNotice.objects.values_list("recipient__username", flat=True))
    assert told == {"supervisor", "dataprotection"}
    assert "otherunit" not in told
    grant = AccessGrant.objects.get()
    assert grant.expires_at - grant.granted_at <= timedelta(hours=10)
    AccessGrant.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(f"/reports/{ref}/").status_code == 404


def test_a_reason_is_required(client_for, recorded_report):
    client = _client(client_for, "otherunit")
    response = client.post(
        "/security/break-glass/", {"reference": recorded_report.reference, "reason_code": "other"}
    )
    assert response.status_code == 400
    assert not AccessGrant.objects.exists()


def test_other_force_and_unknown_references_get_the_same_answer(client_for, recorded_report):
    client = _client(client_for, "otherforce")
    a = client.post("/security/break-glass/", {"reference": recorded_report.reference, **WHY})
    b = client.post("/security/break-glass/", {"reference": "NS-2026-999999", **WHY})
    assert a.status_code == b.status_code == 400
    assert not AccessGrant.objects.exists()
    assert client.get(f"/reports/{recorded_report.reference}/").status_code == 404


def test_no_grant_for_those_who_can_already_see_it_or_the_dpo(client_for, recorded_report):
    for username in ["supervisor", "dataprotection"]:
        client = _client(client_for, username)
        client.post("/security/break-glass/", {"reference": recorded_report.reference, **WHY})
    assert not AccessGrant.objects.exists()


def test_break_glass_needs_step_up(client_for):
    client = client_for("otherunit")
    session = client.session
    session[STEPPED_UP_AT] = time.time() - 3600  # signed in an hour ago
    session.save()
    response = client.get("/security/break-glass/")
    assert response["Location"].startswith("/security/step-up/")


def test_notices_are_private(client_for, recorded_report):
    _client(client_for, "otherunit").post(
        "/security/break-glass/", {"reference": recorded_report.reference, **WHY}
    )
    assert (
        recorded_report.reference
        in client_for("supervisor").get("/security/notices/").content.decode()
    )
    assert (
        recorded_report.reference
        not in client_for("officer").get("/security/notices/").content.decode()
    )
