"""Every role × every URL and API operation × own / same-unit / other-unit / other-force records.

The expected answer comes from an oracle written here, independently of ``access.py``; the
test counts successes the oracle forbids (must be 0) and refusals it allows. A URL pattern or
API operation that is not listed below fails the test: a new endpoint must say who may use it.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from mosaic.accounts.models import FORCE_WIDE_ROLES, INTAKE_ROLES, OVERSIGHT_ROLES, Role, User
from mosaic.config.api import api
from mosaic.reports.models import Report
from mosaic.security.mfa import STEPPED_UP_AT

pytestmark = pytest.mark.django_db


def may_read(user: User, report: Report) -> bool:
    """The oracle: who may read a report (issue 8 and ADR 0005, restated)."""
    if not user.is_active or user.role == Role.DATA_PROTECTION:
        return False
    if report.unit_id == user.unit_id:
        return True
    return user.role in FORCE_WIDE_ROLES and report.force_id == user.force_id


def may_oversee(user: User, report: Report) -> bool:
    return user.role in OVERSIGHT_ROLES and report.force_id == user.force_id


@dataclass
class Target:
    report: Report

    @property
    def victim(self) -> Any:
        return self.report.mentions.get(role="victim")


# Object routes: (how to build the URL, who may succeed).
Url = Callable[[Target], str]
OBJECT_ROUTES: dict[str, tuple[Url, Callable[[User, Report], bool]]] = {
    "report_detail": (lambda t: f"/reports/{t.report.reference}/", may_read),
    "person_detail": (lambda t: f"/people/{t.victim.person.ref}/", may_read),
    "reveal": (
        lambda t: f"/security/reveal/{t.report.reference}/{t.victim.pk}/address/",
        may_read,
    ),
    "seen_by": (lambda t: f"/security/audit/report/{t.report.reference}/", may_oversee),
    "GET /api/reports/{reference}": (lambda t: f"/api/reports/{t.report.reference}", may_read),
    "GET /api/people/{ref}": (lambda t: f"/api/people/{t.victim.person.ref}", may_read),
    "GET /api/reports/{reference}/tags": (
        lambda t: f"/api/reports/{t.report.reference}/tags",
        may_read,
    ),
}
# Routes without a record: (URL, who may succeed).
OPEN_ROUTES: dict[str, tuple[str, Callable[[User], bool]]] = {
    "login": ("/accounts/login/", lambda u: True),
    "home": ("/", lambda u: True),
    "search": ("/reports/search/", lambda u: True),
    "report_new": ("/reports/new/", lambda u: u.role in INTAKE_ROLES),
    "mfa_enrol": ("/security/mfa/enrol/", lambda u: True),
    "mfa_verify": ("/security/mfa/verify/", lambda u: True),  # redirects: no device
    "step_up": ("/security/step-up/", lambda u: True),
    "audit_trail": ("/security/audit/", lambda u: u.role in OVERSIGHT_ROLES),
    "break_glass": ("/security/break-glass/", lambda u: True),  # the form; see test_break_glass
    "security_notices": ("/security/notices/", lambda u: True),  # one's own notices
    "import": ("/import/", lambda u: u.role == Role.FORCE_ADMIN),
    "export": ("/export/", lambda u: u.role == Role.FORCE_ADMIN),
    # A job that does not exist: 404 for everyone (the interchange tests cover real jobs).
    "import_job_detail": ("/import/IMP-NOPE/", lambda u: False),
    "import_job_rejects": ("/import/IMP-NOPE/rejects.jsonl", lambda u: False),
    "import_job_reasons": ("/import/IMP-NOPE/reasons.csv", lambda u: False),
    # Course lists: everyone may open them; they list only the courses one may see.
    "case_queue": ("/cases/queue/", lambda u: True),
    "risk_dashboard": ("/cases/risk/", lambda u: True),
    "GET /api/search": ("/api/search?q=Ashdown", lambda u: True),
    # Review queues list only decisions on reports the user may read (empty for outsiders).
    "linking_review": ("/linking/review/", lambda u: True),
    "GET /api/linking/review": ("/api/linking/review", lambda u: True),
    "openapi-json": ("/api/openapi.json", lambda u: True),
    "openapi-view": ("/api/docs", lambda u: True),
    "api-root": ("/api/", lambda u: True),
}
# Writes, checked by the tests below and in the reports app's own tests.
WRITE_ROUTES = {"logout", "POST /api/reports", "POST /api/search"}
# Narrative tag writes (POST only), tested with outsiders in mosaic/narratives/tests.
WRITE_ROUTES |= {"tag_add", "tag_review", "POST /api/reports/{reference}/tags"}
WRITE_ROUTES |= {"POST /api/tags/{tag_id}/review"}
# Linking writes and the no-write preview (POST), tested with outsiders in mosaic/linking/tests.
WRITE_ROUTES |= {"linking_confirm", "linking_reject", "linking_merge", "linking_split"}
WRITE_ROUTES |= {
    "POST /api/linking/decisions/{pk}/confirm",
    "POST /api/linking/decisions/{pk}/reject",
    "POST /api/reports/preview",
}
# Course-of-conduct pages and endpoints (objects are courses, not reports), tested with the
# owning unit, force-wide roles, otherunit and otherforce in mosaic/conduct and mosaic/risk tests.
WRITE_ROUTES |= {"case_detail", "case_reclassify", "case_record", "case_assessment", "case_order"}
WRITE_ROUTES |= {
    "GET /api/cases/{ref}",
    "POST /api/cases/{ref}/reclassify",
    "POST /api/cases/{ref}/record",
    "POST /api/cases/{ref}/assessments",
    "POST /api/cases/{ref}/orders",
}
# The API's URL names: each is checked under its operation ("GET /api/…") above.
API_URL_NAMES = {
    "create_report",
    "read_report",
    "read_person",
    "search_everything",
    "search_posted",
    "read_tags",
    "add_tag",
    "review_tag",
    "review_queue",
    "confirm",
    "reject",
    "preview",
    "read_case",
    "reclassify",
    "record_crime",
    "create_assessment",
    "create_order",
}


def _url_names(patterns: list[Any]) -> set[str]:
    names: set[str] = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            names |= _url_names(p.url_patterns)
        elif isinstance(p, URLPattern) and p.name:
            names.add(p.name)
    return names


def _api_operations() -> set[str]:
    paths = api.get_openapi_schema()["paths"]
    return {f"{method.upper()} {path}" for path, ops in paths.items() for method in ops}


def test_every_url_and_api_operation_is_in_the_matrix():
    listed = set(OBJECT_ROUTES) | set(OPEN_ROUTES) | WRITE_ROUTES | API_URL_NAMES
    unlisted = (_url_names(get_resolver().url_patterns) | _api_operations()) - listed
    assert unlisted == set(), f"add these to the access matrix: {sorted(unlisted)}"


def _record(personas, payload, username, surname) -> Report:
    from mosaic.reports.actions import report_record
    from mosaic.reports.schemas import ReportIn

    data = copy.deepcopy(payload)
    data["people"][0]["name"] = f"Victim {surname}"
    data["people"][0]["identifiers"] = []
    data["people"][1]["name"] = f"Suspect {surname}"
    data["people"][1]["identifiers"] = []
    data["people"][0]["address"] = {"address": f"1 {surname} Row", "postcode": "NB1 1AA"}
    return report_record(actor=personas[username], data=ReportIn.model_validate(data))


def _client(client_for, username):
    client = client_for(username)
    session = client.session
    session[STEPPED_UP_AT] = time.time()
    session.save()
    return client


def test_no_unauthorised_success_for_any_role_route_or_record(client_for, personas, report_payload):
    targets = {
        "officer's": Target(_record(personas, report_payload, "officer", "Ambler")),
        "supervisor's": Target(_record(personas, report_payload, "supervisor", "Brook")),
        "other unit's": Target(_record(personas, report_payload, "otherunit", "Carrow")),
        "other force's": Target(_record(personas, report_payload, "otherforce", "Dunmore")),
    }
    wrong, checked = [], 0
    for username, user in personas.items():
        client = _client(client_for, username)
        for name, (url_of, allowed) in OBJECT_ROUTES.items():
            for label, target in targets.items():
                status = client.get(url_of(target)).status_code
                ok, expect = status == 200, allowed(user, target.report)
                checked += 1
                if ok != expect or status not in (200, 404):
                    wrong.append((username, name, label, status, expect))
        for name, (url, allowed_open) in OPEN_ROUTES.items():
            status = client.get(url).status_code
            checked += 1
            if status == 200 and not allowed_open(user):
                wrong.append((username, name, "-", status, False))
    assert checked > 200
    assert wrong == []


@pytest.mark.parametrize("username", ["analyst", "inspector", "dataprotection"])
def test_roles_that_do_not_record_cannot_post_reports(client_for, report_payload, username):
    response = client_for(username).post(
        "/api/reports", report_payload, content_type="application/json"
    )
    assert response.status_code in (403, 404)
    assert not Report.objects.exists()


def test_signed_out_visitors_get_nothing(client, recorded_report):
    ref = recorded_report.reference
    for url in [f"/reports/{ref}/", "/security/audit/", f"/security/audit/report/{ref}/"]:
        assert client.get(url).status_code == 302
    assert client.get(f"/api/reports/{ref}").status_code == 401


@pytest.mark.parametrize("username", ["otherunit", "otherforce", "dataprotection"])
def test_posted_search_shows_outsiders_nothing(client_for, recorded_report, username):
    body = (
        client_for(username)
        .post("/api/search", {"q": "07700 900123"}, content_type="application/json")
        .json()
    )
    assert body["reports"] == []
    assert body["people"] == []


def test_posted_search_finds_for_the_owner(client_for, recorded_report):
    body = (
        client_for("officer")
        .post("/api/search", {"q": "07700 900123"}, content_type="application/json")
        .json()
    )
    assert [r["reference"] for r in body["reports"]] == [recorded_report.reference]
