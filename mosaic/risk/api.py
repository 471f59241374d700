"""``/api/cases/{ref}/assessments`` and ``/api/cases/{ref}/orders``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from engines.risk import Answer
from mosaic.conduct.access import get_case_for_user
from mosaic.reports.api import ErrorsOut
from mosaic.risk.actions import assessment_record, order_record
from mosaic.risk.schemas import AssessmentIn, OrderIn

router = Router(tags=["risk"])


class AssessmentOut(Schema):
    tool: str
    status: str
    yes_count: int
    band: str | None
    provisional_band: str
    unanswered: list[str]
    risk_level: str


class OrderOut(Schema):
    ref: str
    kind: str
    subject: str
    protected: list[str]
    conditions: list[dict[str, Any]]


@router.post(
    "/{ref}/assessments",
    response={201: AssessmentOut, 422: ErrorsOut},
    summary="Record a DASH or S-DASH (incomplete: kept as a draft, never scored complete)",
)
def create_assessment(
    request: HttpRequest, ref: str, payload: AssessmentIn
) -> Status[dict[str, Any]]:
    course = get_case_for_user(request.user, ref, write=True)  # type: ignore[arg-type]
    answers = {
        q: Answer(a) if isinstance(a, str) else Answer(a.value, a.notes)
        for q, a in payload.answers.items()
    }
    row = assessment_record(
        actor=request.user,  # type: ignore[arg-type]
        course=course,
        tool=payload.tool,
        answers=answers,
    )
    course.refresh_from_db(fields=["risk_level"])
    result = row.result
    return Status(
        201,
        {
            "tool": row.tool,
            "status": row.status,
            "yes_count": result["yes_count"],
            "band": result.get("band"),
            "provisional_band": result.get("provisional_band") or "",
            "unanswered": list(result["unanswered"]),
            "risk_level": course.risk_level,
        },
    )


@router.post(
    "/{ref}/orders",
    response={201: OrderOut, 422: ErrorsOut},
    summary="Record a protective order (refused with the reason if impossible)",
)
def create_order(request: HttpRequest, ref: str, payload: OrderIn) -> Status[dict[str, Any]]:
    course = get_case_for_user(request.user, ref, write=True)  # type: ignore[arg-type]
    order = order_record(actor=request.user, course=course, data=payload)  # type: ignore[arg-type]
    return Status(
        201,
        {
            "ref": order.ref,
            "kind": order.kind,
            "subject": order.subject.ref,
            "protected": sorted(p.ref for p in order.protected.all()),
            "conditions": order.conditions,
        },
    )
