"""Who may see which course of conduct. Every course fetch for a user goes through here.

A course belongs to the unit that owns it, and every unit that took one of its reports may read
it too (each has a live interest in the pattern: the unit that took the second report often
opens the course); force-wide roles see every course of their force. Outsiders get 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from mosaic.accounts.models import READ_ONLY_ROLES, RECLASSIFY_ROLES, Role, User
from mosaic.conduct.models import CourseOfConduct, CourseQuerySet, CourseReport


def cases_visible_to(user: User) -> CourseQuerySet:
    """The courses ``user`` may read: their unit's or holding a report their unit took, or
    their force's for force-wide roles."""
    courses = CourseOfConduct.objects.all()
    if not user.is_authenticated:
        return courses.none()
    if not user.is_active:
        return courses.none()
    if user.unit is None:
        return courses.none()
    if user.role == Role.DATA_PROTECTION:  # oversees the trail, not the casework
        return courses.none()
    if user.is_force_wide:
        return courses.filter(force_id=user.unit.force_id)
    took_a_report = CourseReport.objects.filter(report__unit=user.unit).values("course_id")
    return courses.filter(Q(unit=user.unit) | Q(pk__in=took_a_report))


def get_case_for_user(user: User, ref: str, *, write: bool = False) -> CourseOfConduct:
    """The course with this ref if ``user`` may see it (and change it, with ``write``)."""
    course = cases_visible_to(user).select_related("unit__force").filter(ref=ref).first()
    if course is None:
        raise Http404("no such course of conduct")
    if write and user.role in READ_ONLY_ROLES:
        raise PermissionDenied("your role may read this course but not change it")
    return course


def may_reclassify(user: User) -> bool:
    """Supervisors (of the owning unit, who alone can see it) and the force crime registrar
    may reclassify (CRR 2026/27 p.13)."""
    return user.is_active and user.role in RECLASSIFY_ROLES
