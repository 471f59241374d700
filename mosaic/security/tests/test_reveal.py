"""Protected details: masked everywhere by default, revealed one at a time with a reason."""

from __future__ import annotations

import time

import pytest

from mosaic.audit.models import AuditEvent
from mosaic.security.masking import MASK
from mosaic.security.mfa import STEPPED_UP_AT

pytestmark = pytest.mark.django_db
VICTIM_PHONE = "07700 900771"
REASON = {"reason_code": "safeguarding", "reason_text": "Checking she is safe tonight"}


@pytest.fixture
def report(report_payload, personas):
    from mosaic.reports.actions import report_record
    from mosaic.reports.schemas import ReportIn

    report_payload["people"][0]["address"] = {"address": "12 Larch Close", "postcode": "NB7 2PL"}
    report_payload["people"][0]["identifiers"].append(
        {"type": "email", "value": "ruth@example.com"}
    )
    return report_record(actor=personas["officer"], data=ReportIn.model_validate(report_payload))


def _victim(report):
    return report.mentions.get(role="victim")


def _stepped_up(client):
    session = client.session
    session[STEPPED_UP_AT] = time.time()
    session.save()
    return client


def test_victim_contacts_and_address_are_masked_on_pages_and_api(client_for, report):
    client = client_for("officer")
    person = _victim(report).person.ref
    for url in [
        f"/reports/{report.reference}/",
        f"/api/reports/{report.reference}",
        f"/people/{person}/",
        f"/api/people/{person}",
    ]:
        body = client.get(url).content.decode()
        for secret in [VICTIM_PHONE, "7700900771", "ruth@example.com", "Larch Close", "NB7 2PL"]:
            assert secret not in body, (url, secret)
        assert MASK in body or "\\u2022" in body
    # The suspect's details are not protected.
    assert "900123" in client.get(f"/api/reports/{report.reference}").content.decode()


def test_reveal_asks_for_step_up_first(client_for, report):
    url = f"/security/reveal/{report.reference}/{_victim(report).pk}/address/"
    client = client_for("officer")
    session = client.session
    session[STEPPED_UP_AT] = time.time() - 3600  # signed in an hour ago
    session.save()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/security/step-up/")


def test_reveal_needs_a_reason_and_writes_one_event(client_for, report):
    client = _stepped_up(client_for("officer"))
    url = f"/security/reveal/{report.reference}/{_victim(report).pk}/address/"
    assert "Larch" not in client.get(url).content.decode()
    before = AuditEvent.objects.count()
    refused = client.post(url, {"reason_code": "safeguarding", "reason_text": "x"})
    assert refused.status_code == 400
    assert AuditEvent.objects.count() == before
    shown = client.post(url, REASON)
    assert shown.status_code == 200
    assert "12 Larch Close" in shown.content.decode()
    event = AuditEvent.objects.get(seq=AuditEvent.objects.count())
    assert AuditEvent.objects.count() == before + 1
    assert (event.action, event.target_id) == ("field_reveal", report.reference)
    assert event.reason.startswith("safeguarding: Checking")
    assert "Larch" not in str(event.details)


def test_reveal_one_identifier(client_for, report):
    client = _stepped_up(client_for("officer"))
    victim = _victim(report)
    phone = victim.identifiers.get(type="phone")
    url = f"/security/reveal/{report.reference}/{victim.pk}/identifier/?item={phone.pk}"
    assert "7700900771" in client.post(url, REASON).content.decode()


def test_nothing_unprotected_or_foreign_can_be_revealed(client_for, report):
    client = _stepped_up(client_for("officer"))
    suspect = report.mentions.get(role="suspect")
    phone = suspect.identifiers.get(type="phone")
    base = f"/security/reveal/{report.reference}"
    assert client.get(f"{base}/{suspect.pk}/identifier/?item={phone.pk}").status_code == 404
    assert client.get(f"{base}/{suspect.pk}/address/").status_code == 404
    assert client.get(f"{base}/999999/address/").status_code == 404


@pytest.mark.parametrize("username", ["otherunit", "otherforce"])
def test_outsiders_get_404(client_for, report, username):
    client = _stepped_up(client_for(username))
    url = f"/security/reveal/{report.reference}/{_victim(report).pk}/address/"
    assert client.get(url).status_code == 404
    assert client.post(url, REASON).status_code == 404
