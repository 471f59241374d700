"""A person as ``user`` may see them: only what the reports they can read disclose."""

from __future__ import annotations

from dataclasses import dataclass

from mosaic.accounts.models import User
from mosaic.people.models import Identifier, Person
from mosaic.reports.access import reports_visible_to
from mosaic.reports.models import Mention, Report


@dataclass(frozen=True)
class PersonProfile:
    person: Person
    names: list[str]
    identifiers: list[Identifier]
    reports: list[Report]
    roles: dict[int, str]

    @property
    def masking_role(self) -> str:
        """``victim`` if they are a victim in any visible report: their contacts stay masked."""
        return "victim" if "victim" in self.roles.values() else ""


def person_profile(user: User, person: Person) -> PersonProfile:
    """Names, identifiers and reports (newest first) from the reports ``user`` may read."""
    visible = reports_visible_to(user)
    reports = list(visible.involving(person.pk).select_related("unit").newest_first())
    mentions = Mention.objects.filter(person=person, report__in=[r.pk for r in reports])
    identifiers = Identifier.objects.filter(person=person, mention__in=mentions)
    return PersonProfile(
        person=person,
        names=sorted({m.name for m in mentions if m.name}),
        # Values are encrypted at rest, so they sort here, once opened, not in SQL.
        identifiers=sorted(identifiers, key=lambda i: (i.type, i.value or "", i.pk)),
        reports=reports,
        roles={m.report_id: m.role for m in mentions},
    )
