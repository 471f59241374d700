"""Second-factor pages: enrol (QR code), verify at sign-in, step up before reveals."""

from __future__ import annotations

import base64
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from mosaic.security.actions import mfa_device_confirm
from mosaic.security.mfa import confirmed_device, mark_stepped_up

WRONG_CODE = "That code did not match. Check the time on your phone and try the newest code."


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


def _qr_data_uri(url: str) -> str:
    svg = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def _code_ok(device: TOTPDevice, request: HttpRequest) -> bool:
    code = request.POST.get("code", "").strip()
    return code.isdigit() and len(code) == 6 and device.verify_token(code)


@login_required
@require_http_methods(["GET", "POST"])
def mfa_enrol(request: HttpRequest) -> HttpResponse:
    """Show a QR code for a new authenticator, and confirm it with a first code."""
    user: Any = request.user
    if confirmed_device(user) is not None:
        return redirect("mfa_verify")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)
    error = ""
    if request.method == "POST":
        if _code_ok(device, request):
            mfa_device_confirm(actor=user, device=device)
            otp_login(request, device)
            mark_stepped_up(request)
            return redirect(_next(request))
        error = WRONG_CODE
    context = {
        "qr_data_uri": _qr_data_uri(device.config_url),
        "secret": base64.b32encode(device.bin_key).decode(),
        "ask_code": True,
        "error": error,
        "next": _next(request),
    }
    return render(request, "security/mfa_enrol.html", context, status=400 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def mfa_verify(request: HttpRequest) -> HttpResponse:
    """Ask for the six-digit code after the password (TOTP devices throttle guesses)."""
    device = confirmed_device(request.user)
    if device is None:
        return redirect("mfa_enrol")
    error = ""
    if request.method == "POST":
        if _code_ok(device, request):
            otp_login(request, device)
            mark_stepped_up(request)
            return redirect(_next(request))
        error = WRONG_CODE
    context = {"ask_code": True, "error": error, "next": _next(request)}
    return render(request, "security/mfa_verify.html", context, status=400 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def step_up(request: HttpRequest) -> HttpResponse:
    """Password (and code, for users with a device) again before a reveal or export."""
    user: Any = request.user
    device = confirmed_device(user)
    error = ""
    if request.method == "POST":
        # Through authenticate() so failures count towards the lockout like sign-in failures.
        again = authenticate(
            request, username=user.get_username(), password=request.POST.get("password", "")
        )
        password_ok = again is not None and again.pk == user.pk
        code_ok = device is None or _code_ok(device, request)
        if password_ok and code_ok:
            mark_stepped_up(request)
            return redirect(_next(request))
        error = "Those details did not match. Try again."
    context = {
        "ask_password": True,
        "ask_code": device is not None,
        "error": error,
        "next": _next(request),
    }
    return render(request, "security/step_up.html", context, status=400 if error else 200)
