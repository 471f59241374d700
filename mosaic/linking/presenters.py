"""Linking as a user may see it: previews before saving, links on a report, a person's
suggestions. Only what the user's visible reports disclose; the rest is a bare count."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from engines.linkage import Score, link_record, normalise, prepare
from mosaic.accounts.models import User
from mosaic.linking.access import decisions_visible_to
from mosaic.linking.engine import (
    DbStore,
    current_model,
    explanation,
    generic_values,
    index_for,
)
from mosaic.linking.models import LinkDecision, PersonChange
from mosaic.linking.protect import protect
from mosaic.people.models import Person
from mosaic.reports.access import reports_visible_to
from mosaic.reports.models import Mention, Report, Role
from mosaic.reports.schemas import PersonIn, ReportIn

BANDS = {"link": "likely the same person", "review": "possibly the same person"}


@dataclass
class Match:
    """One candidate person for one person in the report being written."""

    person: Person
    probability: float
    band: str
    explanation: list[dict[str, object]]
    reports: list[Report]
    other_victims: list[str]


@dataclass
class PersonPreview:
    role: str
    label: str
    matches: list[Match] = field(default_factory=list)
    hidden_reports: int = 0

    @property
    def earlier_reports(self) -> int:
        return len(self.matches[0].reports) if self.matches else 0


def _fields(p: PersonIn) -> dict[str, list[str] | str]:
    fields: dict[str, list[str] | str] = {
        "full_name": p.name,
        "date_of_birth": p.date_of_birth,
        "age": "" if p.age is None else str(p.age),
        "postcode": p.address.postcode if p.address else "",
        "street_address": p.address.address if p.address else "",
    }
    for kind in ("phone", "email", "handle", "vehicle", "device"):
        fields[kind] = [i.value for i in p.identifiers if i.type == kind]
    return fields


def _own(data: ReportIn) -> set[str]:
    values = (
        normalise(i.type, i.value, platform=i.platform)
        for p in data.people
        for i in p.identifiers
        if p.role == Role.VICTIM
    )
    return {n.value for n in values if n.value}


def _victims(reports: list[Report], exclude: set[int]) -> list[str]:
    names = {
        m.person.display_name if m.person else m.label
        for r in reports
        for m in r.mentions.all()
        if m.role == Role.VICTIM and m.person_id not in exclude
    }
    return sorted(names)


def _match(user: User, pid: str, score: Score, exclude: set[int]) -> tuple[Match | None, int]:
    everything = Report.objects.involving(int(pid))
    visible = list(
        reports_visible_to(user)
        .select_related("unit")
        .filter(pk__in=everything.values("pk"))
        .newest_first()
        .prefetch_related("mentions__person")
    )
    hidden = everything.count() - len(visible)
    if not visible:
        return None, hidden
    band = BANDS.get(score.decision, "a weaker match: similar name or details")
    person = Person.objects.get(pk=int(pid))
    others = _victims(visible, exclude | {person.pk})  # a victim is not their own "other"
    return Match(person, score.probability, band, explanation(score), visible, others), hidden


def preview_person(user: User, data: ReportIn, p: PersonIn, exclude: set[int]) -> PersonPreview:
    """Who this person may be, before anything is saved (the engine reads the index only)."""
    record = protect(
        prepare(
            _fields(p),
            report_date=data.occurred_from.date(),
            generic=generic_values(),
            own_identifiers=set() if p.role == Role.VICTIM else _own(data),
        )
    )
    result = link_record(
        record, index_for(record), DbStore(), current_model(), generic=generic_values()
    )
    floor = settings.MOSAIC_LINKAGE_SUGGEST_FLOOR
    preview = PersonPreview(role=p.role, label=p.name or p.description or "Unknown")
    for pid, score in result.candidates[:5]:
        if score.probability < floor or int(pid) in exclude:
            continue
        match, hidden = _match(user, pid, score, exclude)
        preview.hidden_reports += hidden
        if match is not None:
            preview.matches.append(match)
    return preview


def preview_report(user: User, data: ReportIn) -> list[PersonPreview]:
    """Each person in a report being written with the earlier reports they may appear in.

    Victims first: the victim's closest match on file is not counted among a suspect's
    "other victims".
    """
    people = sorted(data.people, key=lambda p: p.role != Role.VICTIM)
    exclude: set[int] = set()
    previews = []
    for p in people:
        preview = preview_person(user, data, p, exclude)
        if p.role == Role.VICTIM and preview.matches:
            # The victim's closest match is most likely this victim: not an "other" victim.
            exclude.add(preview.matches[0].person.pk)
        previews.append(preview)
    return previews


@dataclass
class MentionLink:
    decision: LinkDecision
    earlier: list[Report]


def report_links(user: User, report: Report) -> dict[int, MentionLink]:
    """The latest link decision of each mention in a report, with the person's other reports."""
    decisions = (
        decisions_visible_to(user)
        .filter(mention__report=report)
        .select_related("candidate", "mention__person")
        .order_by("pk")
    )
    latest = {d.mention_id: d for d in decisions}
    links: dict[int, MentionLink] = {}
    for mention_id, d in latest.items():
        person = d.mention.person
        visible = reports_visible_to(user).select_related("unit")
        earlier = (
            list(visible.involving(person.pk).exclude(pk=report.pk).newest_first())
            if person
            else []
        )
        links[mention_id] = MentionLink(d, earlier)
    return links


@dataclass
class PersonLinking:
    decisions: list[LinkDecision]
    suggestions: list[LinkDecision]
    changes: list[PersonChange]
    mentions: list[Mention]


def person_linking(user: User, person: Person) -> PersonLinking:
    """How a person was put together: link decisions on their mentions, review-band
    "possible same person" suggestions, merges and splits."""
    visible = decisions_visible_to(user).select_related("candidate", "mention__report")
    mine = list(visible.filter(mention__person=person).order_by("-pk"))
    suggestions = list(
        visible.waiting().filter(mention__person=person)
        | visible.waiting().filter(candidate=person)
    )
    changes = list(PersonChange.objects.filter(person=person).order_by("-decided_at"))
    mentions = list(
        Mention.objects.filter(
            person=person, report__in=reports_visible_to(user).values("pk")
        ).select_related("report")
    )
    return PersonLinking(mine, suggestions, changes, mentions)
