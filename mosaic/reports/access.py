"""Who may see which report. Every report fetch for a user goes through here.

Outsiders get 404, never 403: a stranger must not learn that a report exists.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from mosaic.accounts.models import READ_ONLY_ROLES, Role, User
from mosaic.conduct.access import cases_visible_to
from mosaic.conduct.models import CourseReport
from mosaic.reports.models import Report, ReportQuerySet


def reports_visible_to(user: User) -> ReportQuerySet:
    """The reports ``user`` may read: their unit's, or their force's for force-wide roles, and
    every report in a course of conduct they may read (another unit may have taken one)."""
    reports = Report.objects.all()
    if not user.is_authenticated:
        return reports.none()
    if not user.is_active:
        return reports.none()
    if user.unit is None:
        return reports.none()
    if user.role == Role.DATA_PROTECTION:  # oversees the trail, not the casework
        return reports.none()
    if user.is_force_wide:
        return reports.filter(force_id=user.unit.force_id) | _broken_glass(user)
    in_their_courses = CourseReport.objects.filter(course__in=cases_visible_to(user))
    own = Q(unit=user.unit) | Q(pk__in=in_their_courses.values("report_id"))
    return reports.filter(own) | _broken_glass(user)


def _broken_glass(user: User) -> ReportQuerySet:
    """Reports this user opened by breaking the glass, within the grant's time (one shift)."""
    from mosaic.security.models import AccessGrant

    granted = AccessGrant.objects.active().filter(user=user).values("report_id")
    return Report.objects.filter(pk__in=granted, force_id=user.unit.force_id)  # type: ignore[union-attr]


def get_report_for_user(user: User, reference: str, *, write: bool = False) -> Report:
    """The report with this reference if ``user`` may see it (and change it, with ``write``)."""
    report = (
        reports_visible_to(user)
        .select_related("unit__force", "location")
        .filter(reference=reference)
        .first()
    )
    if report is None:
        raise Http404("no such report")
    if write and user.role in READ_ONLY_ROLES:
        raise PermissionDenied("your role may read this report but not change it")
    return report
