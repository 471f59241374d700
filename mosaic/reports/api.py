"""``/api/reports`` and ``/api/search``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from mosaic.audit.trail import consult
from mosaic.conduct.access import cases_visible_to
from mosaic.conduct.presenters import course_summary
from mosaic.reports.access import get_report_for_user
from mosaic.reports.actions import report_record
from mosaic.reports.models import Report
from mosaic.reports.presenters import report_data, report_summary
from mosaic.reports.schemas import ReportIn, ReportOut, SearchOut
from mosaic.reports.search import search

router = Router(tags=["reports"])


class FieldError(Schema):
    field: str
    reason: str


class ErrorsOut(Schema):
    errors: list[FieldError]


search_router = Router(tags=["search"])


@router.post("", response={201: ReportOut, 422: ErrorsOut}, summary="Record a report")
def create_report(request: HttpRequest, payload: ReportIn) -> Status[dict[str, Any]]:
    report = report_record(actor=request.user, data=payload)  # type: ignore[arg-type]
    return Status(201, report_data(Report.objects.with_people().get(pk=report.pk)))


@router.get("/{reference}", response=ReportOut, summary="Read one report")
def read_report(request: HttpRequest, reference: str) -> dict[str, Any]:
    report = get_report_for_user(request.user, reference)  # type: ignore[arg-type]
    consult(actor=request.user, target_type="report", target_id=reference, action="api_report_read")
    course = cases_visible_to(request.user).filter(members__report=report).first()  # type: ignore[arg-type]
    data = report_data(Report.objects.with_people().get(pk=report.pk))
    return {**data, "course": course_summary(course) if course else None}


class SearchQuery(Schema):
    q: str = Field(min_length=1, max_length=200)


@search_router.get("", response=SearchOut, summary="Find people and reports by any identifier")
def search_everything(request: HttpRequest, params: Query[SearchQuery]) -> dict[str, Any]:
    return _search(request, params.q)


@search_router.post(
    "", response=SearchOut, summary="The same search with the query in the body, not the URL"
)
def search_posted(request: HttpRequest, payload: SearchQuery) -> dict[str, Any]:
    # Preferred: phone numbers and names in a URL end up in proxy and server logs.
    return _search(request, payload.q)


def _search(request: HttpRequest, query: str) -> dict[str, Any]:
    result = search(request.user, query)  # type: ignore[arg-type]
    consult(
        actor=request.user,
        target_type="search",
        target_id="-",
        action="api_search",
        details=result.audit_details(),
    )
    return {
        "query": result.query,
        "reports": [report_summary(r) for r in result.reports],
        "people": [{"ref": p.ref, "display_name": p.display_name} for p in result.people],
    }
