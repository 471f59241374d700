"""Sign-in hardening: second factor, step-up, lockout, session limits, disabled accounts."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from mosaic.audit.models import AuditEvent
from mosaic.security.mfa import STEPPED_UP_AT

pytestmark = pytest.mark.django_db


def _code(device: TOTPDevice, *, later: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=6, drift=later):06d}"


def _enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)


@override_settings(MOSAIC_REQUIRE_MFA=True)
def test_users_without_a_device_must_enrol_before_anything_else(client_for, personas):
    client = client_for("officer")
    response = client.get("/reports/search/?q=x")
    assert response.status_code == 302
    assert response["Location"].startswith("/security/mfa/enrol/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b"data:image/svg+xml;base64," in page.content
    device = TOTPDevice.objects.get(user=personas["officer"])
    assert client.post("/security/mfa/enrol/", {"code": "000000"}).status_code == 400
    # A wrong code throttles the device: even the right code waits (django-otp backs off).
    assert client.post("/security/mfa/enrol/", {"code": _code(device)}).status_code == 400
    device.refresh_from_db()
    device.throttle_reset()
    before = AuditEvent.objects.count()
    done = client.post("/security/mfa/enrol/", {"code": _code(device), "next": "/"})
    assert done.status_code == 302
    assert done["Location"] == "/"
    assert AuditEvent.objects.filter(action="mfa_device_confirm").count() == 1
    assert AuditEvent.objects.count() == before + 1
    assert client.get("/").status_code == 200


def test_an_enrolled_user_gives_a_code_after_the_password_even_in_dev(client_for, personas):
    device = _enrolled(personas["officer"])
    client = client_for("officer")
    response = client.get("/")
    assert response["Location"].startswith("/security/mfa/verify/")
    api = client.get("/api/people/P-NOPE")
    assert api.status_code == 401
    assert client.post("/security/mfa/verify/", {"code": "123"}).status_code == 400
    ok = client.post("/security/mfa/verify/", {"code": _code(device), "next": "/"})
    assert ok.status_code == 302
    assert client.get("/").status_code == 200
    assert client.session[STEPPED_UP_AT] > time.time() - 5


def test_verify_refuses_offsite_next(client_for, personas):
    device = _enrolled(personas["officer"])
    client = client_for("officer")
    ok = client.post(
        "/security/mfa/verify/", {"code": _code(device), "next": "https://evil.example.com/"}
    )
    assert ok["Location"] == "/"


def test_demo_mode_without_a_device_needs_no_code(client_for):
    assert not settings.MOSAIC_REQUIRE_MFA  # tests run in development mode, like `make run`
    assert client_for("officer").get("/").status_code == 200


def _long_ago(client):
    session = client.session
    session[STEPPED_UP_AT] = time.time() - 3600
    session.save()
    return client


def test_signing_in_starts_the_step_up_window(client_for):
    assert client_for("officer").session[STEPPED_UP_AT] > time.time() - 60


def test_step_up_needs_the_password_again(client_for):
    client = _long_ago(client_for("officer"))
    wrong = client.post("/security/step-up/", {"password": "nope", "next": "/"})
    assert wrong.status_code == 400
    assert client.session[STEPPED_UP_AT] < time.time() - 3000
    right = client.post("/security/step-up/", {"password": "correct-horse-battery-staple-42"})
    assert right.status_code == 302
    assert client.session[STEPPED_UP_AT] > time.time() - 60


def _login(client: Client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password})


def _body(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_lockout_answers_known_and_unknown_usernames_identically(personas):
    known, unknown = Client(), Client()
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        a = _login(known, "officer", "wrong-password-entirely")
        b = _login(unknown, "nobody-of-that-name", "wrong-password-entirely")
        assert a.status_code == b.status_code
        assert _body(a) == _body(b)
    assert a.status_code == 429
    # Locked: even the right password is refused now.
    locked = _login(known, "officer", "correct-horse-battery-staple-42")
    assert locked.status_code == 429
    assert "_auth_user_id" not in known.session


def test_right_password_signs_in_before_lockout(personas):
    client = Client()
    response = _login(client, "officer", "correct-horse-battery-staple-42")
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_sessions_end_after_15_idle_minutes(client_for):
    client = client_for("officer")
    assert client.get("/").status_code == 200
    assert settings.SESSION_COOKIE_AGE == 15 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_sessions_end_12_hours_after_sign_in_whatever_the_activity(client_for):
    client = client_for("officer")
    assert client.get("/").status_code == 200
    session = client.session
    session["signed_in_at"] = time.time() - 12 * 60 * 60 - 1
    session.save()
    response = client.get("/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_disabling_a_user_takes_effect_on_their_next_request(client_for, personas):
    client = client_for("officer")
    assert client.get("/").status_code == 200
    personas["officer"].is_active = False
    personas["officer"].save(update_fields=["is_active"])
    assert client.get("/").status_code == 302
    assert client.get("/api/people/P-ANY").status_code == 401


def test_passwords_need_15_characters_and_not_a_known_breached_one(personas):
    user = personas["officer"]
    with pytest.raises(ValidationError):
        validate_password("fourteen-chars", user)
    with pytest.raises(ValidationError):
        validate_password("1q2w3e4r5t6y7u8i9o0p", user)  # in Django's common-password list
    validate_password("glacier-orbit-tandem-velvet", user)


def test_production_hashes_passwords_with_argon2():
    from mosaic.config import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
