"""Linking many stored reports at once: one report (import, ``--process``) and the batch
re-link of the whole history (Splink through the engine, stable person refs).

People's decisions win over the batch: confirmed links and merges are kept as certain
pairs, and pairs a person rejected or split apart are dropped before clustering.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction

from engines.linkage import Assignment, Model, ScoredPair, cluster, record_from_json
from engines.linkage._internal.blocking import record_to_json
from mosaic.accounts.models import User
from mosaic.audit.models import Operation
from mosaic.audit.trail import write_event
from mosaic.linking.actions import _reindex, merge_people, move_mentions, report_link
from mosaic.linking.engine import current_model, own_identifiers, record_of
from mosaic.linking.models import LinkDecision, PersonChange, PersonRecord, Status
from mosaic.people.models import Person
from mosaic.reports.models import Mention, Report


def link_stored_report(*, actor: User | None, report: Report) -> None:
    """Link the people of a report that is already stored (bulk import with ``--process``)."""
    report_link(actor=actor, report=report)


@dataclass(frozen=True)
class RelinkSummary:
    records: int
    pairs_scored: int
    merges: int
    splits: int
    moved: int
    model_version: str
    reindexed: int = 0


def reindex_records() -> int:
    """Prepare every stored mention again and rebuild every person's keys, so that records
    and keys written by an older engine (other normalisation, no ``nk:`` keys, ages without
    slack) are what the current engine would write. Returns how many records changed."""
    changed, people = 0, set()
    rows = PersonRecord.objects.select_related("mention__report").order_by("pk")
    own_by_report: dict[int, set[str]] = {}
    for row in rows.iterator(chunk_size=2000):
        mention = row.mention
        if mention.report_id not in own_by_report:
            mentions = Mention.objects.filter(report_id=mention.report_id).prefetch_related(
                "identifiers"
            )
            own_by_report[mention.report_id] = own_identifiers(mentions)
        text = record_to_json(record_of(mention, own_by_report[mention.report_id]))
        if text != row.record_json:
            row.record_json = text
            row.save(update_fields=["record_json"])
            changed += 1
        people.add(row.person_id)
    for person in Person.objects.filter(pk__in=people).order_by("pk"):
        _reindex(person)
    return changed


def _previous() -> tuple[dict[str, str], dict[str, int], dict[str, Person]]:
    rows = PersonRecord.objects.select_related("person").order_by("person__created_at", "pk")
    persons: dict[str, str] = {}
    order: dict[str, int] = {}
    by_ref: dict[str, Person] = {}
    for row in rows:
        persons[str(row.mention_id)] = row.person.ref
        order.setdefault(row.person.ref, len(order))
        by_ref[row.person.ref] = row.person
    return persons, order, by_ref


def _human_pairs(persons: dict[str, str]) -> tuple[list[ScoredPair], set[frozenset[str]]]:
    """Certain pairs (confirmed links, merges) and forbidden pairs (rejections, splits)."""
    members: dict[str, list[str]] = defaultdict(list)
    for rec, ref in persons.items():
        members[ref].append(rec)
    certain: list[ScoredPair] = []
    for d in LinkDecision.objects.filter(status=Status.CONFIRMED).select_related("mention__person"):
        ref, rec = d.mention.person.ref if d.mention.person else "", str(d.mention_id)
        certain += [ScoredPair(rec, other, 1.0) for other in members.get(ref, []) if other != rec]
    forbidden: set[frozenset[str]] = set()
    for d in LinkDecision.objects.filter(status=Status.REJECTED).select_related("candidate"):
        ref = d.candidate.ref if d.candidate else ""
        forbidden |= {frozenset((str(d.mention_id), o)) for o in members.get(ref, [])}
    for change in PersonChange.objects.filter(kind=PersonChange.Kind.SPLIT):
        moved = {str(m) for m in change.mentions}
        stayed = set(members.get(change.person.ref, [])) - moved
        forbidden |= {frozenset((a, b)) for a in moved for b in stayed}
    return certain, forbidden


def _change(
    kind: str, person: Person, other: str, mentions: list[int], why: str, actor: User | None
) -> None:
    PersonChange.objects.create(
        kind=kind,
        person=person,
        other_ref=other,
        mentions=mentions,
        reason=why,
        decided_by=actor,
        source="relink",
    )


def _merges(assignment: Assignment, by_ref: dict[str, Person], actor: User | None) -> int:
    count = 0
    for d in assignment.history:
        if d.kind != "merge" or d.person_id not in by_ref:
            continue
        for old in (o for o in d.others if o in by_ref):
            moved = merge_people(by_ref[d.person_id], by_ref[old])
            _change("merge", by_ref[d.person_id], old, moved, d.reason, actor)
            count += 1
    return count


def _place(assignment: Assignment, by_ref: dict[str, Person], created: dict[str, Person]) -> int:
    """Put every mention on its person (new labels become new people); returns moves."""
    targets: dict[str, list[int]] = defaultdict(list)
    for rec, label in assignment.persons.items():
        targets[label].append(int(rec))
    moved = 0
    for label, mentions in targets.items():
        person = by_ref.get(label) or created.get(label)
        if person is None:
            first = PersonRecord.objects.select_related("mention").get(mention_id=mentions[0])
            person = created[label] = Person.objects.create(
                display_name=first.mention.label, date_of_birth=first.mention.date_of_birth
            )
        moved += len(move_mentions(person, mentions, reason=f"relink {current_model().version}"))
    return moved


def _apply(
    assignment: Assignment, by_ref: dict[str, Person], actor: User | None
) -> tuple[int, int, int]:
    """Merges first, then every mention's person, then the split records (new refs)."""
    created: dict[str, Person] = {}
    merges = _merges(assignment, by_ref, actor)
    moved = _place(assignment, by_ref, created)
    splits = 0
    for d in assignment.history:
        if d.kind == "split" and d.person_id in by_ref:
            for new in d.others:
                person = created.get(new) or by_ref.get(new)
                records = [int(r) for r in d.records]
                ref = person.ref if person else new
                _change("split", by_ref[d.person_id], ref, records, d.reason, actor)
                splits += 1
    return merges, splits, moved


@transaction.atomic
def relink_history(
    *, actor: User | None = None, model: Model | None = None, reindex: bool = False
) -> RelinkSummary:
    """Re-link every stored mention in one batch (Splink), keeping person refs stable; every
    mention that changes person gets a new decision that follows its previous one.
    ``reindex`` first prepares every mention again and rebuilds the keys (after an engine
    upgrade), inside the same transaction and audit event."""
    from engines.linkage._internal.batch import predict_pairs  # pulls in Splink: batch only

    model = model or current_model()
    reindexed = reindex_records() if reindex else 0
    persons, order, by_ref = _previous()
    records = [
        record_from_json(t)
        for t in PersonRecord.objects.order_by("pk").values_list("record_json", flat=True)
    ]
    rows = (
        predict_pairs([records], model, threshold=model.review_threshold)
        if len(records) > 1
        else []
    )
    certain, forbidden = _human_pairs(persons)
    pairs = [
        ScoredPair(str(r["unique_id_l"]), str(r["unique_id_r"]), float(r["match_probability"]))
        for r in rows
    ]
    pairs = [p for p in pairs if frozenset((p.left, p.right)) not in forbidden] + certain
    previous = Assignment(persons=persons, order=order)
    assignment = cluster(list(persons), pairs, previous, threshold=model.link_threshold)
    merges, splits, moved = _apply(assignment, by_ref, actor)
    summary = RelinkSummary(
        len(records), len(rows), merges, splits, moved, model.version, reindexed
    )
    write_event(
        actor=actor,
        operation=Operation.COMBINATION,
        action="relink",
        target_type="history",
        target_id="-",
        details=summary.__dict__,
    )
    return summary
