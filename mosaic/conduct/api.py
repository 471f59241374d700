"""``/api/cases``: read a course of conduct, reclassify it, record its crime."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from mosaic.audit.trail import consult
from mosaic.conduct.access import get_case_for_user
from mosaic.conduct.actions import course_reclassify, course_record_crime
from mosaic.conduct.models import CourseOfConduct
from mosaic.conduct.presenters import course_data
from mosaic.conduct.schemas import CaseOut, DecisionOut, ReclassifyIn, RecordCrimeIn
from mosaic.reports.api import ErrorsOut
from mosaic.reports.models import Report

router = Router(tags=["cases"])


def course_reports(course: CourseOfConduct) -> list[Report]:
    """The course's reports, oldest first, with their people."""
    return list(
        Report.objects.for_engines()
        .select_related("unit")
        .filter(courses__course=course)
        .order_by("occurred_from", "pk")
    )


def loaded(course: CourseOfConduct) -> CourseOfConduct:
    """The course with everything its page or API answer shows."""
    return (
        CourseOfConduct.objects.with_people().prefetch_related("flags", "orders").get(pk=course.pk)
    )


@router.get("/{ref}", response=CaseOut, summary="Read one course of conduct")
def read_case(request: HttpRequest, ref: str) -> dict[str, Any]:
    course = get_case_for_user(request.user, ref)  # type: ignore[arg-type]
    consult(actor=request.user, target_type="course", target_id=ref, action="api_case_read")
    return course_data(loaded(course), course_reports(course))


@router.post(
    "/{ref}/reclassify",
    response={200: DecisionOut, 422: ErrorsOut},
    summary="Reclassify (supervisor or force crime registrar, with a reason)",
)
def reclassify(request: HttpRequest, ref: str, payload: ReclassifyIn) -> Status[dict[str, Any]]:
    course = get_case_for_user(request.user, ref, write=True)  # type: ignore[arg-type]
    row = course_reclassify(
        actor=request.user,  # type: ignore[arg-type]
        course=course,
        classification=payload.classification,
        reason=payload.reason,
    )
    return Status(
        200,
        {
            "classification": row.classification,
            "classification_label": row.classification_label,
            "source": row.source,
            "reason": row.reason,
        },
    )


@router.post(
    "/{ref}/record", response={200: CaseOut, 422: ErrorsOut}, summary="Record the course's crime"
)
def record_crime(request: HttpRequest, ref: str, payload: RecordCrimeIn) -> Status[dict[str, Any]]:
    course = get_case_for_user(request.user, ref, write=True)  # type: ignore[arg-type]
    course_record_crime(
        actor=request.user,  # type: ignore[arg-type]
        course=course,
        crime_reference=payload.crime_reference,
    )
    return Status(200, course_data(loaded(course), course_reports(course)))
