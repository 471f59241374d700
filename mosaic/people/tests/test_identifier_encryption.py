"""Identifiers at rest: sealed, found through a keyed HMAC, and tokens in the linkage tables.

docs/adr/0007-identifier-encryption.md. The canary crawl and the database dumps are in
``mosaic/security/tests/test_canaries.py``; this is the storage and lookup contract.
"""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection

from engines.linkage import search_keys
from mosaic.audit.models import AuditEvent
from mosaic.linking.models import LinkDecision, PersonKey, PersonRecord
from mosaic.people.models import Identifier, identifier_columns, identifier_index
from mosaic.reports.actions import report_record
from mosaic.reports.models import Mention
from mosaic.reports.schemas import ReportIn
from mosaic.reports.search import search, search_fingerprints
from mosaic.security.crypto import DecryptionError

pytestmark = pytest.mark.django_db
SUSPECT_PHONE = "+447700900123"  # conftest's suspect: "07700 900123"
VICTIM_PHONE = "+447700900771"  # conftest's victim: "07700 900771"
TOKEN = re.compile(r"^[0-9a-f]{64}$")


def _columns(table: str, *names: str) -> list[tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY id")  # noqa: S608
        return list(cursor.fetchall())


def _all_linkage_text() -> str:
    keys = " ".join(PersonKey.objects.values_list("key", flat=True))
    records = " ".join(PersonRecord.objects.values_list("record_json", flat=True))
    waterfalls = json.dumps(list(LinkDecision.objects.values_list("explanation", flat=True)))
    return keys + records + waterfalls


def test_identifiers_are_sealed_in_the_database_and_open_on_read(recorded_report):
    rows = _columns("people_identifier", "raw", "value", "value_index")
    assert len(rows) == 4
    for raw, value, index in rows:
        assert str(raw).startswith("enc1:")
        assert str(value).startswith("enc1:")
        assert TOKEN.match(str(index))
    stored = Identifier.objects.filter(mention__report=recorded_report).order_by("pk")
    assert [(i.type, i.raw, i.value) for i in stored][:2] == [
        ("phone", "07700 900771", VICTIM_PHONE),
        ("phone", "07700 900123", SUSPECT_PHONE),
    ]


def test_every_spelling_of_a_number_finds_it_through_the_index(recorded_report, personas):
    for query in ("07700 900123", "+44 7700 900123", "0044-7700-900123", "07700900123"):
        (found,) = Identifier.objects.matching(search_keys(query))
        assert found.value == SUSPECT_PHONE
        assert search(personas["officer"], query).reports == [recorded_report]
    assert not Identifier.objects.matching(search_keys("07700 900124")).exists()


def test_an_unreadable_identifier_is_kept_and_never_matches(personas, report_payload):
    report_payload["people"][1]["identifiers"] = [{"type": "phone", "value": "not a number"}]
    report_record(actor=personas["officer"], data=ReportIn.model_validate(report_payload))
    (kept,) = [i for i in Identifier.objects.all() if i.raw == "not a number"]
    assert (kept.value, kept.value_index) == (None, "")
    assert kept.problem
    assert identifier_index("phone", None) == identifier_index("phone", "") == ""


def test_a_sealed_identifier_swapped_between_rows_does_not_open(recorded_report):
    a, b = Identifier.objects.order_by("pk")[:2]
    with connection.cursor() as cursor:
        cursor.execute("SELECT raw FROM people_identifier WHERE id = %s", [a.pk])
        token = cursor.fetchone()[0]
        cursor.execute("UPDATE people_identifier SET raw = %s WHERE id = %s", [token, b.pk])
    with pytest.raises(DecryptionError):
        _ = Identifier.objects.get(pk=b.pk).raw


def test_plaintext_identifiers_cannot_sneak_in_through_update_or_filter(recorded_report):
    with pytest.raises(TypeError):
        Identifier.objects.update(value=SUSPECT_PHONE)
    with pytest.raises(TypeError):
        list(Identifier.objects.filter(value=SUSPECT_PHONE))


def test_the_index_is_keyed_by_type_and_the_columns_come_from_one_function():
    assert identifier_index("phone", SUSPECT_PHONE) != identifier_index("device", SUSPECT_PHONE)
    columns = identifier_columns("email", " Someone@Example.COM ")
    assert columns["raw"] == " Someone@Example.COM "
    assert columns["value_index"] == identifier_index("email", columns["value"])
    assert columns["value_index"] != columns["value"]


def test_linkage_tables_hold_tokens_and_still_link_on_a_phone(personas, report_payload):
    first = report_record(actor=personas["officer"], data=ReportIn.model_validate(report_payload))
    # A second report: the same suspect, only the phone given, in another spelling.
    report_payload["people"][1]["identifiers"] = [{"type": "phone", "value": "+44 7700 900123"}]
    second = report_record(actor=personas["officer"], data=ReportIn.model_validate(report_payload))
    suspects = Mention.objects.filter(role="suspect", report__in=[first, second])
    assert len({m.person_id for m in suspects}) == 1
    text = _all_linkage_text()
    for plain in (SUSPECT_PHONE, "7700900123", VICTIM_PHONE, "7700900771", "g_pem", "NB19KXT"):
        assert plain not in text, plain
    assert f"ph:{identifier_index('phone', SUSPECT_PHONE)}" in text
    phone_rows = [f for d in LinkDecision.objects.all() for f in d.explanation]
    assert {f["left"] for f in phone_rows if f["field"] == "phone"} <= {"", "•••• protected"}


def test_a_generic_number_is_still_dropped_before_it_becomes_a_token(personas, report_payload):
    # National Stalking Helpline (mosaic/linking/generic.json): never a blocking key.
    helpline = "0808 802 0300"
    report_payload["people"][1]["identifiers"] = [{"type": "phone", "value": helpline}]
    report_record(actor=personas["officer"], data=ReportIn.model_validate(report_payload))
    (token,) = [i.value_index for i in Identifier.objects.all() if i.raw == helpline]
    assert not PersonKey.objects.filter(key=f"ph:{token}").exists()
    (record,) = PersonRecord.objects.filter(mention__role="suspect")
    data = json.loads(record.record_json)
    assert data["phone"] == []
    assert [i["reason"] for i in data["issues"] if i["field"] == "phone"]
    assert "8020300" not in record.record_json


def test_search_audit_keeps_kinds_and_indexes_not_the_query(client_for, recorded_report):
    client = client_for("officer")
    response = client.post("/api/search", {"q": "07700 900771"}, content_type="application/json")
    assert response.status_code == 200
    assert [r["reference"] for r in response.json()["reports"]] == [recorded_report.reference]
    event = AuditEvent.objects.get(action="api_search")
    assert "900771" not in json.dumps(event.details)
    assert "phone" in event.details["kinds"]
    assert event.details["reports"] == 1
    # Oversight: "who searched for this victim's number?", in any spelling.
    wanted = identifier_index("phone", VICTIM_PHONE)
    assert wanted in event.details["indexes"]
    assert wanted in search_fingerprints("+44 (0)7700 900771") or wanted in search_fingerprints(
        "07700900771"
    )
    client.post("/reports/search/", {"q": "Ruth Ashdown"})
    by_name = AuditEvent.objects.get(action="search")
    assert "Ashdown" not in json.dumps(by_name.details)
    assert "name" in by_name.details["kinds"]
    assert set(search_fingerprints("ruth  ASHDOWN")) & set(by_name.details["indexes"])


@pytest.mark.django_db(transaction=True)
def test_the_migrations_seal_existing_rows_and_tokenise_the_linkage_tables(
    personas, report_payload
):
    """Rows written before encryption (plain identifiers, plain linkage keys and records)
    are sealed, indexed and tokenised by the migrations, on SQLite and PostgreSQL alike;
    unapplying opens them again."""
    from django.db.migrations.executor import MigrationExecutor

    report = report_record(actor=personas["officer"], data=ReportIn.model_validate(report_payload))
    before = [(i.pk, i.raw, i.value) for i in Identifier.objects.order_by("pk")]
    old = [("people", "0002_initial"), ("linking", "0001_link_index_and_decisions")]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(old)
    assert _columns("people_identifier", "id", "raw", "value") == before  # opened again
    # As the linkage tables were before: identifier values in the clear.
    record = PersonRecord.objects.get(mention__role="suspect", mention__report=report)
    plain = json.loads(record.record_json) | {"phone": [SUSPECT_PHONE]}
    plain["issues"] = [{"field": "phone", "raw": "0800 555 111", "reason": "generic value"}]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE linking_personrecord SET record_json = %s WHERE id = %s",
            [json.dumps(plain), record.pk],
        )
        cursor.execute(
            "UPDATE linking_personkey SET key = %s WHERE key LIKE %s",
            [f"ph:{SUSPECT_PHONE}", "ph:%"],
        )
    executor = MigrationExecutor(connection)
    executor.migrate(latest)
    rows = _columns("people_identifier", "raw", "value", "value_index")
    assert all(str(r).startswith("enc1:") and str(v).startswith("enc1:") for r, v, _ in rows)
    after = list(Identifier.objects.order_by("pk"))
    assert [(i.pk, i.raw, i.value) for i in after] == before
    assert all(i.value_index == identifier_index(i.type, i.value) for i in after)
    assert search(personas["officer"], "07700 900123").reports == [report]
    text = _all_linkage_text()
    assert SUSPECT_PHONE not in text
    assert "555 111" not in text
    assert PersonKey.objects.filter(key=f"ph:{identifier_index('phone', SUSPECT_PHONE)}").exists()


def test_a_new_index_key_needs_the_rebuild_and_then_search_and_linkage_work(
    settings, personas, report_payload
):
    import base64
    import os

    from django.core.management import call_command

    from mosaic.security import fields

    def key() -> str:
        return base64.urlsafe_b64encode(os.urandom(32)).decode()

    settings.MOSAIC_FIELD_KEYS, settings.MOSAIC_FIELD_INDEX_KEY = f"k1:{key()}", key()
    try:
        first = report_record(
            actor=personas["officer"], data=ReportIn.model_validate(report_payload)
        )
        assert search(personas["officer"], "07700 900123").reports == [first]
        settings.MOSAIC_FIELD_INDEX_KEY = key()  # the index key changes
        assert search(personas["officer"], "07700 900123").reports == []
        call_command("rebuild_blind_indexes")
        assert search(personas["officer"], "07700 900123").reports == [first]
        assert AuditEvent.objects.filter(action="blind_indexes_rebuild").count() == 1
        # Linkage meets the earlier person through the rebuilt tokens.
        report_payload["people"][1]["identifiers"] = [{"type": "phone", "value": "07700900123"}]
        second = report_record(
            actor=personas["officer"], data=ReportIn.model_validate(report_payload)
        )
        suspects = Mention.objects.filter(role="suspect", report__in=[first, second])
        assert len({m.person_id for m in suspects}) == 1
        assert f"ph:{identifier_index('phone', SUSPECT_PHONE)}" in _all_linkage_text()
    finally:
        fields._ring.cache_clear()
