"""A report about a suspect with earlier reports opens a course of conduct at once."""

from __future__ import annotations

import json

import pytest

from mosaic.audit.models import AuditEvent, Operation
from mosaic.conduct.models import CourseOfConduct

pytestmark = pytest.mark.django_db

NARRATIVES = [
    "He sent her forty messages overnight and waited outside her flat. She is very frightened.",
    "He followed her to the station and was watching her from his car.",
    "He turned up at her workplace again and left flowers on her car.",
]


def post(client, payload):
    return client.post("/api/reports", json.dumps(payload), content_type="application/json")


def record_series(
    client, report_payload, n=3, days=(1, 8, 15), classification="none", narratives=NARRATIVES
):
    """Record ``n`` reports about the same victim and suspect, naming them by ref after the
    first; returns the API bodies."""
    bodies = []
    for i in range(n):
        payload = json.loads(json.dumps(report_payload))
        payload["occurred_from"] = f"2026-10-{days[i]:02d}T19:30:00+01:00"
        payload["reported_at"] = f"2026-10-{days[i]:02d}T21:00:00+01:00"
        payload["narrative"] = narratives[i % len(narratives)]
        payload["classification"] = classification
        if bodies:
            people = bodies[0]["people"]
            payload["people"][0] = {
                "role": "victim",
                "person": people[0]["person"]["ref"],
                "name": "Ruth Ashdown",
            }
            payload["people"][1] = {"role": "suspect", "person": people[1]["person"]["ref"]}
        response = post(client, payload)
        assert response.status_code == 201, response.content
        bodies.append(response.json())
    return bodies


def test_a_second_report_opens_a_course(client_for, report_payload):
    client = client_for("officer")
    first, second = record_series(client, report_payload, n=2)
    course = CourseOfConduct.objects.get()
    assert course.ref.startswith("C-")
    assert set(course.members.values_list("report__reference", flat=True)) == {
        first["reference"],
        second["reference"],
    }
    body = client.get(f"/api/cases/{course.ref}").json()
    assert body["classification"], body
    assert body["decisions"][0]["reasons"]
    assert all(r["page"] for r in body["decisions"][0]["reasons"])
    assert body["risk_level"] in ("standard", "medium", "high")


def test_the_second_report_writes_one_event_per_step(client_for, report_payload):
    client = client_for("officer")
    [first] = record_series(client, report_payload, n=1)
    assert not CourseOfConduct.objects.exists()
    before = AuditEvent.objects.count()
    record_series_after(client, report_payload, first)
    course = CourseOfConduct.objects.get()
    events = [
        (e.operation, e.action, e.target_id) for e in AuditEvent.objects.filter(seq__gt=before)
    ]
    # One event per intake step: the record, its links, the narrative's tags, the course, risk.
    assert [e[1] for e in events[:3]] == ["report_record", "report_link", "narrative_tag_report"]
    assert events[3:] == [
        (Operation.COMBINATION, "course_open", course.ref),
        (Operation.COMBINATION, "course_risk_update", course.ref),
    ]


def record_series_after(client, report_payload, first, narrative=None, day=8):
    payload = json.loads(json.dumps(report_payload))
    payload["occurred_from"] = f"2026-10-{day:02d}T19:30:00+01:00"
    payload["reported_at"] = f"2026-10-{day:02d}T21:00:00+01:00"
    if narrative is not None:
        payload["narrative"] = narrative
    people = first["people"]
    payload["people"][0] = {"role": "victim", "person": people[0]["person"]["ref"], "name": "Ruth"}
    payload["people"][1] = {"role": "suspect", "person": people[1]["person"]["ref"]}
    response = post(client, payload)
    assert response.status_code == 201, response.content
    return response.json()


def test_a_suspect_known_only_by_a_number_has_no_course(client_for, report_payload):
    report_payload["people"][1] = {
        "role": "suspect",
        "identifiers": [{"type": "phone", "value": "07700900999"}],
    }
    client = client_for("officer")
    for _ in range(3):
        assert post(client, report_payload).status_code == 201
    assert not CourseOfConduct.objects.exists()


@pytest.fixture
def course(client_for, report_payload):
    record_series(client_for("officer"), report_payload, n=3)
    return CourseOfConduct.objects.get()


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("officer", 200),
        ("supervisor", 200),
        ("coordinator", 200),
        ("analyst", 200),
        ("registrar", 200),
        ("otherunit", 404),
        ("otherforce", 404),
    ],
)
def test_course_page_and_api_access(client_for, course, username, status):
    client = client_for(username)
    before = AuditEvent.objects.count()
    page = client.get(f"/cases/{course.ref}/")
    assert page.status_code == status
    assert client.get(f"/api/cases/{course.ref}").status_code == status
    consultations = AuditEvent.objects.filter(seq__gt=before, operation=Operation.CONSULTATION)
    assert consultations.count() == (2 if status == 200 else 0)
    if status == 200:
        text = page.content.decode()
        assert course.classification_label in text
        assert "CRR 2026/27 p." in text
        assert "Timeline" in text
        assert "Classification history" in text


def test_the_report_page_and_api_show_the_course(client_for, course):
    reference = course.members.first().report.reference
    client = client_for("officer")
    assert course.ref in client.get(f"/reports/{reference}/").content.decode()
    summary = client.get(f"/api/reports/{reference}").json()["course"]
    assert summary["ref"] == course.ref
    assert summary["classification"] == course.classification


def test_the_owning_unit_reads_every_report_even_one_another_unit_took(
    client_for, personas, report_payload
):
    from mosaic.reports.actions import report_record
    from mosaic.reports.models import Mention
    from mosaic.reports.schemas import ReportIn

    client = client_for("officer")
    [first] = record_series(client, report_payload, n=1)
    # The other unit wrote the suspect down too vaguely for linkage to join him by itself...
    vague = json.loads(json.dumps(report_payload))
    vague["people"][1] = {"role": "suspect", "description": "tall man, dark coat"}
    other = report_record(actor=personas["otherunit"], data=ReportIn.model_validate(vague))
    # ...until someone resolves its mentions to the same people.
    for mention in Mention.objects.filter(report=other):
        mention.person_id = Mention.objects.get(
            report__reference=first["reference"], role=mention.role
        ).person_id
        mention.save()
    assert client.get(f"/api/reports/{other.reference}").status_code == 404
    record_series_after(client, report_payload, first)
    course = CourseOfConduct.objects.get()
    assert other.reference in client.get(f"/api/cases/{course.ref}").json()["reports"]
    assert client.get(f"/api/reports/{other.reference}").status_code == 200
    assert client_for("otherforce").get(f"/api/reports/{other.reference}").status_code == 404
    # The unit that took one of the course's reports may read the course (ADR 0005)...
    assert client_for("otherunit").get(f"/api/cases/{course.ref}").status_code == 200
    assert client_for("otherunit").get(f"/api/reports/{other.reference}").status_code == 200
    # ...but a unit with no report in it may not.
    from mosaic.accounts.models import Unit

    Unit.objects.create(force=personas["officer"].unit.force, code="NPT", name="Neighbourhood")
    personas["otherunit"].unit = Unit.objects.get(code="NPT")
    personas["otherunit"].save()
    assert client_for("otherunit").get(f"/api/cases/{course.ref}").status_code == 404


def reclassify(client, course, body):
    return client.post(
        f"/api/cases/{course.ref}/reclassify", json.dumps(body), content_type="application/json"
    )


@pytest.mark.parametrize(
    ("username", "body", "status"),
    [
        ("supervisor", {"classification": "195/12", "reason": "fixated: FOUR present"}, 200),
        ("registrar", {"classification": "195/12", "reason": "FCR review"}, 200),
        ("officer", {"classification": "195/12", "reason": "I think so"}, 403),
        ("analyst", {"classification": "195/12", "reason": "read-only"}, 403),
        ("otherunit", {"classification": "195/12", "reason": "outsider"}, 404),
        ("otherforce", {"classification": "195/12", "reason": "outsider"}, 404),
        ("supervisor", {"classification": "195/12", "reason": "  "}, 422),
        ("supervisor", {"classification": "195/12"}, 422),
        ("supervisor", {"classification": "999/99", "reason": "typo"}, 422),
    ],
)
def test_reclassification(client_for, course, username, body, status):
    before = (AuditEvent.objects.count(), course.decisions.count())
    response = reclassify(client_for(username), course, body)
    assert response.status_code == status, response.content
    events = AuditEvent.objects.filter(seq__gt=before[0])
    course.refresh_from_db()
    if status == 200:
        [event] = events
        assert (event.operation, event.action, event.reason) == (
            Operation.ALTERATION,
            "course_reclassify",
            body["reason"],
        )
        assert course.classification == "195/12"
        assert course.decisions.first().decided_by.username == username
    else:
        assert not events.exists()
        assert course.decisions.count() == before[1]
    if status == 422:
        field = "classification" if body["classification"] == "999/99" else "reason"
        assert response.json()["errors"][0]["field"] == field


def test_reclassify_form_for_supervisors_only(client_for, course):
    assert "Reclassify" in client_for("supervisor").get(f"/cases/{course.ref}/").content.decode()
    page = client_for("officer").get(f"/cases/{course.ref}/").content.decode()
    assert "Reclassify</button>" not in page
    response = client_for("officer").post(
        f"/cases/{course.ref}/reclassify/", {"classification": "195/12", "reason": "x"}
    )
    assert response.status_code == 403
    response = client_for("supervisor").post(
        f"/cases/{course.ref}/reclassify/", {"classification": "195/12", "reason": ""}
    )
    assert response.status_code == 400
    response = client_for("supervisor").post(
        f"/cases/{course.ref}/reclassify/", {"classification": "195/12", "reason": "FOUR"}
    )
    assert response.status_code == 302
    assert client_for("otherunit").post(f"/cases/{course.ref}/reclassify/", {}).status_code == 404


def test_a_later_rules_decision_does_not_undo_a_reclassification(
    client_for, course, report_payload
):
    reclassify(client_for("supervisor"), course, {"classification": "195/12", "reason": "FOUR"})
    first = course.members.order_by("pk").first().report
    people = {m.role: m.person.ref for m in first.mentions.all()}
    payload = json.loads(json.dumps(report_payload))
    payload["occurred_from"] = "2026-10-20T19:30:00+01:00"
    payload["reported_at"] = "2026-10-20T21:00:00+01:00"
    payload["people"] = [
        {"role": "victim", "person": people["victim"], "name": "Ruth Ashdown"},
        {"role": "suspect", "person": people["suspect"]},
    ]
    assert post(client_for("officer"), payload).status_code == 201
    course.refresh_from_db()
    assert course.classification == "195/12"
    if course.decisions.first().classification != "195/12":
        assert course.flags.filter(code="RULES_DIFFER_FROM_RECLASSIFICATION").exists()


def test_a_pin_in_a_stalking_case_is_refused_with_the_reason(client_for, course, report_payload):
    reclassify(client_for("supervisor"), course, {"classification": "195/12", "reason": "FOUR"})
    first = course.members.order_by("pk").first().report
    people = {m.role: m.person.ref for m in first.mentions.all()}
    payload = json.loads(json.dumps(report_payload))
    payload["classification"] = "harassment_warning"
    payload["occurred_from"] = "2026-10-21T19:30:00+01:00"
    payload["reported_at"] = "2026-10-21T21:00:00+01:00"
    payload["people"] = [
        {"role": "victim", "person": people["victim"], "name": "Ruth Ashdown"},
        {"role": "suspect", "person": people["suspect"]},
    ]
    reference = post(client_for("officer"), payload).json()["reference"]
    flag = course.flags.get(code="PIN_REFUSED")
    assert "never used in stalking cases" in flag.text
    assert flag.evidence == [reference]
    assert "PIN_REFUSED" in client_for("officer").get(f"/cases/{course.ref}/").content.decode()


def test_the_queue_lists_unrecorded_courses_soonest_first(client_for, course):
    page = client_for("officer").get("/cases/queue/").content.decode()
    assert course.ref in page
    assert course.ref not in client_for("otherunit").get("/cases/queue/").content.decode()
    assert course.ref not in client_for("otherforce").get("/cases/queue/").content.decode()
    response = client_for("officer").post(
        f"/api/cases/{course.ref}/record",
        json.dumps({"crime_reference": "NS/26/12345"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert (
        AuditEvent.objects.filter(action="course_record_crime", target_id=course.ref).count() == 1
    )
    assert course.ref not in client_for("officer").get("/cases/queue/").content.decode()
    body = json.dumps({"crime_reference": "NS/26/1"})
    for outsider in ("otherunit", "otherforce"):
        response = client_for(outsider).post(
            f"/api/cases/{course.ref}/record", body, content_type="application/json"
        )
        assert response.status_code == 404


def test_recording_check_command(tmp_path):
    from pathlib import Path

    from django.core.management import call_command

    public = Path("engines/conduct/tests/data/public.json")
    out = tmp_path / "out.txt"
    with out.open("w") as stream:
        call_command("recording_check", str(public), stdout=stream)
    text = out.read_text()
    assert "agree (rules" in text
    bad = tmp_path / "bad.json"
    cases = json.loads(public.read_text())[:1]
    cases[0]["expected"] = {"crimes": [], "included": ["nonsense"]}
    bad.write_text(json.dumps(cases))
    with pytest.raises(SystemExit) as exit_info:
        call_command("recording_check", str(bad), stdout=out.open("w"))
    assert exit_info.value.code == 1


def _queries(callable_):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        callable_()
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_the_course(client_for, report_payload):
    """No N+1: recording one more report, and showing the course, cost the same number of
    queries for a course of 3 reports as for one of 6."""
    client = client_for("officer")
    [first] = record_series(client, report_payload, n=1)
    counts = []
    for day in (8, 9, 10, 11, 12, 13):
        payload = json.loads(json.dumps(report_payload))
        payload["occurred_from"] = f"2026-10-{day:02d}T19:30:00+01:00"
        payload["reported_at"] = f"2026-10-{day:02d}T21:00:00+01:00"
        people = first["people"]
        payload["people"][0] = {"role": "victim", "person": people[0]["person"]["ref"], "name": "R"}
        payload["people"][1] = {"role": "suspect", "person": people[1]["person"]["ref"]}
        counts.append(_queries(lambda p=payload: post(client, p)))
    course = CourseOfConduct.objects.get()
    assert counts[2] == counts[5], counts
    small = _queries(lambda: client.get(f"/cases/{course.ref}/"))
    record_series_after(client, report_payload, first)
    assert _queries(lambda: client.get(f"/cases/{course.ref}/")) == small


def test_contradictory_facts_keep_the_report_and_say_why_there_is_no_course(
    client_for, report_payload
):
    client = client_for("officer")
    [first] = record_series(client, report_payload, n=1)
    suspect = first["people"][1]["person"]["ref"]
    report_payload["people"] = [
        {"role": "victim", "person": suspect, "name": "Gareth Pembury"},
        {"role": "suspect", "person": suspect},
    ]
    response = post(client, report_payload)
    assert response.status_code == 201
    event = AuditEvent.objects.get(action="course_update_refused")
    assert event.target_id == response.json()["reference"]
    assert "both victim and suspect" in event.details["reason"]
    assert not CourseOfConduct.objects.exists()


def test_the_case_endpoints_are_in_the_openapi_document(client_for):
    paths = client_for("officer").get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/cases/{ref}",
        "/api/cases/{ref}/reclassify",
        "/api/cases/{ref}/record",
        "/api/cases/{ref}/assessments",
        "/api/cases/{ref}/orders",
    ):
        assert path in paths


def test_the_narrative_makes_it_stalking_with_reasons_and_pages(client_for, report_payload):
    """Following and watching are acts beyond contact: stalking first (CRR 2026/27 pp.51-52)."""
    client = client_for("officer")
    record_series(client, report_payload, n=3)
    course = CourseOfConduct.objects.get()
    body = client.get(f"/api/cases/{course.ref}").json()
    assert body["classification"] in ("195/12", "008/65", "008/66"), body["classification"]
    [stalk_first] = [r for r in body["decisions"][0]["reasons"] if r["rule"] == "STALK-FIRST"]
    assert "following" in stalk_first["text"]
    assert stalk_first["page"] == "CRR 2026/27 p.51-52"
    page = client.get(f"/cases/{course.ref}/").content.decode()
    assert "Behaviours:" in page
    assert "following" in page


def test_a_pin_recorded_in_a_stalking_course_is_flagged(client_for, report_payload):
    client = client_for("officer")
    record_series(client, report_payload, n=2)
    course = CourseOfConduct.objects.get()
    assert course.classification in ("195/12", "008/65", "008/66")
    first = course.members.order_by("pk").first().report
    people = {m.role: m.person.ref for m in first.mentions.all()}
    payload = json.loads(json.dumps(report_payload))
    payload["classification"] = "harassment_warning"
    payload["occurred_from"] = "2026-10-12T19:30:00+01:00"
    payload["reported_at"] = "2026-10-12T21:00:00+01:00"
    payload["people"] = [
        {"role": "victim", "person": people["victim"], "name": "Ruth Ashdown"},
        {"role": "suspect", "person": people["suspect"]},
    ]
    reference = post(client, payload).json()["reference"]
    codes = set(course.flags.filter(cleared_at__isnull=True).values_list("code", flat=True))
    assert {"PIN_REFUSED", "PIN_IN_STALKING"} <= codes
    assert course.flags.get(code="PIN_IN_STALKING").evidence == [reference]


STALKING = ("195/12", "008/65", "008/66")


def _timeline(client, course):
    return client.get(f"/cases/{course.ref}/").content.decode().split("<h2>Timeline</h2>")[1]


def _review(client, report_ref, code, payload):
    from mosaic.narratives.models import Tag

    tag = Tag.objects.get(report__reference=report_ref, code=code)
    response = client.post(
        f"/api/tags/{tag.pk}/review", json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def test_an_officers_correction_of_a_tag_changes_the_course(client_for, report_payload):
    """Conduct reads the stored, reviewed tags, not a fresh engine reading: once an officer
    corrects the only stalking act (following) to historical, the course's timeline drops it
    at once and the next report's decision is no longer stalking (CRR 2026/27 pp.51-52:
    following is an act beyond contact, so stalking first)."""
    client = client_for("officer")
    narratives = [
        "He sent her forty abusive messages overnight.",
        "He followed her home from the station.",
        "He sent her more abusive messages this morning.",
    ]
    first, second = record_series(client, report_payload, n=2, narratives=narratives)
    course = CourseOfConduct.objects.get()
    assert course.classification in STALKING
    assert "following" in _timeline(client, course)

    payload = {"decision": "correct", "status": "historical", "note": "that was in 2019"}
    assert _review(client, second["reference"], "following", payload)["status"] == "historical"
    assert "following" not in _timeline(client, course)
    record_series_after(client, report_payload, first, narrative=narratives[2], day=15)
    course.refresh_from_db()
    assert course.classification not in STALKING, course.classification
    body = client.get(f"/api/cases/{course.ref}").json()
    assert not [r for r in body["decisions"][0]["reasons"] if r["rule"] == "STALK-FIRST"]


def test_an_officers_added_tag_counts_and_a_report_with_nothing_stored_is_read(
    client_for, report_payload
):
    """An act the engine missed, added by an officer, counts like an engine tag; a report with
    no stored reading or tags (recorded before tagging at intake) is read by the engine."""
    from mosaic.conduct.facts import tags_of
    from mosaic.narratives.models import Reading, Tag
    from mosaic.reports.models import Report

    client = client_for("officer")
    narratives = ["He sent her forty abusive messages overnight.", "He was there again."]
    first, second = record_series(client, report_payload, n=2, narratives=narratives)
    course = CourseOfConduct.objects.get()
    assert course.classification not in STALKING
    start = narratives[1].index("was there")
    response = client.post(
        f"/api/reports/{second['reference']}/tags",
        json.dumps({"code": "loitering", "start": start, "end": start + 15}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    report = Report.objects.for_engines().get(reference=second["reference"])
    assert "loitering" in tags_of(report).behaviours
    record_series_after(client, report_payload, first, narrative=narratives[0], day=15)
    course.refresh_from_db()
    assert course.classification in STALKING

    old = Report.objects.get(reference=first["reference"])
    Tag.objects.filter(report=old).delete()
    Reading.objects.filter(report=old).delete()
    old = Report.objects.for_engines().get(pk=old.pk)
    assert tags_of(old).behaviours == ("contacting",)
