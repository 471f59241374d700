"""The path that must always work: an officer signs in, records a report about a suspect
spelt differently and with a new phone number, and sees what Mosaic knows."""

from __future__ import annotations

import pytest

from mosaic.demo.cast import ensure_personas
from mosaic.demo.reports import load_history

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "browser-test-password-1"


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_officer_records_a_report_and_finds_the_history(page, live_server):
    load_history(ensure_personas(PASSWORD, check_password=False))
    sign_in(page, live_server, "officer")
    page.get_by_role("link", name="Record a report").first.click()
    page.get_by_label("Victim's name").fill("Hannah Corrigan")
    page.get_by_label("Victim's phone").fill("07700 900311")
    page.get_by_label("Suspect's name (as given)").fill("Danny Whitmoor")
    page.get_by_label("Suspect's phone").fill("07700 900456")
    page.get_by_label("What happened").fill(
        "He turned up at her work again, followed her to the car park and said she would regret it."
    )
    page.get_by_label("When did it happen (or start)?").fill("2026-11-20T17:30")
    page.get_by_label("How was it reported?").select_option("call_999")
    page.get_by_role("button", name="Check for earlier reports").click()
    preview = page.locator("main").inner_text()
    assert "This suspect appears in 5 earlier reports" in preview
    page.get_by_label("This is the same person as", exact=False).first.check()
    page.get_by_role("button", name="Save report").click()
    page.wait_for_url("**/reports/NS-*/")
    body = page.locator("main").inner_text()
    assert "Danny Whitmoor" in body
    assert "+447700900456" in body
    assert "Course of conduct" in body
    assert "Stalking" in body
    page.get_by_role("link", name="C-", exact=False).first.click()
    case = page.locator("main").inner_text()
    assert "CRR" in case
    assert "Risk" in case
    # The victim linked through her phone: one victim, so no "other victims" signal.
    assert "serial_perpetrator" not in case

    page.get_by_label("Search by phone, e-mail, handle, vehicle, name or reference").fill(
        "0044 7700 900 123"
    )
    page.get_by_role("button", name="Search").first.click()
    assert page.locator("main table tbody tr").count() >= 1


def test_outsider_sees_not_found(page, live_server):
    load_history(ensure_personas(PASSWORD, check_password=False))
    from mosaic.reports.models import Report

    reference = Report.objects.filter(unit__code="PPU").first().reference
    sign_in(page, live_server, "otherforce")
    response = page.goto(f"{live_server.url}/reports/{reference}/")
    assert response.status == 404
