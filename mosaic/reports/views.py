"""Report pages: record one, read one, search."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from mosaic.accounts.models import READ_ONLY_ROLES
from mosaic.audit.trail import consult
from mosaic.conduct.access import cases_visible_to
from mosaic.narratives.forms import CODES, STATUS_CHOICES, AddTagForm
from mosaic.narratives.presenters import narrative_panel
from mosaic.reports.access import get_report_for_user
from mosaic.reports.actions import report_record
from mosaic.reports.forms import ReportForm
from mosaic.reports.models import Report
from mosaic.reports.search import search


@login_required
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest) -> HttpResponse:
    if not request.user.can_record_reports:  # type: ignore[union-attr]
        raise PermissionDenied("your role does not record reports")
    form = ReportForm(request.POST or None)
    previews = None
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "check":
            previews = _preview(request, form)
        else:
            report = report_record(actor=request.user, data=form.report_in)  # type: ignore[arg-type]
            messages.success(request, f"Report {report.reference} recorded.")
            return redirect(report.get_absolute_url())
    context = {"form": form, "previews": previews}
    return render(request, "reports/report_new.html", context, status=400 if form.errors else 200)


def _preview(request: HttpRequest, form: ReportForm) -> object:
    """ "Check for earlier reports": the linkage engine reads the index; nothing is stored
    except the access-trail entry for consulting other reports."""
    from mosaic.linking.presenters import preview_report

    previews = preview_report(request.user, form.report_in)  # type: ignore[arg-type]
    consult(
        actor=request.user,
        target_type="report_preview",
        target_id="-",
        action="report_preview",
        details={"matches": [m.person.ref for p in previews for m in p.matches]},
    )
    return previews


@login_required
def report_detail(request: HttpRequest, reference: str) -> HttpResponse:
    report = get_report_for_user(request.user, reference)  # type: ignore[arg-type]
    consult(actor=request.user, target_type="report", target_id=reference, action="report_detail")
    report = Report.objects.with_people().get(pk=report.pk)
    from mosaic.linking.presenters import report_links

    links = report_links(request.user, report)  # type: ignore[arg-type]
    context = {
        "report": report,
        "people": [(m, links.get(m.pk)) for m in report.mentions.all()],
        "panel": narrative_panel(report),
        "can_review": getattr(request.user, "role", "") not in READ_ONLY_ROLES,
        "add_form": AddTagForm(narrative=report.narrative),
        "code_choices": CODES,
        "status_choices": STATUS_CHOICES,
        "courses": list(cases_visible_to(request.user).filter(members__report=report)),  # type: ignore[arg-type]
    }
    return render(request, "reports/report_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def search_page(request: HttpRequest) -> HttpResponse:
    # Queries are phone numbers, addresses and names: posted, so they never sit in a URL
    # (browser history, proxy and server logs).
    query = request.POST.get("q", "") if request.method == "POST" else ""
    result = search(request.user, query) if query.strip() else None  # type: ignore[arg-type]
    if result is not None:
        consult(
            actor=request.user,
            target_type="search",
            target_id="-",
            action="search",
            details=result.audit_details(),
        )
    return render(request, "reports/search.html", {"query": query, "result": result})
