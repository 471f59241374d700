"""Who may see and review which tag: exactly who may see (and change) its report.

Outsiders get 404, never 403; read-only roles may read tags but not review or add them.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from mosaic.accounts.models import READ_ONLY_ROLES, User
from mosaic.narratives.models import Tag, TagQuerySet
from mosaic.reports.access import reports_visible_to


def tags_visible_to(user: User) -> TagQuerySet:
    """Tags on the reports ``user`` may read."""
    return Tag.objects.filter(report__in=reports_visible_to(user))


def get_tag_for_user(user: User, tag_id: int, *, write: bool = False) -> Tag:
    """The tag if ``user`` may see its report (and change it, with ``write``)."""
    tag = tags_visible_to(user).select_related("report").filter(pk=tag_id).first()
    if tag is None:
        raise Http404("no such tag")
    if write and user.role in READ_ONLY_ROLES:
        raise PermissionDenied("your role may read tags but not review them")
    return tag
