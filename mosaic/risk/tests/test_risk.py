"""Questionnaires, orders, breaches, the risk level and alerts through the API and pages."""

from __future__ import annotations

import json

import pytest

from engines.risk import dash_config
from mosaic.audit.models import AuditEvent, Operation
from mosaic.conduct.models import CourseOfConduct
from mosaic.conduct.tests.test_course import post, record_series
from mosaic.risk.models import Alert, Breach, Order, RiskAssessment, RiskLevelChange

pytestmark = pytest.mark.django_db

QUESTIONS = [q.id for q in dash_config().questions]


@pytest.fixture
def course(client_for, report_payload):
    record_series(client_for("officer"), report_payload, n=2)
    return CourseOfConduct.objects.get()


def send(client, course, what, body):
    return client.post(
        f"/api/cases/{course.ref}/{what}", json.dumps(body), content_type="application/json"
    )


def dash(yes=0, answered=None):
    return {
        "tool": "dash",
        "answers": {
            q: ("yes" if i < yes else "no")
            for i, q in enumerate(QUESTIONS[: answered or len(QUESTIONS)])
        },
    }


def test_a_draft_dash_is_never_scored_complete(client_for, course):
    before = AuditEvent.objects.count()
    response = send(client_for("officer"), course, "assessments", dash(yes=3, answered=10))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["band"]) == ("draft", None)
    assert len(body["unanswered"]) == len(QUESTIONS) - 10
    assert RiskAssessment.objects.get().status == "draft"
    [event] = AuditEvent.objects.filter(seq__gt=before)
    assert (event.operation, event.action) == (Operation.COLLECTION, "risk_assessment_record")
    page = client_for("officer").get(f"/cases/{course.ref}/").content.decode()
    assert "Draft" in page
    assert "provisional band" in page


def test_a_complete_dash_has_a_band(client_for, course):
    body = send(client_for("officer"), course, "assessments", dash(yes=2)).json()
    assert (body["status"], body["band"]) == ("complete", "standard")


@pytest.mark.parametrize(
    ("answers", "field", "reason"),
    [
        ({"dash01": "maybe"}, "answers.dash01", "is not one of: yes, no, not_known"),
        ({"dash99": "yes"}, "answers.dash99", "unknown question id"),
    ],
)
def test_answers_outside_allowed_values_are_refused(client_for, course, answers, field, reason):
    counts = (RiskAssessment.objects.count(), AuditEvent.objects.count())
    response = send(
        client_for("officer"), course, "assessments", {"tool": "dash", "answers": answers}
    )
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == field
    assert reason in error["reason"]
    assert (RiskAssessment.objects.count(), AuditEvent.objects.count()) == counts


@pytest.mark.parametrize(
    ("username", "status"), [("analyst", 403), ("otherunit", 404), ("otherforce", 404)]
)
def test_outsiders_and_readers_cannot_assess_or_add_orders(client_for, course, username, status):
    client = client_for(username)
    assert send(client, course, "assessments", dash()).status_code == status
    assert send(client, course, "orders", order_body(course)).status_code == status
    assert client.get(f"/cases/{course.ref}/assessments/dash/").status_code == (
        200 if status == 403 else 404
    )
    assert client.get(f"/cases/{course.ref}/orders/new/").status_code == (
        200 if status == 403 else 404
    )
    assert not RiskAssessment.objects.exists()
    assert not Order.objects.exists()


def test_a_high_dash_raises_the_level_alerts_and_never_lowers(client_for, course):
    officer = client_for("officer")
    assert course.risk_level == "standard"
    assert send(officer, course, "assessments", dash(yes=15)).json()["risk_level"] == "high"
    course.refresh_from_db()
    assert course.risk_level == "high"
    change = RiskLevelChange.objects.filter(course=course, to_level="high").get()
    assert change.from_level == "standard"
    assert "DASH band high" in change.reason
    alerts = Alert.objects.filter(course=course, kind="risk_rising")
    assert {a.user.username for a in alerts} == {"officer", "supervisor"}
    assert "Re-assess" in alerts.first().text or "re-assess" in alerts.first().text
    assert course.ref in officer.get("/").content.decode()
    assert course.ref in client_for("supervisor").get("/cases/risk/").content.decode()
    assert course.ref not in client_for("otherunit").get("/cases/risk/").content.decode()
    # A later DASH with no yes answers does not lower the level.
    assert send(officer, course, "assessments", dash(yes=0)).json()["risk_level"] == "high"
    course.refresh_from_db()
    assert course.risk_level == "high"
    assert (
        not RiskLevelChange.objects.filter(course=course, to_level="standard")
        .exclude(from_level="")
        .exists()
    )


def order_body(course, **change):
    suspect = course.suspects.get().ref
    victim = course.victims.get().ref
    body = {
        "kind": "spo_interim",
        "subject": suspect,
        "protected": [victim],
        "starts_at": "2026-10-10T09:00:00+01:00",
        "conditions": [{"kind": "exclusion_zone", "postcodes": ["NB3"]}],
    }
    return {**body, **change}


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"ends_at": "2026-10-01T09:00:00+01:00"}, "ends_at", "ends before"),
        (
            {"protected": [], "conditions": [{"kind": "no_contact"}]},
            "conditions.0",
            "names no protected person",
        ),
        ({"conditions": []}, "conditions", "no conditions"),
        ({"subject": "P-NOSUCH00"}, "subject", "no suspect 'P-NOSUCH00' in this course"),
        ({"conditions": [{"kind": "exclusion_zone"}]}, "conditions.0", "names no postcode"),
    ],
)
def test_impossible_orders_are_refused_with_the_reason(client_for, course, change, field, reason):
    before = AuditEvent.objects.count()
    response = send(client_for("officer"), course, "orders", order_body(course, **change))
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert any(e["field"] == field and reason in e["reason"] for e in errors), errors
    assert not Order.objects.exists()
    assert AuditEvent.objects.count() == before


def _later_report(course, report_payload, day):
    first = course.members.order_by("pk").first().report
    people = {m.role: m.person.ref for m in first.mentions.all()}
    payload = json.loads(json.dumps(report_payload))
    payload["occurred_from"] = f"2026-10-{day:02d}T19:30:00+01:00"
    payload["reported_at"] = f"2026-10-{day:02d}T21:00:00+01:00"
    payload["people"] = [
        {"role": "victim", "person": people["victim"], "name": "Ruth Ashdown"},
        {"role": "suspect", "person": people["suspect"]},
    ]
    return payload


@pytest.mark.parametrize(
    ("kind", "notifiable", "klass"), [("spo_interim", True, "008/74"), ("bail", False, "")]
)
def test_a_report_in_an_excluded_area_is_a_likely_breach(
    client_for, course, report_payload, kind, notifiable, klass
):
    officer = client_for("officer")
    before = AuditEvent.objects.count()
    response = send(officer, course, "orders", order_body(course, kind=kind))
    assert response.status_code == 201, response.content
    [event] = AuditEvent.objects.filter(seq__gt=before)
    assert (event.operation, event.action) == (Operation.COLLECTION, "order_record")
    reference = post(officer, _later_report(course, report_payload, 12)).json()["reference"]
    breach = Breach.objects.get()
    assert breach.report.reference == reference
    assert (breach.notifiable, breach.home_office_class) == (notifiable, klass)
    assert any("NB3" in e for e in breach.evidence)
    assert Alert.objects.filter(kind="likely_breach", user__username="officer").exists()
    course.refresh_from_db()
    decision = course.decisions.first()
    breach_crimes = [c for c in decision.crimes if c["basis"] == "breach"]
    assert [c["class"] for c in breach_crimes] == ([klass] if notifiable else [])
    page = officer.get(f"/cases/{course.ref}/").content.decode()
    assert "Likely breaches" in page
    assert reference in page


def test_a_report_before_the_order_is_no_breach(client_for, course, report_payload):
    officer = client_for("officer")
    send(officer, course, "orders", order_body(course, starts_at="2026-10-20T09:00:00+01:00"))
    post(officer, _later_report(course, report_payload, 12))
    assert not Breach.objects.exists()


def test_questionnaire_form_saves_a_draft(client_for, course):
    client = client_for("officer")
    page = client.get(f"/cases/{course.ref}/assessments/sdash/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "fieldset" in html
    # every question is its own screen on small screens (site.css), without script
    assert html.count('<fieldset class="question">') == 11
    assert '<div class="questions">' in html
    assert "<script" not in html.split("<main", 1)[-1]
    response = client.post(f"/cases/{course.ref}/assessments/sdash/", {"sdash01": "yes"})
    assert response.status_code == 302
    row = RiskAssessment.objects.get()
    assert (row.tool, row.status) == ("sdash", "draft")
    assert client.get(f"/cases/{course.ref}/assessments/nonsense/").status_code == 404


def test_order_form_refuses_with_the_reason(client_for, course):
    client = client_for("officer")
    form = {
        "kind": "spo_full",
        "subject": course.suspects.get().ref,
        "protected": [course.victims.get().ref],
        "starts_at": "2026-10-10T09:00",
        "ends_at": "2026-12-10T09:00",
        "condition": "exclusion_zone",
        "postcodes": "NB3",
    }
    response = client.post(f"/cases/{course.ref}/orders/new/", form)
    assert response.status_code == 400
    assert "a full SPO lasts at least 730 days" in response.content.decode()
    response = client.post(
        f"/cases/{course.ref}/orders/new/", {**form, "ends_at": "2029-12-10T09:00"}
    )
    assert response.status_code == 302
    assert Order.objects.get().kind == "spo_full"


def test_safeguarding_prompts_show_for_stalking(client_for, course):
    json_body = {"classification": "195/12", "reason": "FOUR"}
    send(client_for("supervisor"), course, "reclassify", json_body)
    # The risk panel reads the course when the next thing happens on it.
    send(client_for("officer"), course, "assessments", dash(yes=1, answered=3))
    page = client_for("officer").get(f"/cases/{course.ref}/").content.decode()
    assert "Stalking Protection Order" in page
    assert "independent stalking advocate" in page


def test_reports_after_an_order_are_still_checked_for_breaches(client_for, course, report_payload):
    """An order ends the course (CRR 2026/27 p.52); a later report is still checked against it."""
    officer = client_for("officer")
    send(officer, course, "orders", order_body(course))
    first = post(officer, _later_report(course, report_payload, 12)).json()["reference"]
    second = post(officer, _later_report(course, report_payload, 14)).json()["reference"]
    breached = set(Breach.objects.values_list("report__reference", flat=True))
    assert breached == {first, second}
    assert Alert.objects.filter(kind="likely_breach", course=course).count() == 4


def test_a_threat_to_kill_raises_the_level_with_its_words_as_evidence(
    client_for, course, report_payload
):
    from datetime import timedelta

    from django.utils import timezone

    payload = _later_report(course, report_payload, 12)
    # The signal reads the last 30 days up to now: the threat is two days old.
    when = timezone.now() - timedelta(days=2)
    payload["occurred_from"] = when.isoformat()
    payload["reported_at"] = (when + timedelta(hours=1)).isoformat()
    payload["narrative"] = "He sent her a text saying he would kill her if she called the police."
    reference = post(client_for("officer"), payload).json()["reference"]
    course.refresh_from_db()
    assert course.risk_level == "high"
    [cue] = [s for s in course.risk_summary["signals"] if s["kind"] == "new_risk_cue"]
    assert cue["code"] == "threat_to_kill"
    assert cue["evidence"][0]["report_id"] == reference
    assert cue["evidence"][0]["words"]
    assert Alert.objects.filter(course=course, kind="risk_rising").count() == 2
    page = client_for("officer").get(f"/cases/{course.ref}/").content.decode()
    assert "threat_to_kill" in page
    assert "Re-assess the risk" in page


@pytest.mark.parametrize(
    ("condition", "narrative", "breached"),
    [
        (
            {"kind": "no_contact", "indirect": False},
            "He sent her forty messages overnight and waited outside her flat.",
            "no_contact",
        ),
        (
            {"kind": "no_social_media_posting"},
            "He posted her photos and her home address on Facebook for everyone to see.",
            "no_social_media_posting",
        ),
        (
            {"kind": "notification", "notification_days": 3},
            "He sent her forty messages overnight and waited outside her flat.",
            None,  # a clock on the order, never breached by a report
        ),
        (
            {"kind": "exclusion_zone", "postcodes": ["ZZ9"]},
            "He sent her forty messages overnight and waited outside her flat.",
            None,  # the report is not in the excluded area
        ),
    ],
)
def test_every_condition_kind_is_checked_on_the_next_report(
    client_for, course, report_payload, condition, narrative, breached
):
    officer = client_for("officer")
    body = order_body(course, kind="spo_interim", conditions=[condition])
    assert send(officer, course, "orders", body).status_code == 201
    payload = _later_report(course, report_payload, 12)
    payload["narrative"] = narrative
    assert post(officer, payload).status_code == 201
    got = set(Breach.objects.values_list("condition", flat=True))
    assert got == ({breached} if breached else set())
