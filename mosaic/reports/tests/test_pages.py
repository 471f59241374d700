"""Intake and reading through the web pages."""

from __future__ import annotations

import pytest

from mosaic.audit.models import AuditEvent, Operation
from mosaic.people.models import Identifier
from mosaic.reports.models import Report

pytestmark = pytest.mark.django_db

FORM = {
    "victim_name": "Ruth Ashdown",
    "victim_phone": "07700 900771",
    "suspect_name": "Gary Pembery",
    "suspect_phone": "+44 7700 900456",
    "suspect_handle": "https://x.com/g_pem",
    "narrative": "He sent twelve messages overnight and waited by her car this morning.",
    "occurred_from": "2026-10-02T07:45",
    "channel": "call_999",
    "classification": "none",
    "location_postcode": "NB3 4QT",
}


def test_the_form_records_a_report_and_shows_it(client_for):
    client = client_for("officer")
    assert client.get("/reports/new/").status_code == 200
    response = client.post("/reports/new/", FORM)
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/reports/{report.reference}/"
    page = client.get(response["Location"]).content.decode()
    assert "Gary Pembery" in page
    assert "+447700900456" in page
    assert "x:g_pem" in page
    assert (
        AuditEvent.objects.filter(action="report_record", target_id=report.reference).count() == 1
    )


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"occurred_from": "2999-01-01T10:00"}, "occurred_from", "is in the future"),
        ({"occurred_to": "2026-10-01T07:00"}, "occurred_to", "is before occurred_from"),
        ({"occurred_from": "yesterday-ish"}, "occurred_from", "Enter a valid date/time"),
        ({"victim_name": ""}, "victim_name", "This field is required"),
        ({"narrative": ""}, "narrative", "This field is required"),
        ({"narrative": "x" * 100_001}, "narrative", "the limit is 100,000"),
        ({"suspect_age": "200"}, "suspect_age", "less than or equal to 120"),
        ({"channel": "telepathy"}, "channel", "Select a valid choice"),
    ],
)
def test_form_errors_name_the_field_and_save_nothing(client_for, change, field, message):
    response = client_for("officer").post("/reports/new/", {**FORM, **change})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert any(message in e for e in errors.get(field, [])), errors
    assert Report.objects.count() == 0
    assert Identifier.objects.count() == 0
    assert message in response.content.decode()


def test_unreadable_details_are_kept_and_flagged_on_the_page(client_for):
    client = client_for("officer")
    response = client.post(
        "/reports/new/", {**FORM, "suspect_phone": "0770 09", "suspect_vehicle": "??"}
    )
    page = client.get(response["Location"]).content.decode()
    assert "0770 09" in page
    assert "kept as written: not a possible phone number" in page
    assert "kept as written: not a UK registration mark" in page


@pytest.mark.parametrize("username", ["analyst", "inspector"])
def test_read_only_roles_cannot_open_the_form(client_for, username):
    assert client_for(username).get("/reports/new/").status_code == 403


def test_signed_out_people_are_sent_to_sign_in(client, recorded_report):
    for url in ["/", "/reports/new/", f"/reports/{recorded_report.reference}/", "/reports/search/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("officer", 200),
        ("supervisor", 200),
        ("analyst", 200),
        ("otherunit", 404),
        ("otherforce", 404),
    ],
)
def test_report_page_access_and_its_consultation_event(
    client_for, recorded_report, username, status
):
    before = AuditEvent.objects.count()
    response = client_for(username).get(f"/reports/{recorded_report.reference}/")
    assert response.status_code == status
    events = list(AuditEvent.objects.filter(seq__gt=before))
    expected = [(Operation.CONSULTATION, recorded_report.reference)] if status == 200 else []
    assert [(e.operation, e.target_id) for e in events] == expected


def _suspect(report):
    return report.mentions.get(role="suspect").person


@pytest.mark.parametrize(
    ("username", "status"),
    [("officer", 200), ("coordinator", 200), ("otherunit", 404), ("otherforce", 404)],
)
def test_person_page_lists_reports_and_is_hidden_from_outsiders(
    client_for, recorded_report, username, status
):
    person = _suspect(recorded_report)
    before = AuditEvent.objects.count()
    response = client_for(username).get(f"/people/{person.ref}/")
    assert response.status_code == status
    assert AuditEvent.objects.filter(seq__gt=before).count() == (1 if status == 200 else 0)
    if status == 200:
        assert recorded_report.reference in response.content.decode()


@pytest.mark.parametrize(
    ("username", "status"), [("officer", 200), ("otherunit", 404), ("otherforce", 404)]
)
def test_person_api(client_for, recorded_report, username, status):
    person = _suspect(recorded_report)
    response = client_for(username).get(f"/api/people/{person.ref}")
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert [r["reference"] for r in body["reports"]] == [recorded_report.reference]
        assert {i["value"] for i in body["identifiers"]} == {"+447700900123", "g_pem", "NB19KXT"}


def test_person_page_lists_reports_newest_first(client_for, personas, report_payload):
    from mosaic.reports.actions import report_record
    from mosaic.reports.schemas import ReportIn

    first = report_record(actor=personas["officer"], data=ReportIn.model_validate(report_payload))
    person = _suspect(first)
    report_payload["occurred_from"] = "2026-10-05T10:00:00+01:00"
    report_payload["reported_at"] = "2026-10-05T11:00:00+01:00"
    second = report_record(actor=personas["officer"], data=ReportIn.model_validate(report_payload))
    second.mentions.filter(role="suspect").update(person=person)
    page = client_for("officer").get(f"/people/{person.ref}/").content.decode()
    assert page.index(second.reference) < page.index(first.reference)


def test_search_page_finds_a_differently_written_phone(client_for, recorded_report):
    page = (
        client_for("officer").post("/reports/search/", {"q": "0044 7700 900 123"}).content.decode()
    )
    assert recorded_report.reference in page


def test_search_page_shows_outsiders_nothing(client_for, recorded_report):
    page = client_for("otherforce").post("/reports/search/", {"q": "07700900123"}).content.decode()
    assert recorded_report.reference not in page
    assert "No reports found." in page


def test_home_lists_only_visible_reports(client_for, recorded_report):
    assert recorded_report.reference in client_for("officer").get("/").content.decode()
    assert recorded_report.reference not in client_for("otherunit").get("/").content.decode()


def test_signed_in_pages_are_not_cached(client_for, recorded_report):
    response = client_for("officer").get(f"/reports/{recorded_report.reference}/")
    assert response["Cache-Control"] == "no-store"


def test_search_terms_never_travel_in_the_url(client_for, recorded_report):
    page = client_for("officer").get("/reports/search/", {"q": "07700900123"}).content.decode()
    assert recorded_report.reference not in page
    assert 'method="post"' in page
