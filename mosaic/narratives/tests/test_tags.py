"""Tags: stored at intake, shown highlighted (escaped) on the report page, reviewed by officers."""

from __future__ import annotations

import json

import pytest

from mosaic.audit.models import AuditEvent, Operation
from mosaic.narratives.facts import happened_codes, happened_tags, report_identifiers
from mosaic.narratives.models import ExtractedIdentifier, Reading, ReviewState, Source, Tag

pytestmark = pytest.mark.django_db

NARRATIVE = (
    "He followed her home from the station and rang her from 07700 900456 six times. "
    "He did not come to the house."
)
OUTSIDERS = ["otherunit", "otherforce"]
READ_ONLY = ["analyst", "inspector"]


def post_json(client, url, payload):
    return client.post(url, json.dumps(payload), content_type="application/json")


@pytest.fixture
def tagged_report(personas, report_payload):
    from mosaic.reports.actions import report_record
    from mosaic.reports.schemas import ReportIn

    report_payload["narrative"] = NARRATIVE
    report_payload["classification"] = "malicious_communications"
    return report_record(actor=personas["officer"], data=ReportIn.model_validate(report_payload))


def _tag(report, code):
    return Tag.objects.get(report=report, code=code)


def test_api_intake_stores_tags_identifiers_and_reading(client_for, report_payload):
    report_payload["narrative"] = NARRATIVE
    response = post_json(client_for("officer"), "/api/reports", report_payload)
    assert response.status_code == 201
    reference = response.json()["reference"]
    tags = {(t.code, t.status) for t in Tag.objects.filter(report__reference=reference)}
    assert {("following", "happened"), ("contacting", "happened")} <= tags
    assert ("uninvited_visit", "negated") in tags
    for t in Tag.objects.filter(report__reference=reference):
        assert NARRATIVE[t.start : t.end] == t.text
        assert t.lexicon_version.startswith("narrative-lexicon/")
        assert (t.source, t.review_state) == (Source.ENGINE, ReviewState.UNREVIEWED)
    [phone] = ExtractedIdentifier.objects.filter(report__reference=reference)
    assert (phone.type, phone.value) == ("phone", "+447700900456")
    assert Reading.objects.get(report__reference=reference).four["repeated"]
    [event] = AuditEvent.objects.filter(action="narrative_tag_report", target_id=reference)
    assert event.operation == Operation.ALTERATION


def test_form_intake_stores_tags(client_for):
    from mosaic.reports.tests.test_pages import FORM

    response = client_for("officer").post("/reports/new/", {**FORM, "narrative": NARRATIVE})
    assert response.status_code == 302
    codes = {t.code for t in Tag.objects.all()}
    assert {"following", "contacting", "uninvited_visit"} <= codes


def test_report_page_highlights_tags_and_shows_four_view_and_signal(client_for, tagged_report):
    page = client_for("officer").get(tagged_report.get_absolute_url()).content.decode()
    assert '<mark class="tag tag-happened" title="following: happened">' in page
    assert "following: happened]" in page  # visible label, not only colour or title
    assert "negated" in page
    assert "Key to the highlighting" in page
    assert "FOUR view of this report" in page
    assert "Review the classification" in page
    assert "recorded as &#x27;malicious_communications&#x27;" in page
    assert "+447700900456" in page


def test_a_narrative_with_markup_renders_inert(client_for, personas, report_payload):
    from mosaic.reports.actions import report_record
    from mosaic.reports.schemas import ReportIn

    report_payload["narrative"] = (
        '<script>alert("x")</script> He followed her <b onmouseover="x()">home</b> & "waited".'
    )
    report = report_record(actor=personas["officer"], data=ReportIn.model_validate(report_payload))
    assert Tag.objects.filter(report=report, code="following").exists()
    page = client_for("officer").get(report.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<b onmouseover" not in page
    assert "&lt;b onmouseover=&quot;x()&quot;&gt;" in page


@pytest.mark.parametrize("username", OUTSIDERS)
def test_outsiders_get_404_everywhere(client_for, tagged_report, username):
    client = client_for(username)
    ref, tag = tagged_report.reference, _tag(tagged_report, "following")
    before = AuditEvent.objects.count()
    assert client.get(f"/api/reports/{ref}/tags").status_code == 404
    add = {"code": "loitering", "start": 0, "end": 2}
    assert post_json(client, f"/api/reports/{ref}/tags", add).status_code == 404
    review = {"decision": "confirm"}
    assert post_json(client, f"/api/tags/{tag.pk}/review", review).status_code == 404
    assert client.post(f"/reports/{ref}/tags/{tag.pk}/review/", review).status_code == 404
    form = {"code": "loitering", "status": "happened", "words": "He"}
    assert client.post(f"/reports/{ref}/tags/add/", form).status_code == 404
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("username", READ_ONLY)
def test_read_only_roles_read_tags_but_get_403_on_changes(client_for, tagged_report, username):
    client = client_for(username)
    ref, tag = tagged_report.reference, _tag(tagged_report, "following")
    response = client.get(f"/api/reports/{ref}/tags")
    assert response.status_code == 200
    assert {t["code"] for t in response.json()["tags"]} >= {"following", "contacting"}
    before = AuditEvent.objects.count()
    add = {"code": "loitering", "start": 0, "end": 2}
    assert post_json(client, f"/api/reports/{ref}/tags", add).status_code == 403
    assert (
        post_json(client, f"/api/tags/{tag.pk}/review", {"decision": "confirm"}).status_code == 403
    )
    assert (
        client.post(f"/reports/{ref}/tags/{tag.pk}/review/", {"decision": "confirm"}).status_code
        == 403
    )
    page = client.get(tagged_report.get_absolute_url()).content.decode()
    assert "Add a tag the reader missed" not in page
    assert AuditEvent.objects.filter(seq__gt=before, operation=Operation.ALTERATION).count() == 0
    assert _tag(tagged_report, "following").review_state == ReviewState.UNREVIEWED


def _events_after(before):
    return [(e.operation, e.action) for e in AuditEvent.objects.filter(seq__gt=before)]


def test_confirm_through_the_api(client_for, tagged_report):
    tag = _tag(tagged_report, "following")
    before = AuditEvent.objects.count()
    response = post_json(
        client_for("officer"), f"/api/tags/{tag.pk}/review", {"decision": "confirm"}
    )
    assert response.status_code == 200
    assert response.json()["review_state"] == "confirmed"
    assert response.json()["reviewed_by"] == "officer"
    assert _events_after(before) == [(Operation.ALTERATION, "tag_confirm")]


def test_correct_keeps_the_original_and_counts_the_correction(client_for, tagged_report):
    tag = _tag(tagged_report, "uninvited_visit")
    assert "uninvited_visit" not in happened_codes(tagged_report)[0]
    before = AuditEvent.objects.count()
    payload = {"decision": "correct", "status": "happened", "note": "he did come, see statement"}
    body = post_json(client_for("officer"), f"/api/tags/{tag.pk}/review", payload).json()
    assert (body["status"], body["review_state"]) == ("happened", "corrected")
    assert body["original"]["status"] == "negated"
    assert _events_after(before) == [(Operation.ALTERATION, "tag_correct")]
    assert "uninvited_visit" in happened_codes(tagged_report)[0]
    assert happened_tags(tagged_report).version.endswith("+officer")


def test_reject_through_the_page_stops_the_tag_counting(client_for, tagged_report):
    tag = _tag(tagged_report, "following")
    before = AuditEvent.objects.count()
    url = f"/reports/{tagged_report.reference}/tags/{tag.pk}/review/"
    response = client_for("officer").post(url, {"decision": "reject", "note": "not him"})
    assert response.status_code == 302
    assert _tag(tagged_report, "following").review_state == ReviewState.REJECTED
    assert _events_after(before) == [(Operation.ALTERATION, "tag_reject")]
    assert "following" not in happened_codes(tagged_report)[0]


def test_add_through_the_api_and_the_page(client_for, tagged_report):
    client = client_for("officer")
    words = "rang her"
    start = NARRATIVE.index(words)
    before = AuditEvent.objects.count()
    body = post_json(
        client,
        f"/api/reports/{tagged_report.reference}/tags",
        {"code": "escalation", "start": start, "end": start + len(words)},
    ).json()
    assert (body["text"], body["source"], body["review_state"]) == (words, "officer", "confirmed")
    form = {"code": "victim_very_frightened", "status": "happened", "words": "six times"}
    response = client.post(f"/reports/{tagged_report.reference}/tags/add/", form)
    assert response.status_code == 302
    assert _events_after(before) == [
        (Operation.ALTERATION, "tag_add"),
        (Operation.ALTERATION, "tag_add"),
    ]
    assert {"escalation", "victim_very_frightened"} <= set(happened_codes(tagged_report)[1])


@pytest.mark.parametrize(
    ("payload", "field", "reason"),
    [
        ({"decision": "maybe"}, "decision", "Input should be 'confirm', 'correct' or 'reject'"),
        ({"decision": "correct"}, "code", "a correction gives a new code, status or offsets"),
        ({"decision": "correct", "code": "flying"}, "code", "is not a behaviour or risk cue"),
        ({"decision": "correct", "status": "maybe"}, "status", "is not one of"),
        ({"decision": "confirm", "code": "following"}, "decision", "confirm takes no code"),
        ({"decision": "reject"}, "note", "say why the tag is wrong"),
        ({"decision": "correct", "start": 5}, "end", "give start and end together"),
        ({"decision": "correct", "start": 5, "end": 99_999}, "end", "is past the end"),
        ({"decision": "correct", "start": 9, "end": 5}, "end", "must be after start"),
        ({"decision": "correct", "code": "following"}, "code", "changes nothing"),
        ({"decision": "confirm", "colour": "red"}, "colour", "Extra inputs are not permitted"),
    ],
)
def test_bad_review_input_is_422_with_field_and_reason(
    client_for, tagged_report, payload, field, reason
):
    tag = _tag(tagged_report, "following")
    before = AuditEvent.objects.count()
    response = post_json(client_for("officer"), f"/api/tags/{tag.pk}/review", payload)
    assert response.status_code == 422, response.content
    [error] = response.json()["errors"]
    assert error["field"] == field
    assert reason in error["reason"]
    assert AuditEvent.objects.count() == before
    assert _tag(tagged_report, "following").review_state == ReviewState.UNREVIEWED


def test_bad_review_on_the_page_shows_the_field_and_writes_nothing(client_for, tagged_report):
    tag = _tag(tagged_report, "following")
    before = AuditEvent.objects.count()
    url = f"/reports/{tagged_report.reference}/tags/{tag.pk}/review/"
    response = client_for("officer").post(url, {"decision": "reject"})
    assert response.status_code == 400
    assert "say why the tag is wrong" in response.content.decode()
    response = client_for("officer").post(
        f"/reports/{tagged_report.reference}/tags/add/",
        {"code": "following", "status": "happened", "words": "not in the text"},
    )
    assert "these words are not in the narrative" in response.content.decode()
    assert AuditEvent.objects.count() == before


def test_report_identifiers_come_from_the_form_and_the_narrative(tagged_report):
    found = report_identifiers(tagged_report)
    sources = {(i.source, i.type, i.value) for i in found}
    assert ("form", "phone", "+447700900123") in sources
    assert ("narrative", "phone", "+447700900456") in sources


def test_export_corrections_writes_reviewed_tags_as_eval_data(
    client_for, personas, tagged_report, tmp_path
):
    from django.core.management import call_command

    tag = _tag(tagged_report, "uninvited_visit")
    post_json(
        client_for("officer"),
        f"/api/tags/{tag.pk}/review",
        {"decision": "correct", "status": "happened"},
    )
    out = tmp_path / "corrections.jsonl"
    before = AuditEvent.objects.count()
    call_command("export_corrections", "--as", "officer", "--out", str(out))
    [record] = [json.loads(line) for line in out.read_text().splitlines()]
    assert record["id"] == tagged_report.reference
    assert record["text"] == NARRATIVE
    assert record["labels"] == [{"code": "uninvited_visit", "status": "happened"}]
    assert record["reviews"][0]["original"]["status"] == "negated"
    assert _events_after(before) == [(Operation.DISCLOSURE, "tag_corrections_export")]
    out2 = tmp_path / "other.jsonl"
    call_command("export_corrections", "--as", "otherforce", "--out", str(out2))
    assert out2.read_text() == ""


def test_tag_text_command_wires_the_engine_file_command(tmp_path):
    from django.core.management import call_command

    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": 1, "text": "He followed me home."}) + "\n")
    out = tmp_path / "out.jsonl"
    call_command("tag_text", str(source), "--out", str(out))
    [line] = out.read_text().splitlines()
    assert json.loads(line)["hits"][0]["code"] == "following"


def test_report_page_queries_do_not_grow_with_tags(client_for, personas, report_payload):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mosaic.reports.actions import report_record
    from mosaic.reports.schemas import ReportIn

    def queries_for(narrative):
        report_payload["narrative"] = narrative
        report = report_record(
            actor=personas["officer"], data=ReportIn.model_validate(report_payload)
        )
        client = client_for("officer")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(report.get_absolute_url()).status_code == 200
        return len(ctx.captured_queries), Tag.objects.filter(report=report).count()

    few, few_tags = queries_for("He followed her home.")
    many, many_tags = queries_for(NARRATIVE * 6)
    assert many_tags > few_tags
    assert many == few
