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
CANARIES = [CANARY_ADDRESS, "Canary Wharf", CANARY_POSTCODE, "900888", CANARY_EMAIL]


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


def test_no_canary_in_the_database_in_plain_text(canary_report):
    with connection.cursor() as cursor:
        cursor.execute("SELECT address, postcode_raw, postcode FROM reports_location")
        stored = " ".join(v for row in cursor.fetchall() for v in row)
    assert CANARY_ADDRESS not in stored
    assert CANARY_POSTCODE not in stored
    if connection.vendor == "sqlite":
        dump = "\n".join(connection.connection.iterdump())
        assert CANARY_ADDRESS not in dump
        assert CANARY_POSTCODE.replace(" ", "") not in dump.replace(" ", "")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_no_canary_in_a_postgres_dump(personas, report_payload):
    """Committed data, dumped with pg_dump as an operator would: no address in plain text."""
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
    report_record(actor=personas["officer"], data=ReportIn.model_validate(report_payload))
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
    assert CANARY_ADDRESS not in dump
    assert CANARY_POSTCODE not in dump
