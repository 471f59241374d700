"""``/api/reports/{reference}/tags`` (read, add) and ``/api/tags/{id}/review``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from mosaic.audit.trail import consult
from mosaic.narratives.access import get_tag_for_user
from mosaic.narratives.actions import tag_add, tag_review
from mosaic.narratives.models import Tag
from mosaic.narratives.presenters import tag_data, tags_data
from mosaic.narratives.schemas import ReviewIn, TagIn, TagOut, TagsOut
from mosaic.reports.access import get_report_for_user
from mosaic.reports.api import ErrorsOut

router = Router(tags=["narratives"])


@router.get("/reports/{reference}/tags", response=TagsOut, summary="A report's narrative tags")
def read_tags(request: HttpRequest, reference: str) -> dict[str, Any]:
    report = get_report_for_user(request.user, reference)  # type: ignore[arg-type]
    consult(actor=request.user, target_type="report", target_id=reference, action="api_tags_read")
    return tags_data(report)


@router.post(
    "/reports/{reference}/tags",
    response={201: TagOut, 422: ErrorsOut},
    summary="Add a tag the engine missed",
)
def add_tag(request: HttpRequest, reference: str, payload: TagIn) -> Status[dict[str, Any]]:
    report = get_report_for_user(request.user, reference, write=True)  # type: ignore[arg-type]
    added = tag_add(actor=request.user, report=report, data=payload)  # type: ignore[arg-type]
    return Status(201, tag_data(Tag.objects.select_related("reviewed_by").get(pk=added.pk)))


@router.post(
    "/tags/{tag_id}/review",
    response={200: TagOut, 422: ErrorsOut},
    summary="Confirm, correct or reject a tag",
)
def review_tag(request: HttpRequest, tag_id: int, payload: ReviewIn) -> Status[dict[str, Any]]:
    tag = get_tag_for_user(request.user, tag_id, write=True)  # type: ignore[arg-type]
    tag_review(actor=request.user, tag=tag, data=payload)  # type: ignore[arg-type]
    return Status(200, tag_data(Tag.objects.select_related("reviewed_by").get(pk=tag.pk)))
