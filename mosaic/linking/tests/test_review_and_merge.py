"""Review queue, merge and split: audited, stable refs, outsiders get 404."""

from __future__ import annotations

import json

import pytest

from mosaic.audit.models import AuditEvent
from mosaic.linking.models import LinkDecision, Status
from mosaic.linking.tests.test_intake_linking import payload, post, suspects
from mosaic.people.models import Person
from mosaic.reports.models import Mention

pytestmark = pytest.mark.django_db

# The same name with no shared identifier: a review-band pair under the default model.
DANIEL = {"name": "Daniel Whitmore", "identifiers": [{"type": "phone", "value": "07700 900123"}]}
DANNY = {"name": "Daniel Whitmore"}


@pytest.fixture
def pair(client_for):
    client = client_for("officer")
    post(client, "/api/reports", payload(DANIEL))
    post(client, "/api/reports", payload(DANNY))
    decision = LinkDecision.objects.get(mention=suspects()[-1])
    assert decision.status == Status.REVIEW
    return decision


def test_the_unit_sees_the_pair_with_its_explanation(client_for, pair):
    page = client_for("officer").get("/linking/review/").content.decode()
    assert "Possible same person: review (1)" in page
    assert "exact" in page
    api = client_for("supervisor").get("/api/linking/review").json()
    assert [d["id"] for d in api] == [pair.pk]
    assert client_for("otherunit").get("/api/linking/review").json() == []
    assert client_for("otherforce").get("/api/linking/review").json() == []


@pytest.mark.parametrize("outsider", ["otherunit", "otherforce"])
def test_outsiders_get_404_on_review_actions(client_for, pair, outsider):
    client = client_for(outsider)
    for verb in ("confirm", "reject"):
        url = f"/api/linking/decisions/{pair.pk}/{verb}"
        assert post(client, url, {"reason": "x"}).status_code == 404
        assert (
            client.post(f"/linking/decisions/{pair.pk}/{verb}/", {"reason": "x"}).status_code == 404
        )
    assert LinkDecision.objects.count() == 4


def test_confirm_makes_one_person_keeps_the_older_ref_and_is_audited(client_for, pair):
    first, second = suspects()
    older, newer = first.person, second.person
    before = AuditEvent.objects.count()
    response = post(client_for("officer"), f"/api/linking/decisions/{pair.pk}/confirm", {})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "confirmed"
    assert response.json()["follows"] == pair.pk
    assert {m.person_id for m in suspects()} == {older.pk}
    events = list(AuditEvent.objects.filter(seq__gt=before).values_list("action", flat=True))
    assert events == ["link_decision_confirm"]
    # The absorbed ref is never reused: its page leads to the survivor.
    page = client_for("officer").get(f"/people/{newer.ref}/")
    assert page.status_code == 302
    assert page["Location"] == f"/people/{older.ref}/"
    assert client_for("otherforce").get(f"/people/{newer.ref}/").status_code == 404
    assert list(LinkDecision.objects.waiting()) == []
    labels = LinkDecision.objects.labels()
    assert [d.status for d in labels] == [Status.CONFIRMED]


def test_reject_needs_a_reason_and_keeps_two_people(client_for, pair):
    client = client_for("officer")
    url = f"/api/linking/decisions/{pair.pk}/reject"
    refused = post(client, url, {"reason": ""})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "reason"
    before = AuditEvent.objects.count()
    assert post(client, url, {"reason": "different dates of birth"}).status_code == 200
    assert AuditEvent.objects.filter(seq__gt=before).count() == 1
    assert len({m.person_id for m in suspects()}) == 2
    assert post(client, url, {"reason": "again"}).status_code == 409


def test_review_page_confirm(client_for, pair):
    client = client_for("officer")
    response = client.post(f"/linking/decisions/{pair.pk}/confirm/", {"reason": ""})
    assert response.status_code == 302
    assert len({m.person_id for m in suspects()}) == 1


def test_supervisor_merges_and_splits_with_stable_refs(client_for, pair):
    first, second = suspects()
    a, b = first.person, second.person
    client = client_for("supervisor")
    before = AuditEvent.objects.count()
    merged = client.post(f"/linking/people/{b.ref}/merge/", {"other": a.ref, "reason": "same DOB"})
    assert merged.status_code == 302
    assert merged["Location"] == f"/people/{a.ref}/"
    assert list(AuditEvent.objects.filter(seq__gt=before).values_list("action", flat=True)) == [
        "person_merge"
    ]
    assert {m.person_id for m in suspects()} == {a.pk}
    page = client.get(f"/people/{a.ref}/").content.decode()
    assert "Merge" in page
    assert b.ref in page
    split = client.post(
        f"/linking/people/{a.ref}/split/", {"mentions": [second.pk], "reason": "not him"}
    )
    new = Person.objects.get(mentions__pk=second.pk)
    assert new.pk not in (a.pk, b.pk)
    assert split["Location"] == f"/people/{new.ref}/"
    assert Mention.objects.get(pk=first.pk).person_id == a.pk
    assert AuditEvent.objects.filter(action="person_split").count() == 1


def test_officers_may_not_merge_and_outsiders_get_404(client_for, pair):
    a, b = (m.person for m in suspects())
    body = {"other": a.ref, "reason": "same"}
    client_for("officer").post(f"/linking/people/{b.ref}/merge/", body)
    assert len({m.person_id for m in suspects()}) == 2
    for outsider in ("otherunit", "otherforce"):
        response = client_for(outsider).post(f"/linking/people/{b.ref}/merge/", body)
        assert response.status_code == 404
        response = client_for(outsider).post(f"/linking/people/{b.ref}/split/", body)
        assert response.status_code == 404


def test_the_report_page_explains_the_review(client_for, pair):
    reference = pair.mention.report.reference
    page = client_for("officer").get(f"/reports/{reference}/").content.decode()
    assert "waiting for review" in page
    assert "possibly the same person as" in page
    assert client_for("otherunit").get(f"/reports/{reference}/").status_code == 404


def test_bad_json_on_confirm_is_a_field_error(client_for, pair):
    client = client_for("officer")
    response = client.post(
        f"/api/linking/decisions/{pair.pk}/confirm",
        json.dumps({"reason": "x", "extra": 1}),
        content_type="application/json",
    )
    assert response.status_code == 422
