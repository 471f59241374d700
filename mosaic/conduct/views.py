"""Course pages: the course of conduct, reclassify, record its crime, the unit's queue."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from engines.risk import dash_config, sdash_config
from mosaic.audit.trail import consult
from mosaic.conduct.access import cases_visible_to, get_case_for_user, may_reclassify
from mosaic.conduct.actions import course_reclassify, course_record_crime
from mosaic.conduct.api import course_reports, loaded
from mosaic.conduct.facts import tags_of
from mosaic.conduct.forms import ReclassifyForm, RecordCrimeForm
from mosaic.conduct.models import CourseOfConduct, class_label
from mosaic.conduct.presenters import frequency_by_month
from mosaic.risk.models import Breach

QUEUE_SIZE = 100


def _page(
    request: HttpRequest, course: CourseOfConduct, status: int = 200, **forms: Any
) -> HttpResponse:
    course = loaded(course)
    reports = course_reports(course)
    changes = list(course.risk_changes.all())
    orders = list(course.orders.select_related("subject").prefetch_related("protected"))
    context = {
        "course": course,
        "timeline": [(r, tags_of(r)) for r in reports],
        "decisions": list(course.decisions.select_related("decided_by", "report")),
        "flags": list(course.flags.all()),
        "included": [class_label(c) for c in course.included],
        "risk": course.risk_summary,
        "changes": changes,
        "chart": frequency_by_month(reports, changes),
        "orders": orders,
        "breaches": list(Breach.objects.filter(order__in=orders).select_related("order", "report")),
        "assessments": list(course.assessments.select_related("assessed_by")),
        "can_reclassify": may_reclassify(request.user),  # type: ignore[arg-type]
        "reclassify_form": forms.get("reclassify_form") or ReclassifyForm(),
        "record_form": forms.get("record_form") or RecordCrimeForm(),
        "dash_questions": len(dash_config().questions),
        "sdash_questions": len(sdash_config().questions),
    }
    return render(request, "conduct/course_detail.html", context, status=status)


@login_required
def course_detail(request: HttpRequest, ref: str) -> HttpResponse:
    course = get_case_for_user(request.user, ref)  # type: ignore[arg-type]
    consult(actor=request.user, target_type="course", target_id=ref, action="case_detail")
    return _page(request, course)


@login_required
@require_POST
def course_reclassify_view(request: HttpRequest, ref: str) -> HttpResponse:
    course = get_case_for_user(request.user, ref, write=True)  # type: ignore[arg-type]
    if not may_reclassify(request.user):  # type: ignore[arg-type]
        raise PermissionDenied("only a supervisor or the force crime registrar may reclassify")
    form = ReclassifyForm(request.POST)
    if not form.is_valid():
        return _page(request, course, status=400, reclassify_form=form)
    course_reclassify(
        actor=request.user,  # type: ignore[arg-type]
        course=course,
        classification=form.cleaned_data["classification"],
        reason=form.cleaned_data["reason"],
    )
    messages.success(request, "Reclassification recorded.")
    return redirect(course.get_absolute_url())


@login_required
@require_POST
def course_record_view(request: HttpRequest, ref: str) -> HttpResponse:
    course = get_case_for_user(request.user, ref, write=True)  # type: ignore[arg-type]
    form = RecordCrimeForm(request.POST)
    if not form.is_valid():
        return _page(request, course, status=400, record_form=form)
    course_record_crime(
        actor=request.user,  # type: ignore[arg-type]
        course=course,
        crime_reference=form.cleaned_data["crime_reference"],
    )
    messages.success(request, "Crime recorded.")
    return redirect(course.get_absolute_url())


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """What needs a recording decision now, soonest deadline first."""
    courses = (
        cases_visible_to(request.user)  # type: ignore[arg-type]
        .awaiting_recording()
        .soonest_deadline_first()
        .with_people()[:QUEUE_SIZE]
    )
    return render(request, "conduct/queue.html", {"courses": courses})
