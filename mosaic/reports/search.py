"""The search box: people and reports by any identifier in any format, by reference or name."""

from __future__ import annotations

from dataclasses import dataclass

from engines.linkage import name_tokens, search_keys
from mosaic.accounts.models import User
from mosaic.people.access import people_visible_to
from mosaic.people.models import Identifier, Person
from mosaic.reports.access import reports_visible_to
from mosaic.reports.models import Report

MAX_RESULTS = 50
MAX_QUERY_CHARS = 200


@dataclass(frozen=True)
class SearchResult:
    query: str
    reports: list[Report]
    people: list[Person]


def search(user: User, query: str) -> SearchResult:
    """Reports and people ``user`` may see that match ``query``.

    ``07700 900123``, ``+44 7700 900123`` and ``0044-7700-900123`` all find ``+447700900123``:
    the query is read as every identifier type it could be, and as a name.
    """
    query = query.strip()[:MAX_QUERY_CHARS]
    if not query:
        return SearchResult(query, [], [])
    visible = reports_visible_to(user)
    keys = search_keys(query)
    hits = Identifier.objects.matching(keys).values("mention__report_id") if keys else None
    by_identifier = visible.filter(pk__in=hits) if hits is not None else visible.none()
    by_reference = visible.filter(reference__iexact=query)
    reports = (by_identifier | by_reference).select_related("unit").newest_first()
    people = people_visible_to(user)
    tokens = name_tokens(query)
    if tokens:
        for token in tokens:
            people = people.filter(names__normalised__contains=token)
    else:
        people = people.none()
    if keys:
        people = people | people_visible_to(user).filter(
            identifiers__in=Identifier.objects.matching(keys)
        )
    return SearchResult(
        query=query,
        reports=list(reports.distinct()[:MAX_RESULTS]),
        people=list(people.distinct().order_by("display_name")[:MAX_RESULTS]),
    )
