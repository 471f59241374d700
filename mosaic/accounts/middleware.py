"""Request-level protections for signed-in pages."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

ABSOLUTE_SESSION_SECONDS = 12 * 60 * 60


class NoStoreMiddleware:
    """Signed-in pages carry personal data: browsers and proxies must not keep copies.

    Also ends a session 12 hours after sign-in whatever the activity (the idle limit is the
    session cookie age), and ends it at once when the account has been disabled.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.setdefault("signed_in_at", time.time())
            if time.time() - float(started) > ABSOLUTE_SESSION_SECONDS:
                logout(request)
                return redirect("login")
        response = self.get_response(request)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response
