"""Fellegi–Sunter scoring of a pair, with a per-field explanation for a waterfall chart."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from engines.linkage._internal.compare import level_index, values
from engines.linkage._internal.model import Comparison, Model
from engines.linkage._internal.record import Record

Status = Literal["agree", "partial", "disagree", "missing"]
Decision = Literal["link", "review", "new"]


@dataclass(frozen=True, slots=True)
class FieldExplanation:
    """How one field contributed: its level, and the weight it added (bits, log2 m/u)."""

    field: str
    status: Status
    level: str
    weight: float
    m: float | None
    u: float | None
    left: str
    right: str


@dataclass(frozen=True, slots=True)
class Score:
    """A scored pair: match weight (bits), probability, decision and its explanation.

    ``prior_weight + sum(f.weight for f in fields) == match_weight`` (the waterfall).
    """

    left_id: str
    right_id: str
    match_weight: float
    probability: float
    decision: Decision
    prior_weight: float
    fields: tuple[FieldExplanation, ...]
    model_version: str


def probability_from_weight(weight: float) -> float:
    """Match probability from a match weight in bits (numerically safe at the extremes)."""
    if weight > 60:
        return 1.0
    if weight < -60:
        return 0.0
    odds = math.pow(2.0, weight)
    return odds / (1.0 + odds)


def decide(model: Model, probability: float) -> Decision:
    """Auto-link at or above the link threshold, review between, new person below."""
    if probability >= model.link_threshold:
        return "link"
    if probability >= model.review_threshold:
        return "review"
    return "new"


def _explain(comp: Comparison, left: Record, right: Record) -> FieldExplanation:
    shown = (values(comp.field, left), values(comp.field, right))
    idx = level_index(comp.field, comp.levels, left, right)
    if idx < 0:
        return FieldExplanation(comp.field, "missing", "missing", 0.0, None, None, *shown)
    lv = comp.levels[idx]
    status: Status = "agree" if idx == 0 else "disagree" if lv.kind == "else" else "partial"
    return FieldExplanation(comp.field, status, lv.label, lv.weight, lv.m, lv.u, *shown)


def score_pair(model: Model, left: Record, right: Record) -> Score:
    """Score two records under ``model`` and explain each field."""
    parts = tuple(_explain(comp, left, right) for comp in model.comparisons)
    total = model.prior_weight + sum(p.weight for p in parts)
    probability = probability_from_weight(total)
    return Score(
        left_id=left.record_id,
        right_id=right.record_id,
        match_weight=total,
        probability=probability,
        decision=decide(model, probability),
        prior_weight=model.prior_weight,
        fields=parts,
        model_version=model.version,
    )


def match_weight(model: Model, left: Record, right: Record) -> float:
    """The match weight alone (no explanation): the bulk path's inner loop."""
    total = model.prior_weight
    for comp in model.comparisons:
        idx = level_index(comp.field, comp.levels, left, right)
        if idx >= 0:
            total += comp.levels[idx].weight
    return total


def best_score(model: Model, record: Record, person_records: Iterable[Record]) -> Score | None:
    """The highest-scoring pair between ``record`` and any record of one person."""
    best: Score | None = None
    for other in person_records:
        scored = score_pair(model, record, other)
        if best is None or scored.match_weight > best.match_weight:
            best = scored
    return best
