"""Every write of the linking app: one transaction, one audit event each.

Linking a report combines personal data from different records (DPA 2018 s.62
"combination"), so each linking action writes one combination event.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction

from engines.linkage import (
    LinkResult,
    Record,
    Score,
    best_score,
    link_record,
    normalise_name,
    record_from_json,
    record_to_json,
)
from mosaic.accounts.models import Role as UserRole
from mosaic.accounts.models import User
from mosaic.audit.models import Operation
from mosaic.audit.trail import write_event
from mosaic.linking.engine import (
    DbIndex,
    DbStore,
    current_model,
    explanation,
    generic_values,
    index_for,
    keys_of,
    own_identifiers,
    record_of,
)
from mosaic.linking.models import LinkDecision, PersonChange, PersonKey, PersonRecord, Status
from mosaic.people.models import Identifier, Person, PersonName
from mosaic.people.signals import person_merged
from mosaic.reports.models import Mention, Report, Role

REVIEWER_ROLES = frozenset(
    {UserRole.OFFICER, UserRole.INVESTIGATOR, UserRole.SUPERVISOR, UserRole.COORDINATOR}
)
MERGER_ROLES = frozenset({UserRole.SUPERVISOR, UserRole.COORDINATOR})


def attach(mention: Mention, person: Person, record: Record) -> None:
    """Put a mention (its identifiers, name and engine record) on a person, and index it."""
    mention.person = person
    mention.save(update_fields=["person"])
    Identifier.objects.filter(mention=mention).update(person=person)
    if mention.name:
        PersonName.objects.get_or_create(
            person=person, written=mention.name, defaults={"normalised": record_name(record)}
        )
    if person.date_of_birth is None and mention.date_of_birth is not None:
        person.date_of_birth = mention.date_of_birth
        person.save(update_fields=["date_of_birth"])
    PersonRecord.objects.update_or_create(
        mention=mention, defaults={"person": person, "record_json": record_json(record)}
    )
    DbIndex().add(str(person.pk), keys_of(record))


def record_name(record: Record) -> str:
    return " ".join(p for p in (record.first, record.middle, record.last) if p) or "-"


def record_json(record: Record) -> str:
    return record_to_json(record)


def _decision(
    mention: Mention, candidate: int | None, score: Score | None, status: Status, **kw: object
) -> LinkDecision:
    return LinkDecision.objects.create(
        mention=mention,
        candidate_id=candidate,
        score=score.match_weight if score else None,
        probability=score.probability if score else None,
        explanation=explanation(score),
        status=status,
        model_version=current_model().version,
        **kw,
    )


def _best_outside(result: LinkResult, exclude: set[str]) -> tuple[str, Score] | None:
    """The best candidate who is not already someone else in the same report."""
    for pid, score in result.candidates:
        if pid not in exclude:
            return pid, score
    return None


def _new_person(mention: Mention) -> Person:
    first = mention.identifiers.first()
    # The type only: the value is encrypted at rest and a display name is not (ADR 0007).
    label = mention.name or mention.description or f"Unknown ({first.type if first else '?'})"
    return Person.objects.create(display_name=label, date_of_birth=mention.date_of_birth)


def _placeholder(mention: Mention) -> bool:
    """A person made for this mention alone and never linked (bulk import stores one per
    named mention): linkage still decides who they are. An officer's named person is not."""
    pid = mention.person_id
    if pid is None:
        return False
    return not (
        PersonRecord.objects.filter(person_id=pid).exists()
        or Mention.objects.filter(person_id=pid).exclude(pk=mention.pk).exists()
    )


def _chosen(actor: User | None, mention: Mention, record: Record) -> None:
    """The officer named the person: store that with the engine's score for the reasons."""
    person = mention.person
    assert person is not None
    stored = DbStore().records_of([str(person.pk)]).get(str(person.pk), [])
    score = best_score(current_model(), record, list(stored)) if stored else None
    _decision(mention, person.pk, score, Status.CONFIRMED, decided_by=actor)
    attach(mention, person, record)


def _found(mention: Mention, pid: str) -> Person:
    """The existing person an automatic link found; an import's placeholder folds into them."""
    person = Person.objects.get(pk=int(pid))
    placeholder = mention.person
    if placeholder is not None and placeholder.pk != person.pk:
        moved = merge_people(person, placeholder)
        PersonChange.objects.create(
            kind=PersonChange.Kind.MERGE,
            person=person,
            other_ref=placeholder.ref,
            mentions=moved,
            reason="linked automatically at import",
            source="linkage",
        )
    return person


def link_mention(
    actor: User | None, mention: Mention, own: Iterable[str], exclude: set[str]
) -> None:
    """Resolve one mention: the officer's named person, an automatic link, a review-queue
    item (new person meanwhile), a new person, or (known only by an identifier that links
    nowhere) no person yet: the identifier stays on the report, findable by search."""
    record = record_of(mention, own)
    if mention.person_id is not None and not _placeholder(mention):
        _chosen(actor, mention, record)
        return
    result = link_record(
        record, index_for(record), DbStore(), current_model(), generic=generic_values()
    )
    top = _best_outside(result, exclude)
    engine_says = top[1].decision if top else "new"
    status = {"link": Status.AUTO, "review": Status.REVIEW}.get(engine_says, Status.NEW)
    named = bool(mention.name or mention.description)
    if status == Status.AUTO and top is not None:
        person = _found(mention, top[0])
    elif mention.person is not None or named or status == Status.REVIEW:
        person = mention.person or _new_person(mention)
    else:
        _decision(mention, None, top[1] if top else None, Status.NEW)
        return
    _decision(mention, int(top[0]) if top else None, top[1] if top else None, status)
    attach(mention, person, record)
    exclude.add(str(person.pk))


@transaction.atomic
def report_link(*, actor: User | None, report: Report) -> None:
    """Link every person in a freshly stored report (the first intake step).

    Victims first, so that their own identifiers are known when a suspect is linked: a
    victim's number written on a suspect never links the suspect to anyone.
    """
    mentions = list(
        Mention.objects.filter(report=report)
        .select_related("report", "address", "person")
        .prefetch_related("identifiers")
        .order_by("pk")
    )
    mentions.sort(key=lambda m: m.role != Role.VICTIM)
    own = own_identifiers(mentions)
    exclude = {str(m.person_id) for m in mentions if m.person_id is not None}
    linked = set(
        PersonRecord.objects.filter(mention__report=report).values_list("mention_id", flat=True)
    )
    # Mentions linked before (a report processed twice) keep their decisions.
    for mention in (m for m in mentions if m.pk not in linked):
        link_mention(actor, mention, own, exclude)
    decisions = LinkDecision.objects.filter(mention__report=report).select_related("mention")
    write_event(
        actor=actor,
        operation=Operation.COMBINATION,
        action="report_link",
        target_type="report",
        target_id=report.reference,
        details={
            "model_version": current_model().version,
            "decisions": [
                {"mention": d.mention_id, "status": d.status, "probability": d.probability}
                for d in decisions
            ],
        },
    )


def merge_people(survivor: Person, absorbed: Person) -> list[int]:
    """Move everything of ``absorbed`` onto ``survivor``; returns the mention ids moved."""
    moved = list(Mention.objects.filter(person=absorbed).values_list("pk", flat=True))
    Mention.objects.filter(person=absorbed).update(person=survivor)
    Identifier.objects.filter(person=absorbed).update(person=survivor)
    for name in PersonName.objects.filter(person=absorbed):
        PersonName.objects.get_or_create(
            person=survivor, written=name.written, defaults={"normalised": name.normalised}
        )
    PersonName.objects.filter(person=absorbed).delete()
    PersonRecord.objects.filter(person=absorbed).update(person=survivor)
    keys = list(PersonKey.objects.filter(person=absorbed).values_list("key", flat=True))
    PersonKey.objects.filter(person=absorbed).delete()
    DbIndex().add(str(survivor.pk), keys)
    if survivor.date_of_birth is None and absorbed.date_of_birth is not None:
        survivor.date_of_birth = absorbed.date_of_birth
        survivor.save(update_fields=["date_of_birth"])
    person_merged.send(sender=Person, survivor=survivor, absorbed=absorbed)
    return moved


def _older_first(a: Person, b: Person) -> tuple[Person, Person]:
    return (a, b) if (a.created_at, a.pk) <= (b.created_at, b.pk) else (b, a)


def _require(actor: User, roles: frozenset[str], what: str) -> None:
    if not actor.is_active or actor.role not in roles:
        raise PermissionDenied(f"your role does not {what}")


@transaction.atomic
def link_decision_confirm(*, actor: User, decision: LinkDecision, reason: str = "") -> LinkDecision:
    """Confirm a review-queue pair: the mention's person and the candidate are one person
    (the older ref survives, the other redirects to it). Stored as a label for training."""
    _require(actor, REVIEWER_ROLES, "review links")
    if not LinkDecision.objects.waiting().filter(pk=decision.pk).exists():
        raise ValueError("this decision is not waiting for review")
    mention, candidate = decision.mention, decision.candidate
    assert candidate is not None
    confirmed = _follow(actor, decision, Status.CONFIRMED, reason)
    person = mention.person
    if person is not None and person.pk != candidate.pk:
        survivor, absorbed = _older_first(candidate, person)
        moved = merge_people(survivor, absorbed)
        PersonChange.objects.create(
            kind=PersonChange.Kind.MERGE,
            person=survivor,
            other_ref=absorbed.ref,
            mentions=moved,
            reason=reason or "link confirmed in review",
            decided_by=actor,
        )
    _event(actor, Operation.COMBINATION, "link_decision_confirm", confirmed, reason)
    return confirmed


@transaction.atomic
def link_decision_reject(*, actor: User, decision: LinkDecision, reason: str) -> LinkDecision:
    """Reject a review-queue pair: they are different people (kept as a training label)."""
    _require(actor, REVIEWER_ROLES, "review links")
    if not LinkDecision.objects.waiting().filter(pk=decision.pk).exists():
        raise ValueError("this decision is not waiting for review")
    rejected = _follow(actor, decision, Status.REJECTED, reason)
    _event(actor, Operation.ALTERATION, "link_decision_reject", rejected, reason)
    return rejected


def _follow(actor: User, old: LinkDecision, status: Status, reason: str) -> LinkDecision:
    # The review outcome is a new decision that follows the old one; the old row is never
    # rewritten (the queue lists review decisions nothing follows yet).
    new = LinkDecision.objects.create(
        mention=old.mention,
        candidate=old.candidate,
        score=old.score,
        probability=old.probability,
        explanation=old.explanation,
        status=status,
        model_version=old.model_version,
        decided_by=actor,
        reason=reason,
        follows=old,
    )
    return new


def _event(actor: User, op: Operation, action: str, d: LinkDecision, reason: str) -> None:
    write_event(
        actor=actor,
        operation=op,
        action=action,
        target_type="link_decision",
        target_id=d.pk,
        reason=reason,
        details={"follows": d.follows_id, "mention": d.mention_id, "status": d.status},
    )


@transaction.atomic
def person_merge(*, actor: User, person: Person, other: Person, reason: str) -> Person:
    """Merge two people a supervisor judges to be one: the older ref survives and the other
    ref redirects to it (refs are never reused). Returns the survivor."""
    _require(actor, MERGER_ROLES, "merge people")
    if person.pk == other.pk:
        raise ValueError("a person cannot be merged with themselves")
    survivor, absorbed = _older_first(person, other)
    moved = merge_people(survivor, absorbed)
    change = PersonChange.objects.create(
        kind=PersonChange.Kind.MERGE,
        person=survivor,
        other_ref=absorbed.ref,
        mentions=moved,
        reason=reason,
        decided_by=actor,
    )
    write_event(
        actor=actor,
        operation=Operation.COMBINATION,
        action="person_merge",
        target_type="person",
        target_id=survivor.ref,
        reason=reason,
        details={"absorbed": absorbed.ref, "mentions": moved, "change": change.pk},
    )
    return survivor


@transaction.atomic
def person_split(*, actor: User, person: Person, mentions: list[Mention], reason: str) -> Person:
    """Carve the given mentions out of ``person`` into a new person (a new ref); the original
    keeps its ref and the rest. Both people's key rows are rebuilt from their records."""
    _require(actor, MERGER_ROLES, "split people")
    own = [m for m in mentions if m.person_id == person.pk]
    if not own or len(own) == Mention.objects.filter(person=person).count():
        raise ValueError("choose some, but not all, of this person's reports")
    first = own[0]
    new = Person.objects.create(display_name=first.label, date_of_birth=first.date_of_birth)
    ids = [m.pk for m in own]
    Mention.objects.filter(pk__in=ids).update(person=new)
    Identifier.objects.filter(mention__in=ids).update(person=new)
    PersonRecord.objects.filter(mention__in=ids).update(person=new)
    for who in (person, new):
        _reindex(who)
    PersonChange.objects.create(
        kind=PersonChange.Kind.SPLIT,
        person=person,
        other_ref=new.ref,
        mentions=ids,
        reason=reason,
        decided_by=actor,
    )
    write_event(
        actor=actor,
        operation=Operation.ALTERATION,
        action="person_split",
        target_type="person",
        target_id=person.ref,
        reason=reason,
        details={"new": new.ref, "mentions": ids},
    )
    return new


def _reindex(person: Person) -> None:
    """Rebuild a person's names and key rows from the records now on them."""
    PersonKey.objects.filter(person=person).delete()
    PersonName.objects.filter(person=person).delete()
    index = DbIndex()
    for name, text in PersonRecord.objects.filter(person=person).values_list(
        "mention__name", "record_json"
    ):
        index.add(str(person.pk), keys_of(record_from_json(text)))
        if name:
            normalised = normalise_name(name).value or name.lower()
            PersonName.objects.get_or_create(
                person=person, written=name, defaults={"normalised": normalised}
            )


def move_mentions(person: Person, mention_ids: list[int], *, reason: str) -> list[int]:
    """Put mentions on ``person`` (a batch re-link's outcome): each mention that changes
    person gets a new decision following its latest one; both people are re-indexed."""
    moving = list(
        Mention.objects.filter(pk__in=mention_ids).exclude(person=person).select_related("person")
    )
    if not moving:
        return []
    losers = {m.person for m in moving if m.person is not None}
    ids = [m.pk for m in moving]
    Mention.objects.filter(pk__in=ids).update(person=person)
    Identifier.objects.filter(mention__in=ids).update(person=person)
    PersonRecord.objects.filter(mention__in=ids).update(person=person)
    for mention in moving:
        latest = LinkDecision.objects.filter(mention=mention).order_by("-pk").first()
        LinkDecision.objects.create(
            mention=mention,
            candidate=person,
            status=Status.AUTO,
            model_version=current_model().version,
            reason=reason,
            follows=latest,
            explanation=latest.explanation if latest else [],
        )
    for who in {person, *losers}:
        _reindex(who)
    return ids
