"""Risk pages: questionnaires, orders, and the unit's risk dashboard."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from engines.risk import Answer, dash_config, sdash_config
from mosaic.conduct.access import cases_visible_to, get_case_for_user
from mosaic.risk.actions import Refused, assessment_record, order_record
from mosaic.risk.forms import OrderForm, QuestionnaireForm
from mosaic.risk.models import Alert, RiskLevelChange, Tool
from mosaic.risk.schemas import ConditionIn, OrderIn

RISING_DAYS = 30


@login_required
@require_http_methods(["GET", "POST"])
def assessment_form(request: HttpRequest, ref: str, tool: str) -> HttpResponse:
    """DASH or S-DASH as a form; an incomplete one is saved as a draft."""
    course = get_case_for_user(request.user, ref, write=request.method == "POST")  # type: ignore[arg-type]
    if tool not in Tool.values:
        raise Http404("no such questionnaire")
    questionnaire = dash_config() if tool == Tool.DASH else sdash_config()
    form = QuestionnaireForm(questionnaire, request.POST or None)
    errors: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        answers = {
            q.id: Answer(form.cleaned_data[q.id], form.cleaned_data[f"{q.id}_notes"])
            for q in questionnaire.questions
            if form.cleaned_data[q.id]
        }
        try:
            row = assessment_record(actor=request.user, course=course, tool=tool, answers=answers)  # type: ignore[arg-type]
        except Refused as exc:
            errors = exc.errors
        else:
            messages.success(
                request, f"{row.get_tool_display()} saved ({row.get_status_display()})."
            )
            return redirect(course.get_absolute_url())
    context = {"course": course, "form": form, "questionnaire": questionnaire, "errors": errors}
    bad = request.method == "POST"
    return render(request, "risk/assessment_form.html", context, status=400 if bad else 200)


def _order_in(data: dict[str, Any]) -> OrderIn:
    postcodes = [p.strip() for p in data["postcodes"].split(",") if p.strip()]
    return OrderIn(
        kind=data["kind"],
        subject=data["subject"],
        protected=data["protected"],
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        conditions=[ConditionIn(kind=data["condition"], postcodes=postcodes)],
    )


@login_required
@require_http_methods(["GET", "POST"])
def order_form(request: HttpRequest, ref: str) -> HttpResponse:
    course = get_case_for_user(request.user, ref, write=request.method == "POST")  # type: ignore[arg-type]
    suspects = [(p.ref, p.display_name) for p in course.suspects.all()]
    victims = [(p.ref, p.display_name) for p in course.victims.all()]
    form = OrderForm(suspects, victims, request.POST or None)
    errors: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        try:
            order = order_record(
                actor=request.user,  # type: ignore[arg-type]
                course=course,
                data=_order_in(form.cleaned_data),
            )
        except Refused as exc:
            errors = exc.errors
        else:
            messages.success(request, f"Order {order.ref} recorded.")
            return redirect(course.get_absolute_url())
    context = {"course": course, "form": form, "errors": errors}
    return render(
        request, "risk/order_form.html", context, status=400 if request.method == "POST" else 200
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """High-risk and rising-risk courses the user may see, and their own unread alerts."""
    visible = cases_visible_to(request.user).open().with_people()  # type: ignore[arg-type]
    since = timezone.now() - timedelta(days=RISING_DAYS)
    rising_ids = (
        RiskLevelChange.objects.filter(course__in=visible, at__gte=since, applied=True)
        .exclude(from_level="")
        .values("course_id")
    )
    context = {
        "high": visible.filter(risk_level="high").order_by("-updated_at")[:100],
        "rising": visible.filter(pk__in=rising_ids).order_by("-updated_at")[:100],
        "alerts": Alert.objects.unread()
        .filter(user=request.user)  # type: ignore[misc]
        .select_related("course")[:50],
        "rising_days": RISING_DAYS,
    }
    return render(request, "risk/dashboard.html", context)
