"""Linking one new record against everyone on file: retrieve, suppress, score, decide."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from engines.linkage._internal.blocking import (
    CandidateIndex,
    blocking_keys,
    find_candidates,
    suppress,
)
from engines.linkage._internal.generic import DEFAULT_GENERIC, GenericValues
from engines.linkage._internal.model import Model
from engines.linkage._internal.record import Record
from engines.linkage._internal.score import Decision, Score, best_score


class RecordStore(Protocol):
    """Where the app keeps the records of each person."""

    def records_of(self, person_ids: Sequence[str]) -> Mapping[str, Sequence[Record]]:
        """The stored records of each person id."""


@dataclass(frozen=True, slots=True)
class LinkResult:
    """The outcome for one new record: the decision, the best person, every candidate's score."""

    record_id: str
    decision: Decision
    person_id: str | None
    best: Score | None
    candidates: tuple[tuple[str, Score], ...]
    too_common_keys: tuple[str, ...]
    model_version: str


def link_record(
    record: Record,
    index: CandidateIndex,
    store: RecordStore,
    model: Model,
    *,
    generic: GenericValues = DEFAULT_GENERIC,
    max_per_key: int = 50,
) -> LinkResult:
    """Find, score and decide for one record. ``person_id`` is set for "link" and "review"."""
    found = find_candidates(
        index,
        blocking_keys(record),
        max_per_key=max_per_key,
        max_per_identifier=generic.max_persons_per_identifier,
    )
    clean = suppress(record, found.too_common)
    scored: list[tuple[str, Score]] = []
    for pid, recs in store.records_of(list(found.person_ids)).items():
        best = best_score(model, clean, [suppress(r, found.too_common) for r in recs])
        if best is not None:
            scored.append((pid, best))
    scored.sort(key=lambda ps: ps[1].match_weight, reverse=True)
    top = scored[0] if scored else None
    decision: Decision = top[1].decision if top else "new"
    return LinkResult(
        record_id=record.record_id,
        decision=decision,
        person_id=top[0] if top and decision != "new" else None,
        best=top[1] if top else None,
        candidates=tuple(scored),
        too_common_keys=found.too_common,
        model_version=model.version,
    )
