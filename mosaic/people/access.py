"""Who may see which person: anyone who may see a report that person appears in."""

from __future__ import annotations

from django.http import Http404

from mosaic.accounts.models import User
from mosaic.people.models import Person, PersonQuerySet
from mosaic.reports.access import reports_visible_to


def people_visible_to(user: User) -> PersonQuerySet:
    """People named in at least one report ``user`` may read."""
    visible_reports = reports_visible_to(user).values("pk")
    return Person.objects.filter(mentions__report__in=visible_reports).distinct()


def get_person_for_user(user: User, ref: str) -> Person:
    """The person with this public id if ``user`` may see them; otherwise 404."""
    person = people_visible_to(user).filter(ref=ref).first()
    if person is None:
        raise Http404("no such person")
    return person
