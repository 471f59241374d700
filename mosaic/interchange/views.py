"""Import and export pages for force administrators: upload, progress, rejects, export."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from mosaic.accounts.models import User
from mosaic.audit.trail import consult
from mosaic.interchange.access import get_import_job_for_user, import_jobs_visible_to
from mosaic.interchange.actions import import_job_create, may_import, reports_export, uploads_dir
from mosaic.interchange.forms import ExportForm, UploadForm
from mosaic.interchange.models import OtherForces
from mosaic.interchange.reading import file_sha256
from mosaic.interchange.rejects import reasons_csv, rejected_lines
from mosaic.interchange.tasks import import_job_task
from mosaic.security.mfa import require_step_up

REFRESH_SECONDS = 2
REJECTS_SHOWN = 50


def _admin(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not may_import(user):
        raise Http404("no such page")  # outsiders never learn what force admins can do
    return user


def _keep(upload: UploadedFile[bytes]) -> Path:
    folder = uploads_dir() / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{timezone.now():%Y%m%dT%H%M%S%f}-{Path(upload.name or 'upload').name}"
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return target


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    user = _admin(request)
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        other = OtherForces.SKIP if form.cleaned_data["skip_other_forces"] else OtherForces.REJECT
        path = _keep(upload)
        # The same file again while its job is unfinished (a worker died): resume that job.
        job = (
            import_jobs_visible_to(user).unfinished().filter(sha256=file_sha256(path)).first()
        ) or import_job_create(actor=user, path=path, source_name=upload.name, other_forces=other)
        transaction.on_commit(lambda: import_job_task.enqueue(job.pk))
        return redirect(job.get_absolute_url())
    jobs = import_jobs_visible_to(user).select_related("created_by").newest_first()[:20]
    status = 400 if form.errors else 200
    return render(request, "interchange/import.html", {"form": form, "jobs": jobs}, status=status)


@login_required
def import_job_detail(request: HttpRequest, ref: str) -> HttpResponse:
    job = get_import_job_for_user(request.user, ref)  # type: ignore[arg-type]
    rejects = list(job.rejects.all()[:REJECTS_SHOWN]) if job.finished else []
    refresh = None if job.finished else REFRESH_SECONDS
    context = {"job": job, "rejects": rejects, "refresh": refresh}
    return render(request, "interchange/job_detail.html", context)


@login_required
def import_job_rejects(request: HttpRequest, ref: str, kind: str) -> StreamingHttpResponse:
    job = get_import_job_for_user(request.user, ref)  # type: ignore[arg-type]
    # The rejected lines hold personal data as written: reading them is a consultation.
    consult(actor=request.user, target_type="import_job", target_id=ref, action=f"rejects_{kind}")
    if kind == "lines":
        body, name, mime = rejected_lines(job), "rejects.jsonl", "application/x-ndjson"
    else:
        body, name, mime = reasons_csv(job), "reasons.csv", "text/csv"
    response = StreamingHttpResponse(body, content_type=f"{mime}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{job.ref}-{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
@require_step_up  # exports carry many people's details: sign in again if it has been a while
def export_page(request: HttpRequest) -> HttpResponse:
    user = _admin(request)
    form = ExportForm(request.POST if request.method == "POST" else None, force_id=user.force_id)
    if request.method == "POST" and form.is_valid():
        out = StringIO()
        data = form.cleaned_data
        reports_export(
            actor=user,
            out=out,
            recipient=data["recipient"],
            reason=data["reason"],
            unit_code=data["unit"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
        response = HttpResponse(out.getvalue(), content_type="application/x-ndjson; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="reports.jsonl"'
        return response
    status = 400 if form.errors else 200
    return render(request, "interchange/export.html", {"form": form}, status=status)
