"""Who may see which import job, and which reports an export may include.

Jobs belong to a force; only that force's administrators see them. Outsiders get 404.
"""

from __future__ import annotations

from django.http import Http404

from mosaic.accounts.models import Role, User
from mosaic.interchange.models import ImportJob, ImportJobQuerySet
from mosaic.reports.models import Report, ReportQuerySet


def import_jobs_visible_to(user: User) -> ImportJobQuerySet:
    """The import jobs of ``user``'s force if they are its administrator; else none."""
    jobs = ImportJob.objects.all()
    if not user.is_authenticated:
        return jobs.none()
    if not user.is_active:
        return jobs.none()
    if user.role != Role.FORCE_ADMIN:
        return jobs.none()
    if user.unit is None:
        return jobs.none()
    return jobs.filter(force_id=user.unit.force_id)


def get_import_job_for_user(user: User, ref: str) -> ImportJob:
    """The import job with this ref if ``user`` may see it; otherwise 404."""
    job = import_jobs_visible_to(user).select_related("force").filter(ref=ref).first()
    if job is None:
        raise Http404("no such import job")
    return job


def reports_exportable_by(user: User) -> ReportQuerySet:
    """The reports ``user`` may export: every report of their force, for its administrator."""
    reports = Report.objects.all()
    if not user.is_authenticated:
        return reports.none()
    if not user.is_active:
        return reports.none()
    if user.role != Role.FORCE_ADMIN:
        return reports.none()
    if user.unit is None:
        return reports.none()
    return reports.filter(force_id=user.unit.force_id)
