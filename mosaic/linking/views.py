"""Linking pages: the review queue, confirm/reject, merge and split."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mosaic.accounts.models import User
from mosaic.audit.trail import consult
from mosaic.linking.access import decisions_visible_to, get_decision_for_user
from mosaic.linking.actions import (
    link_decision_confirm,
    link_decision_reject,
    person_merge,
    person_split,
)
from mosaic.linking.forms import MergeForm, RejectForm, ReviewForm, SplitForm
from mosaic.people.access import get_person_for_user
from mosaic.reports.models import Mention


def _user(request: HttpRequest) -> User:
    # login_required has run: the user is a signed-in ``User``.
    return request.user  # type: ignore[return-value]


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    waiting = list(
        decisions_visible_to(user)  # type: ignore[arg-type]
        .waiting()
        .select_related("mention__report", "mention__person", "candidate")
        .order_by("decided_at", "pk")[:200]
    )
    consult(actor=user, target_type="review_queue", target_id="-", action="review_queue")
    return render(request, "linking/review_queue.html", {"waiting": waiting})


def _review(request: HttpRequest, pk: int, confirm: bool) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk)  # type: ignore[arg-type]
    form = (ReviewForm if confirm else RejectForm)(request.POST)
    if not form.is_valid():
        messages.error(request, "Give a reason for rejecting a link.")
        return redirect("linking_review")
    try:
        if confirm:
            link_decision_confirm(
                actor=_user(request), decision=decision, reason=form.cleaned_data["reason"]
            )
        else:
            link_decision_reject(
                actor=_user(request), decision=decision, reason=form.cleaned_data["reason"]
            )
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("linking_review")
    messages.success(request, "Link confirmed: one person." if confirm else "Link rejected.")
    return redirect("linking_review")


@login_required
@require_POST
def decision_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _review(request, pk, confirm=True)


@login_required
@require_POST
def decision_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _review(request, pk, confirm=False)


@login_required
@require_POST
def merge(request: HttpRequest, ref: str) -> HttpResponse:
    person = get_person_for_user(request.user, ref)  # type: ignore[arg-type]
    form = MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Name the other person (P-…) and give a reason.")
        return redirect("person_detail", ref)
    other = get_person_for_user(request.user, form.cleaned_data["other"].strip().upper())  # type: ignore[arg-type]
    try:
        survivor = person_merge(
            actor=_user(request), person=person, other=other, reason=form.cleaned_data["reason"]
        )
    except (ValueError, PermissionDenied) as exc:
        messages.error(request, str(exc))
        return redirect("person_detail", ref)
    messages.success(request, f"Merged: {survivor.ref} is now one person.")
    return redirect("person_detail", survivor.ref)


@login_required
@require_POST
def split(request: HttpRequest, ref: str) -> HttpResponse:
    person = get_person_for_user(request.user, ref)  # type: ignore[arg-type]
    own = Mention.objects.filter(person=person).select_related("report")
    form = SplitForm(request.POST, choices=[(m.pk, m.report.reference) for m in own])
    if not form.is_valid():
        messages.error(request, "Choose the reports to move and give a reason.")
        return redirect("person_detail", ref)
    chosen = [m for m in own if m.pk in form.cleaned_data["mentions"]]
    try:
        new = person_split(
            actor=_user(request), person=person, mentions=chosen, reason=form.cleaned_data["reason"]
        )
    except (ValueError, PermissionDenied) as exc:
        messages.error(request, str(exc))
        return redirect("person_detail", ref)
    messages.success(request, f"Split: those reports are now about {new.ref}.")
    return redirect("person_detail", new.ref)
