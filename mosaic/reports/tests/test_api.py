"""Intake and reading through the API: ``POST /api/reports``, ``GET /api/reports/{ref}``."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engines.linkage import search_keys
from mosaic.accounts.models import ApiToken
from mosaic.audit.models import AuditEvent, Operation
from mosaic.people.models import Identifier
from mosaic.reports.models import Report

pytestmark = pytest.mark.django_db


def post(client, payload, **extra):
    body = payload if isinstance(payload, str) else json.dumps(payload)
    return client.post("/api/reports", body, content_type="application/json", **extra)


def test_officer_records_a_report_with_every_identifier_normalised(client_for, report_payload):
    response = post(client_for("officer"), report_payload)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["reference"].startswith("NS-2026-")
    suspect = body["people"][1]
    values = {(i["type"], i["platform"], i["value"]) for i in suspect["identifiers"]}
    assert values == {
        ("phone", "", "+447700900123"),
        ("handle", "instagram", "g_pem"),
        ("vehicle", "", "NB19KXT"),
    }
    assert body["location"] == "Station Road, Northbridge, NB3 4QT"


def test_recording_writes_exactly_one_collection_event(client_for, report_payload):
    before = AuditEvent.objects.count()
    reference = post(client_for("officer"), report_payload).json()["reference"]
    # Intake steps (pipeline.intake_steps) write their own events; collection happens once.
    events = list(AuditEvent.objects.filter(seq__gt=before, operation=Operation.COLLECTION))
    assert [(e.operation, e.action, e.target_id) for e in events] == [
        (Operation.COLLECTION, "report_record", reference)
    ]


def test_an_unreadable_phone_is_kept_as_written_and_flagged(client_for, report_payload):
    report_payload["people"][1]["identifiers"] = [{"type": "phone", "value": "07700 9001"}]
    body = post(client_for("officer"), report_payload).json()
    [identifier] = body["people"][1]["identifiers"]
    assert identifier["raw"] == "07700 9001"
    assert identifier["value"] is None
    assert "not a possible phone number" in identifier["problem"]


def test_a_bad_postcode_is_kept_as_written_and_flagged(client_for, report_payload):
    report_payload["people"][0]["address"] = {"address": "1 High St", "postcode": "NOTACODE"}
    body = post(client_for("officer"), report_payload).json()
    assert body["people"][0]["problems"] == ["postcode 'NOTACODE': not a UK postcode"]


def test_a_suspect_known_only_by_a_number_stays_on_the_report(client_for, report_payload):
    report_payload["people"][1] = {
        "role": "suspect",
        "identifiers": [{"type": "phone", "value": "07700900999"}],
    }
    body = post(client_for("officer"), report_payload).json()
    assert body["people"][1]["person"] is None
    identifier = Identifier.objects.matching(search_keys("07700900999")).get()
    assert identifier.person is None
    assert identifier.mention.report.reference == body["reference"]


def _set(payload, path, value):
    target = payload
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value


BAD_INPUT = [
    (("occurred_from",), "2999-01-01T10:00:00Z", "occurred_from", "is in the future"),
    (("occurred_to",), "2026-09-01T10:00:00Z", "occurred_to", "is before occurred_from"),
    (("reported_at",), "2026-09-01T10:00:00Z", "reported_at", "is before the events"),
    (("narrative",), "x" * 100_001, "narrative", "the limit is 100,000"),
    (("narrative",), "", "narrative", "at least 1 character"),
    (("occurred_from",), 12, "occurred_from", "must be a date and time"),
    (("occurred_from",), "last Tuesday", "occurred_from", "datetime"),
    (("channel",), "carrier pigeon", "channel", "Input should be"),
    (("channel",), KeyError, "channel", "Field required"),
    (("favourite_colour",), "blue", "favourite_colour", "Extra inputs are not permitted"),
    (("people",), [], "people", "at least 1 item"),
    (("people",), "Ruth", "people", "valid list"),
    (("people", 0, "role"), "suspect", "people", "at least one victim"),
    (("people", 0, "name"), "", "people.0", "a victim needs a name"),
    (("people", 1, "age"), -3, "people.1.age", "greater than or equal to 0"),
    (("people", 1, "identifiers", 0, "type"), "shoe", "people.1.identifiers.0.type", "Input"),
    (("people", 1, "identifiers", 0, "value"), "", "people.1.identifiers.0.value", "at least 1"),
]


@pytest.mark.parametrize(("path", "value", "field", "reason"), BAD_INPUT)
def test_bad_input_is_refused_with_field_and_reason_and_nothing_is_written(
    client_for, report_payload, path, value, field, reason
):
    _set(report_payload, path, value)
    counts = (Report.objects.count(), Identifier.objects.count(), AuditEvent.objects.count())
    response = post(client_for("officer"), report_payload)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert any(e["field"] == field and reason in e["reason"] for e in errors), errors
    after = (Report.objects.count(), Identifier.objects.count(), AuditEvent.objects.count())
    assert after == counts


@pytest.mark.parametrize("body", ["{not json", "[1, 2]", '"a string"', "null", ""])
def test_malformed_bodies_get_a_4xx(client_for, body):
    response = post(client_for("officer"), body)
    assert 400 <= response.status_code < 500
    assert Report.objects.count() == 0


def test_read_only_roles_cannot_record(client_for, report_payload):
    response = post(client_for("analyst"), report_payload)
    assert response.status_code == 403
    assert response.json() == {
        "errors": [{"field": "", "reason": "your role does not record reports"}]
    }


def test_anonymous_requests_are_refused(client, report_payload, personas):
    assert post(client, report_payload).status_code == 401


def test_api_token_authenticates_and_revocation_takes_effect(client, personas, report_payload):
    token, digest = ApiToken.new_secret()
    row = ApiToken.objects.create(user=personas["officer"], name="rms", digest=digest)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert post(client, report_payload, **auth).status_code == 201
    row.revoked_at = row.created_at
    row.save()
    assert post(client, report_payload, **auth).status_code == 401


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("officer", 200),
        ("supervisor", 200),
        ("coordinator", 200),
        ("analyst", 200),
        ("inspector", 200),
        ("otherunit", 404),
        ("otherforce", 404),
    ],
)
def test_reading_a_report(client_for, recorded_report, username, status):
    before = AuditEvent.objects.count()
    response = client_for(username).get(f"/api/reports/{recorded_report.reference}")
    assert response.status_code == status
    events = AuditEvent.objects.filter(seq__gt=before)
    if status == 200:
        assert response.json()["reference"] == recorded_report.reference
        [event] = events
        assert (event.operation, event.target_id) == (
            Operation.CONSULTATION,
            recorded_report.reference,
        )
    else:
        assert not events.exists()


def test_unknown_reference_is_404(client_for, personas):
    assert client_for("officer").get("/api/reports/NS-2026-999999").status_code == 404


@pytest.mark.parametrize(
    "query", ["07700 900123", "+447700900123", "0044 7700 900123", "(07700) 900-123"]
)
def test_search_finds_a_phone_typed_any_way(client_for, recorded_report, query):
    body = client_for("officer").get("/api/search", {"q": query}).json()
    assert [r["reference"] for r in body["reports"]] == [recorded_report.reference]


def test_search_finds_people_by_name_and_handle(client_for, recorded_report):
    client = client_for("officer")
    assert [
        p["display_name"] for p in client.get("/api/search", {"q": "pembury"}).json()["people"]
    ] == ["Gareth Pembury"]
    body = client.get("/api/search", {"q": "instagram.com/g_pem"}).json()
    assert [r["reference"] for r in body["reports"]] == [recorded_report.reference]


@pytest.mark.parametrize("username", ["otherunit", "otherforce"])
def test_search_shows_outsiders_nothing(client_for, recorded_report, username):
    body = client_for(username).get("/api/search", {"q": "07700 900123"}).json()
    assert body["reports"] == []
    assert client_for(username).get("/api/search", {"q": "Pembury"}).json()["people"] == []


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(field=st.sampled_from(sorted(__import__("conftest").REPORT)), value=JSON)
def test_the_api_never_answers_500(client_for, report_payload, field, value):
    payload = dict(report_payload, **{field: value})
    response = post(client_for("officer"), payload)
    assert response.status_code in (201, 422), response.content


def test_an_officer_can_name_a_person_already_on_file(client_for, recorded_report, report_payload):
    suspect = recorded_report.mentions.get(role="suspect").person
    report_payload["people"][1] = {"role": "suspect", "person": suspect.ref, "name": "Gaz Pembury"}
    body = post(client_for("officer"), report_payload).json()
    assert body["people"][1]["person"]["ref"] == suspect.ref
    assert set(suspect.names.values_list("written", flat=True)) == {"Gareth Pembury", "Gaz Pembury"}


@pytest.mark.parametrize("ref", ["P-NOSUCH00", "own-force-other-unit"])
def test_naming_a_person_you_cannot_see_is_refused_and_writes_nothing(
    client_for, personas, report_payload, ref
):
    from mosaic.reports.actions import report_record
    from mosaic.reports.schemas import ReportIn

    if ref == "own-force-other-unit":
        other = report_record(
            actor=personas["otherunit"], data=ReportIn.model_validate(report_payload)
        )
        ref = other.mentions.get(role="suspect").person.ref
    counts = (Report.objects.count(), AuditEvent.objects.count())
    report_payload["people"][1] = {"role": "suspect", "person": ref}
    response = post(client_for("officer"), report_payload)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "people.1.person", "reason": f"no person {ref!r} that you can see"}
    ]
    assert (Report.objects.count(), AuditEvent.objects.count()) == counts
