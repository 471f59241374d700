"""The report page's tag actions: review one tag, add a tag (plain form posts)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mosaic.narratives.access import get_tag_for_user
from mosaic.narratives.actions import TagError, tag_add, tag_review
from mosaic.narratives.forms import AddTagForm, ReviewForm
from mosaic.reports.access import get_report_for_user


@login_required
@require_POST
def tag_review_view(request: HttpRequest, reference: str, tag_id: int) -> HttpResponse:
    tag = get_tag_for_user(request.user, tag_id, write=True)  # type: ignore[arg-type]
    if tag.report.reference != reference:
        raise Http404("no such tag on this report")
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            tag_review(actor=request.user, tag=tag, data=form.review_in)  # type: ignore[arg-type]
        except TagError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.reason)
        else:
            messages.success(request, f"Tag {tag.code} {tag.review_state}.")
            return redirect(f"{tag.report.get_absolute_url()}#tags")
    context = {"form": form, "report": tag.report, "tag": tag, "title": "Review a tag"}
    return render(request, "narratives/tag_form.html", context, status=400)


@login_required
@require_POST
def tag_add_view(request: HttpRequest, reference: str) -> HttpResponse:
    report = get_report_for_user(request.user, reference, write=True)  # type: ignore[arg-type]
    form = AddTagForm(request.POST, narrative=report.narrative)
    if form.is_valid():
        try:
            added = tag_add(actor=request.user, report=report, data=form.tag_in)  # type: ignore[arg-type]
        except TagError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.reason)
        else:
            messages.success(request, f"Tag {added.code} added.")
            return redirect(f"{report.get_absolute_url()}#tags")
    context = {"form": form, "report": report, "tag": None, "title": "Add a tag"}
    return render(request, "narratives/tag_form.html", context, status=400)
