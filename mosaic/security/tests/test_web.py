"""Web hardening: headers, production settings, the deploy checks, fail-closed auditing."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import DatabaseError

from mosaic.security.csp import POLICY

ROOT = Path(__file__).resolve().parents[3]


def _production_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MOSAIC_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        MOSAIC_SECRET_KEY=secrets.token_urlsafe(50),
        MOSAIC_ALLOWED_HOSTS="mosaic.example.com",
        MOSAIC_SQLITE_PATH=str(tmp_path / "prod.sqlite3"),
        MOSAIC_FIELD_KEYS="k1:" + secrets.token_urlsafe(32),
        MOSAIC_FIELD_INDEX_KEY=secrets.token_urlsafe(32),
        DJANGO_SETTINGS_MODULE="mosaic.config.settings",
    )
    return env


def test_deploy_check_reports_nothing_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mosaic.cli", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_cookies_hsts_and_mfa(tmp_path):
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS, s.MOSAIC_REQUIRE_MFA, s.SESSION_COOKIE_HTTPONLY]))"
    )
    result = subprocess.run(  # noqa: S603 - fixed argv, our own interpreter
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    session, csrf, secure, hsts, mfa, httponly = json.loads(result.stdout)
    assert session.startswith("__Host-")
    assert csrf.startswith("__Host-")
    assert secure is True
    assert hsts >= 31536000
    assert mfa is True
    assert httponly is True


def test_every_page_carries_a_strict_csp(client_for):
    response = client_for("officer").get("/")
    assert response["Content-Security-Policy"] == POLICY
    assert "unsafe-inline" not in POLICY
    assert "unsafe-eval" not in POLICY
    assert "script-src 'self'" in POLICY
    assert response["Cache-Control"] == "no-store"
    assert response["X-Frame-Options"] == "DENY"


def test_signed_out_pages_carry_it_too(client):
    assert client.get("/accounts/login/")["Content-Security-Policy"] == POLICY


@pytest.fixture
def audit_broken(monkeypatch, recorded_report):
    def refuse() -> None:
        raise DatabaseError("disk full")

    monkeypatch.setattr("mosaic.audit.trail._locked_head", refuse)


SENSITIVE = ["Ruth Ashdown", "07700 900771", "Gareth", "followed her", "Station Road"]


def _person_ref(report):
    return report.mentions.get(role="victim").person.ref


@pytest.mark.parametrize("kind", ["report_page", "person_page", "report_api", "person_api"])
def test_sensitive_reads_fail_closed_without_the_trail(client_for, recorded_report, kind, request):
    ref = recorded_report.reference
    person = _person_ref(recorded_report)
    client = client_for("officer")
    request.getfixturevalue("audit_broken")
    url = {
        "report_page": f"/reports/{ref}/",
        "person_page": f"/people/{person}/",
        "report_api": f"/api/reports/{ref}",
        "person_api": f"/api/people/{person}",
    }[kind]
    response = client.get(url)
    assert response.status_code == 503
    body = response.content.decode()
    assert "audit trail" in body
    for value in SENSITIVE:
        assert value not in body


def test_no_template_carries_inline_script_or_style():
    """The CSP forbids them; catch a new template before a browser silently drops it."""
    offenders = []
    for path in ROOT.glob("mosaic/**/templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        for needle in ["<script>", '<script type="text/javascript">', ' style="', " onclick="]:
            if needle in text:
                offenders.append((str(path.relative_to(ROOT)), needle))
    assert offenders == []


def test_missing_field_keys_stop_a_deployment(settings):
    from mosaic.security.checks import check_field_keys, check_mfa_required

    settings.DEV = False
    settings.MOSAIC_FIELD_KEYS = ""
    assert [e.id for e in check_field_keys()] == ["mosaic.E011"]
    settings.MOSAIC_FIELD_KEYS = "k1:tooshort"
    settings.MOSAIC_FIELD_INDEX_KEY = "x"
    assert [e.id for e in check_field_keys()] == ["mosaic.E011"]
    settings.MOSAIC_REQUIRE_MFA = False
    assert [e.id for e in check_mfa_required()] == ["mosaic.E010"]


@pytest.mark.django_db
def test_a_disabled_users_api_token_stops_working(personas, recorded_report):
    from mosaic.accounts.models import ApiToken

    token, digest = ApiToken.new_secret()
    ApiToken.objects.create(user=personas["officer"], name="records", digest=digest)
    url = f"/api/reports/{recorded_report.reference}"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    from django.test import Client

    assert Client().get(url, **auth).status_code == 200
    personas["officer"].is_active = False
    personas["officer"].save(update_fields=["is_active"])
    assert Client().get(url, **auth).status_code == 401
