"""Canary values: seeded victim details must not appear anywhere unmasked, or in the logs.

Every persona fetches every page and API answer of the access matrix for a report whose victim
carries canary details; only a reveal (with reason and step-up) may show them.
"""

from __future__ import annotations

import logging
import time

import pytest
from django.db import connection

from mosaic.security.mfa import STEPPED_UP_AT
from mosaic.security.tests.test_matrix import OBJECT_ROUTES, OPEN_ROUTES, Target

pytestmark = pytest.mark.django_db
CANARY_ADDRESS = "7 Canary Wharf Mews"
CANARY_POSTCODE = "NB8 8QZ"
CANARY_PHONE = "07700 900888"
CANARY_EMAIL = "canary.victim@example.com"
CANARY_PHONE_E164 = "+447700900888"
CANARIES = [CANARY_ADDRESS, "Canary Wharf", CANARY_POSTCODE, "900888", CANARY_EMAIL]
# At rest: every form a value could be stored in (as written, normalised, without spaces).
AT_REST = [CANARY_ADDRESS, CANARY_POSTCODE, "NB88QZ", "900888", "canary.victim", CANARY_EMAIL]


def leaked(text: str) -> list[str]:
    """The canaries found in ``text`` (also with every space removed)."""
    squashed = text.replace(" ", "")
    return [c for c in AT_REST if c in text or c.replace(" ", "") in squashed]


def search_for_the_canaries(client) -> None:
    """An officer searches for the victim's number and address (the audit trail keeps it)."""
    for query in (CANARY_PHONE, CANARY_EMAIL, CANARY_POSTCODE):
        assert client.post("/reports/search/", {"q": query}).status_code == 200


@pytest.fixture
def canary_report(personas, report_payload):
    from mosaic.reports.actions import report_record
    from mosaic.reports.schemas import ReportIn

    victim = report_payload["people"][0]
    victim["address"] = {"address": CANARY_ADDRESS, "postcode": CANARY_POSTCODE}
    victim["identifiers"] = [
        {"type": "phone", "value": CANARY_PHONE},
        {"type": "email", "value": CANARY_EMAIL},
    ]
    return report_record(actor=personas["officer"], data=ReportIn.model_validate(report_payload))


def test_no_canary_on_any_page_or_api_answer_for_any_role(
    client_for, personas, canary_report, caplog
):
    caplog.set_level(logging.DEBUG)
    target, leaks, fetched = Target(canary_report), [], 0
    for username in personas:
        client = client_for(username)
        session = client.session
        session[STEPPED_UP_AT] = time.time()
        session.save()
        urls = [url_of(target) for url_of, _ in OBJECT_ROUTES.values()]
        urls += [url for url, _ in OPEN_ROUTES.values()]
        for url in urls:
            body = client.get(url).content.decode(errors="replace")
            fetched += 1
            leaks += [(username, url, c) for c in CANARIES if c in body]
        body = client.post("/reports/search/", {"q": "Ashdown"}).content.decode()
        leaks += [(username, "search", c) for c in CANARIES if c in body]
    assert fetched > 100
    assert leaks == []
    assert not [c for c in CANARIES if c in caplog.text]


def test_no_canary_in_the_database_in_plain_text(canary_report, client_for):
    search_for_the_canaries(client_for("officer"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT address, postcode_raw, postcode FROM reports_location")
        stored = " ".join(v for row in cursor.fetchall() for v in row)
        cursor.execute("SELECT raw, value FROM people_identifier")
        identifiers = [v for row in cursor.fetchall() for v in row]
    assert CANARY_ADDRESS not in stored
    assert CANARY_POSTCODE not in stored
    assert len(identifiers) == 10  # the victim's 2 and the suspect's 3, raw and value
    assert all(v.startswith("enc1:") for v in identifiers)
    # The search found the victim's report through the blind index, and left no text behind.
    from mosaic.audit.models import AuditEvent

    searches = list(AuditEvent.objects.filter(action="search").order_by("pk"))
    assert [e.details["reports"] for e in searches] == [1, 1, 0]  # postcodes: not searchable
    assert "phone" in searches[0].details["kinds"]
    assert "email" in searches[1].details["kinds"]
    assert all("query" not in e.details for e in searches)
    if connection.vendor == "sqlite":
        dump = "\n".join(connection.connection.iterdump())
        assert "Ruth Ashdown" in dump  # the dump is real (names are not encrypted)
        assert leaked(dump) == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_no_canary_in_a_postgres_dump(personas, report_payload, client_for):
    """Committed data, dumped with pg_dump as an operator would: no victim's address, phone
    or e-mail in plain text, in any table (identifiers, linkage index, audit trail)."""
    import shutil
    import subprocess

    if connection.vendor != "postgresql" or shutil.which("pg_dump") is None:
        pytest.skip("needs PostgreSQL and pg_dump")
    from mosaic.reports.actions import report_record
    from mosaic.reports.schemas import ReportIn

    report_payload["people"][0]["address"] = {
        "address": CANARY_ADDRESS,
        "postcode": CANARY_POSTCODE,
    }
    report_payload["people"][0]["identifiers"] = [
        {"type": "phone", "value": CANARY_PHONE},
        {"type": "email", "value": CANARY_EMAIL},
    ]
    report_record(actor=personas["officer"], data=ReportIn.model_validate(report_payload))
    search_for_the_canaries(client_for("officer"))
    db = connection.settings_dict
    dump = subprocess.run(  # noqa: S603 - fixed argv
        [
            shutil.which("pg_dump") or "pg_dump",
            "-h",
            db["HOST"] or "127.0.0.1",
            "-p",
            str(db["PORT"] or 5432),
            "-U",
            db["USER"],
            "--data-only",
            db["NAME"],
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={"PGPASSWORD": db["PASSWORD"] or "", "PATH": "/usr/bin:/bin"},
    ).stdout
    assert "Ruth Ashdown" in dump  # the dump is real (names are not encrypted)
    assert "enc1:" in dump
    assert leaked(dump) == []
