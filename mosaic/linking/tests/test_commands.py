"""``mosaic link-file`` and ``mosaic relink``."""

from __future__ import annotations

import csv
import json

import pytest
from django.core.management import call_command

from mosaic.audit.models import AuditEvent
from mosaic.demo.reports import load_history
from mosaic.linking.models import LinkDecision, PersonChange
from mosaic.linking.tests.test_intake_linking import payload, post, suspects
from mosaic.reports.models import Mention

pytestmark = pytest.mark.django_db


def test_link_file_writes_clusters(tmp_path):
    src, out = tmp_path / "m.csv", tmp_path / "c.csv"
    src.write_text(
        "mention_id,full_name,phone\n"
        "a,Daniel Whitmore,07700 900123\n"
        "b,Dan Whitmore,+44 7700 900123\n"
        "c,Ruth Ashdown,07700 900771\n",
        encoding="utf-8",
    )
    call_command("link_file", str(src), "--out", str(out), "--quiet")
    rows = {r["mention_id"]: r["person_id"] for r in csv.DictReader(out.open())}
    assert rows["a"] == rows["b"] != rows["c"]


def test_relink_keeps_refs_and_people_decisions(personas, client_for):
    load_history(personas)
    # Two people the online path kept apart (review band), confirmed by nobody yet.
    client = client_for("officer")
    post(client, "/api/reports", payload({"name": "Ian Ferrow", "date_of_birth": "1980-01-02"}))
    before = {m.pk: m.person.ref for m in suspects()}
    call_command("relink")
    after = {m.pk: m.person.ref for m in suspects()}
    # The demo's preview choice (a confirmed decision) survives the batch.
    assert after == before
    assert AuditEvent.objects.filter(action="relink").count() == 1
    assert PersonChange.objects.filter(source="relink").count() == 0
    assert LinkDecision.objects.count() >= 8


def test_linking_a_stored_report_twice_changes_nothing(personas, client_for):
    from mosaic.linking.batch import link_stored_report
    from mosaic.reports.models import Report

    load_history(personas)
    report = Report.objects.order_by("pk").last()
    before = LinkDecision.objects.count()
    link_stored_report(actor=personas["officer"], report=report)
    assert LinkDecision.objects.count() == before


def test_a_batch_merge_keeps_the_older_ref_and_follows_old_decisions(client_for):
    from engines.linkage import Assignment, ScoredPair, cluster
    from mosaic.linking.batch import _apply, _previous

    client = client_for("officer")
    post(client, "/api/reports", payload({"name": "Ian Ferrow"}))
    post(client, "/api/reports", payload({"name": "Colm Baxendale"}))
    first, second = suspects()
    persons, order, by_ref = _previous()
    victims = [str(m.pk) for m in Mention.objects.filter(role="victim")]
    pairs = [ScoredPair(str(first.pk), str(second.pk), 1.0), ScoredPair(*victims, 1.0)]
    assignment = cluster(list(persons), pairs, Assignment(persons=persons, order=order))
    merges, splits, _moved = _apply(assignment, by_ref, None)
    assert (merges, splits) == (1, 0)
    assert {m.person.ref for m in suspects()} == {first.person.ref}
    change = PersonChange.objects.get(source="relink")
    assert change.other_ref == second.person.ref


def test_an_imported_placeholder_person_folds_into_the_person_linkage_finds(personas):
    from django.utils import timezone

    from mosaic.linking.batch import link_stored_report
    from mosaic.people.models import Identifier, Person, identifier_columns
    from mosaic.reports.models import Report

    load_history(personas)
    demo = suspects()[0].person
    officer = personas["officer"]
    # As bulk import stores it: a new person per named mention, no linkage yet.
    report = Report.objects.create(
        reference="NS-IMPORT-1",
        force_id=officer.unit.force_id,
        unit=officer.unit,
        recorded_by=officer,
        reported_at=timezone.now(),
        occurred_from=timezone.now(),
        channel="import",
        narrative="Imported.",
    )
    placeholder = Person.objects.create(display_name="Daniel Whitmore")
    mention = Mention.objects.create(
        report=report, role="suspect", name="Daniel Whitmore", person=placeholder
    )
    Identifier.objects.create(
        mention=mention, person=placeholder, **identifier_columns("phone", "07700 900123")
    )
    link_stored_report(actor=None, report=report)
    mention.refresh_from_db()
    assert mention.person_id == demo.pk
    assert PersonChange.objects.get(source="linkage").other_ref == placeholder.ref
    assert LinkDecision.objects.get(mention=mention).status == "auto"


def test_relink_reindex_rebuilds_keys_an_older_engine_wrote(personas, client_for):
    from mosaic.linking.models import PersonKey, PersonRecord

    load_history(personas)
    keys = set(PersonKey.objects.values_list("key", "person_id"))
    records = dict(PersonRecord.objects.values_list("pk", "record_json"))
    # An older engine: no nickname keys, and one record written with other values.
    PersonKey.objects.filter(key__startswith="nk:").delete()
    first = PersonRecord.objects.order_by("pk").first()
    stale = json.loads(records[first.pk]) | {"byear_min": None, "byear_max": None, "dob": ""}
    PersonRecord.objects.filter(pk=first.pk).update(record_json=json.dumps(stale))
    call_command("relink", "--reindex")
    assert set(PersonKey.objects.values_list("key", "person_id")) == keys
    assert dict(PersonRecord.objects.values_list("pk", "record_json")) == records
    event = AuditEvent.objects.get(action="relink")
    assert event.details["reindexed"] == 1
