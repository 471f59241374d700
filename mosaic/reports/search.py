"""The search box: people and reports by any identifier in any format, by reference or name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engines.linkage import name_tokens, search_keys
from mosaic.accounts.models import User
from mosaic.people.access import people_visible_to
from mosaic.people.models import Identifier, Person, identifier_index
from mosaic.reports.access import reports_visible_to
from mosaic.reports.models import Report
from mosaic.security.fields import index_of

MAX_RESULTS = 50
MAX_QUERY_CHARS = 200


@dataclass(frozen=True)
class SearchResult:
    query: str
    reports: list[Report]
    people: list[Person]

    def audit_details(self) -> dict[str, Any]:
        """What the access trail keeps of a search: never the query text itself.

        A searched phone number, e-mail or name would otherwise sit in the trail in plain
        text for as long as the trail is kept. Instead: what the query could be read as
        (``kinds``), the blind index of each reading (the same keyed HMAC as the stored
        identifiers' ``value_index``, so the data protection officer can ask "who searched
        for this victim's number?" by computing it, see ``search_fingerprints``), and the
        size of the answer.
        """
        keys = search_keys(self.query)
        tokens = name_tokens(self.query)
        kinds = sorted({k.type for k in keys if k.value} | ({"name"} if tokens else set()))
        indexes = sorted(identifier_index(k.type, k.value) for k in keys if k.value)
        if tokens:
            indexes.append(name_index(tokens))
        return {
            "kinds": kinds,
            "indexes": indexes,
            "length": len(self.query),
            "reports": len(self.reports),
            "people": len(self.people),
        }


def name_index(tokens: list[str]) -> str:
    """The blind index of a name query (its normalised tokens, in order)."""
    return index_of("search:name", " ".join(tokens))


def search_fingerprints(query: str) -> list[str]:
    """The indexes a search for ``query`` leaves in the trail (oversight: match them against
    ``AuditEvent.details["indexes"]`` to find who searched for a value)."""
    indexes: list[str] = SearchResult(query.strip()[:MAX_QUERY_CHARS], [], []).audit_details()[
        "indexes"
    ]
    return indexes


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
