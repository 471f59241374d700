"""The one API object: every app mounts its router here. OpenAPI at /api/docs."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, django_auth

from mosaic.accounts.models import ApiToken, User
from mosaic.audit.trail import AuditUnavailable
from mosaic.web.errors import InputRefused, field_errors


class BearerToken(HttpBearer):
    """``Authorization: Bearer mos_…`` for records systems and scripts."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = ApiToken.user_for(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Mosaic API",
    version="1",
    description="Record, link and follow stalking and harassment reports.",
    auth=[BearerToken(), django_auth],
    urls_namespace="api",
    docs_url="/docs",
)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"errors": field_errors(exc.errors)}, status=422)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(
        request, {"errors": [{"field": "", "reason": "not found"}]}, status=404
    )


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    body = {"errors": [{"field": "", "reason": "sign in or present an API token"}]}
    return api.create_response(request, body, status=401)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    body = {"errors": [{"field": "", "reason": str(exc)}]}
    return api.create_response(request, body, status=exc.status_code)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    # Only for users who may see the object: outsiders were given 404 by access.py.
    body = {"errors": [{"field": "", "reason": str(exc)}]}
    return api.create_response(request, body, status=403)


@api.exception_handler(InputRefused)
def refused(request: HttpRequest, exc: InputRefused) -> HttpResponse:
    body = {"errors": [{"field": f, "reason": r} for f, r in exc.errors]}
    return api.create_response(request, body, status=422)


@api.exception_handler(AuditUnavailable)
def audit_unavailable(request: HttpRequest, exc: AuditUnavailable) -> HttpResponse:
    # Fail closed: no event, no data (see mosaic.security.failclosed).
    reason = "the audit trail cannot be written just now, so nothing can be shown; try again"
    body = {"errors": [{"field": "", "reason": reason}]}
    response = api.create_response(request, body, status=503)
    response["Retry-After"] = "60"
    return response


def mount_routers() -> None:
    """Attach every app's router (kept in one place so the list is easy to read)."""
    from mosaic.linking.api import preview_router
    from mosaic.linking.api import router as linking_router
    from mosaic.people.api import router as people_router
    from mosaic.reports.api import router as reports_router

    # The preview goes first so "/reports/preview" is not read as a report reference.
    api.add_router("/reports", preview_router)
    api.add_router("/reports", reports_router)
    api.add_router("/linking", linking_router)
    api.add_router("/people", people_router)
    from mosaic.reports.api import search_router

    api.add_router("/search", search_router)
    from mosaic.narratives.api import router as narratives_router

    api.add_router("/", narratives_router)
    from mosaic.conduct.api import router as cases_router
    from mosaic.risk.api import router as risk_router

    api.add_router("/cases", cases_router)
    api.add_router("/cases", risk_router)


mount_routers()
