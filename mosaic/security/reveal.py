"""Reveal one protected detail: a reason, a fresh sign-in, one audit event, then the value."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from mosaic.reports.access import get_report_for_user
from mosaic.reports.models import Mention
from mosaic.security.actions import field_reveal
from mosaic.security.masking import identifier_protected
from mosaic.security.mfa import require_step_up

REASONS = [
    ("investigation", "Investigating this case (my task)"),
    ("safeguarding", "Safeguarding the victim now"),
    ("victim_contact", "Contacting the victim"),
    ("court", "Preparing a court file or order"),
    ("other", "Other (explain below)"),
]


class RevealForm(forms.Form):
    reason_code = forms.ChoiceField(choices=REASONS, label="Why do you need this?")
    reason_text = forms.CharField(
        max_length=300, min_length=10, label="What for (case, task or request)"
    )


def _protected_value(mention: Mention, field: str, item: str | None) -> str:
    """The protected detail itself, or 404 when there is nothing protected to reveal."""
    if field == "address" and mention.role == "victim" and mention.address is not None:
        return str(mention.address)
    if field == "identifier" and item and item.isdigit():
        found = mention.identifiers.filter(pk=int(item)).first()
        if found is not None and identifier_protected(found, mention.role):
            return str(found.shown)
    raise Http404("nothing to reveal")


@login_required
@require_http_methods(["GET", "POST"])
@require_step_up
def reveal(request: HttpRequest, reference: str, mention_id: int, field: str) -> HttpResponse:
    """Ask for a reason, then show one masked detail of a report (audited)."""
    user: Any = request.user
    report = get_report_for_user(user, reference)
    mention = Mention.objects.filter(report=report, pk=mention_id).select_related("address")
    found = mention.first()
    if found is None:
        raise Http404("no such person in this report")
    item = request.GET.get("item")
    value = _protected_value(found, field, item)
    form = RevealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        field_reveal(
            actor=user,
            report=report,
            mention=found,
            field=field,
            reason_code=form.cleaned_data["reason_code"],
            reason=form.cleaned_data["reason_text"],
        )
        context = {"report": report, "mention": found, "field": field, "value": value}
        return render(request, "security/revealed.html", context)
    context = {"report": report, "mention": found, "field": field, "form": form}
    return render(request, "security/reveal.html", context, status=400 if form.errors else 200)
