"""Who may see which link decision: anyone who may see the report the mention is in."""

from __future__ import annotations

from django.http import Http404

from mosaic.accounts.models import User
from mosaic.linking.models import LinkDecision, LinkDecisionQuerySet, PersonChange
from mosaic.people.access import people_visible_to
from mosaic.people.models import Person
from mosaic.reports.access import reports_visible_to


def decisions_visible_to(user: User) -> LinkDecisionQuerySet:
    """Decisions about mentions in reports ``user`` may read (their unit's; force-wide roles:
    their force's). The review queue is the waiting part of this."""
    visible_reports = reports_visible_to(user).values("pk")
    return LinkDecision.objects.filter(mention__report__in=visible_reports)


def get_decision_for_user(user: User, pk: int) -> LinkDecision:
    """The decision if ``user`` may see it; otherwise 404."""
    decision = (
        decisions_visible_to(user)
        .select_related("mention__report", "mention__person", "candidate")
        .filter(pk=pk)
        .first()
    )
    if decision is None:
        raise Http404("no such decision")
    return decision


def merged_into(user: User, ref: str) -> Person | None:
    """The visible survivor of a merge that absorbed ``ref`` (following merges in turn)."""
    seen: set[str] = set()
    survivor = None
    while ref not in seen:
        seen.add(ref)
        change = PersonChange.objects.filter(kind="merge", other_ref=ref).order_by("-pk").first()
        if change is None:
            break
        survivor = change.person
        ref = survivor.ref
    if survivor is None:
        return None
    return people_visible_to(user).filter(pk=survivor.pk).first()
