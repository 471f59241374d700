"""Run every rule over a trail."""

from __future__ import annotations

from collections.abc import Iterable

from .model import Access, Alert, Staff, Subject
from .rules import RULES, Thresholds, World


def detect(
    trail: Iterable[Access],
    staff: Iterable[Staff],
    subjects: Iterable[Subject],
    thresholds: Thresholds | None = None,
) -> list[Alert]:
    """Every alert the rules raise over ``trail``, in rule order, each with its evidence."""
    world = World(
        staff={s.id: s for s in staff},
        subjects={s.id: s for s in subjects},
        thresholds=thresholds or Thresholds(),
    )
    ordered = sorted(trail, key=lambda a: a.at)
    return [alert for rule in RULES for alert in rule(world, ordered)]
