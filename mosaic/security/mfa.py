"""Second factor (TOTP via django-otp) and step-up re-authentication.

A signed-in user who has a confirmed device, or anyone when ``MOSAIC_REQUIRE_MFA`` is on (the
default outside development mode), must enter a code before any other page. Reveals and
exports additionally need a fresh password-and-code check within ``MOSAIC_STEP_UP_MINUTES``
(the healthchecks ``require_sudo_mode`` pattern).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

STEPPED_UP_AT = "mosaic_stepped_up_at"
# Pages a signed-in but unverified user may still reach.
_OPEN_NAMES = ("mfa_verify", "mfa_enrol", "logout")


def confirmed_device(user: Any) -> TOTPDevice | None:
    """The user's confirmed TOTP device, if they have enrolled one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def mfa_needed(user: Any) -> bool:
    """Whether this signed-in user must present a code before going on."""
    if getattr(user, "is_verified", lambda: False)():
        return False
    if settings.MOSAIC_REQUIRE_MFA:
        return True
    return confirmed_device(user) is not None


def _with_next(name: str, request: HttpRequest) -> str:
    return f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}"


class RequireMfaMiddleware:
    """Sends signed-in users who have not yet given their second factor to do so."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.open_paths: tuple[str, ...] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not mfa_needed(user):
            return self.get_response(request)
        if self.open_paths is None:
            self.open_paths = (*(reverse(n) for n in _OPEN_NAMES), settings.STATIC_URL)
        if request.path.startswith(self.open_paths) or request.path.startswith("/static/"):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            body = {"errors": [{"field": "", "reason": "finish signing in with your code"}]}
            return JsonResponse(body, status=401)
        if confirmed_device(user) is None:
            return redirect(_with_next("mfa_enrol", request))
        return redirect(_with_next("mfa_verify", request))


def mark_stepped_up(request: HttpRequest) -> None:
    """Record that the user has just proved who they are (sign-in or step-up)."""
    request.session[STEPPED_UP_AT] = time.time()


def signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Signing in is authenticating: the step-up window starts then (``user_logged_in``)."""
    if request is not None and hasattr(request, "session"):
        mark_stepped_up(request)


def recently_stepped_up(request: HttpRequest) -> bool:
    """Whether the user re-authenticated within the step-up window."""
    at = request.session.get(STEPPED_UP_AT)
    window = settings.MOSAIC_STEP_UP_MINUTES * 60
    return at is not None and time.time() - float(at) <= window


def require_step_up(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate a view that reveals or exports: re-authenticate first if it has been a while."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not recently_stepped_up(request):
            return redirect(_with_next("step_up", request))
        return view(request, *args, **kwargs)

    return wrapped
