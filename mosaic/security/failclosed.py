"""Fail closed: when the access trail cannot be written, nothing is shown.

Detail reads write their consultation event before any personal data is rendered, so an
:class:`~mosaic.audit.trail.AuditUnavailable` raised there reaches this middleware with no
sensitive bytes produced. The answer is a 503 with a plain explanation, not a 500 page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from mosaic.audit.trail import AuditUnavailable

log = logging.getLogger(__name__)
MESSAGE = (
    "Mosaic cannot record this access in the audit trail just now, so it cannot show you "
    "this record. Try again shortly; if it persists, tell your system administrator."
)


class AuditFailClosedMiddleware:
    """Turns an unwritable audit trail into a 503 for pages (the API has its own handler)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, AuditUnavailable):
            return None
        log.error("audit trail unavailable; refused %s %s", request.method, request.path)
        body = render_to_string("security/audit_unavailable.html", {"message": MESSAGE}, request)
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "60"
        return response
