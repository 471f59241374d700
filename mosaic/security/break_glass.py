"""Break the glass: open a report of one's own force that one's role and unit do not reach.

The user names the report and gives a reason code and an explanation; access lasts at most a
shift (``MOSAIC_BREAK_GLASS_HOURS``, at most 10), is audited with the reason, and the owning
unit's supervisors and the force's data protection officers get a notice. A reference that does
not exist and one in another force get the same answer.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from mosaic.accounts.models import Role
from mosaic.reports.access import reports_visible_to
from mosaic.reports.models import Report
from mosaic.security.actions import access_break_glass
from mosaic.security.mfa import require_step_up
from mosaic.security.models import BreakGlassReason, SecurityNotice

NOT_AVAILABLE = "No report with that reference can be opened this way."


class BreakGlassForm(forms.Form):
    reference = forms.CharField(max_length=32, label="Report reference")
    reason_code = forms.ChoiceField(choices=BreakGlassReason.choices, label="Why")
    reason = forms.CharField(min_length=20, max_length=500, label="Explain", widget=forms.Textarea)


def _openable(user: Any, reference: str) -> Report | None:
    if not user.is_active or user.unit is None or user.role == Role.DATA_PROTECTION:
        return None
    report = Report.objects.filter(reference=reference, force_id=user.unit.force_id).first()
    if report is None or reports_visible_to(user).filter(pk=report.pk).exists():
        return None
    return report


@login_required
@require_http_methods(["GET", "POST"])
@require_step_up
def break_glass(request: HttpRequest) -> HttpResponse:
    """Ask for the reference and a reason, then grant access for one shift."""
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = _openable(request.user, form.cleaned_data["reference"].strip().upper())
        if report is not None:
            access_break_glass(
                actor=request.user,  # type: ignore[arg-type]
                report=report,
                reason_code=form.cleaned_data["reason_code"],
                reason=form.cleaned_data["reason"],
            )
            return redirect(report.get_absolute_url())
        form.add_error("reference", NOT_AVAILABLE)
    status = 400 if form.errors else 200
    return render(request, "security/break_glass.html", {"form": form}, status=status)


@login_required
def notices(request: HttpRequest) -> HttpResponse:
    """The signed-in user's security notices, newest first."""
    rows = list(
        SecurityNotice.objects.filter(recipient_id=request.user.pk).select_related("report")[:200]
    )
    return render(request, "security/notices.html", {"notices": rows})
