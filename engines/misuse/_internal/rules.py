"""The misuse rules. Each reads the whole trail and returns alerts with their evidence.

Thresholds are data (``Thresholds``) so a force can tune them and the alert records them.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta

from .model import Access, Alert, Staff, Subject


@dataclass(frozen=True)
class Thresholds:
    rare_surname_share: float = 0.005  # surnames shared by more people are not a signal alone
    unrelated_victims_per_day: int = 8
    closed_grace: timedelta = timedelta(days=14)
    off_shift_bulk: int = 15  # reads within one hour outside the shift
    export_min_rows: int = 200
    export_multiple: float = 5.0


@dataclass(frozen=True)
class World:
    staff: dict[str, Staff]
    subjects: dict[str, Subject]
    thresholds: Thresholds

    def related(self, access: Access) -> bool:
        """Whether an access is explained by the actor's assigned cases or a recorded task."""
        staff = self.staff.get(access.actor)
        assigned = staff is not None and access.case in staff.assigned_cases
        return assigned or bool(access.task)


Rule = Callable[[World, list[Access]], Iterable[Alert]]


def same_surname_or_address(world: World, trail: list[Access]) -> Iterable[Alert]:
    """Looking up someone at one's own home postcode, or with one's own (rare) surname."""
    counts = Counter(s.surname.lower() for s in world.subjects.values())
    total = max(1, len(world.subjects))
    for access in trail:
        staff, subject = world.staff.get(access.actor), world.subjects.get(access.subject or "")
        if staff is None or subject is None or world.related(access):
            continue
        if staff.home_postcode in subject.postcodes:
            why = f"looked up {subject.id}, linked to their own home postcode, with no task"
            yield Alert("same_address", staff.id, why, (access,))
        elif staff.surname.lower() == subject.surname.lower() and (
            counts[subject.surname.lower()] / total <= world.thresholds.rare_surname_share
        ):
            why = f"looked up {subject.id}, who shares their uncommon surname, with no task"
            yield Alert("same_surname", staff.id, why, (access,))


def browsing_unrelated_victims(world: World, trail: list[Access]) -> Iterable[Alert]:
    """Many different victims a day outside one's own cases and tasks."""
    seen: dict[tuple[str, object], dict[str, Access]] = defaultdict(dict)
    for access in trail:
        subject = world.subjects.get(access.subject or "")
        if subject is None or subject.role != "victim" or world.related(access):
            continue
        seen[(access.actor, access.at.date())].setdefault(subject.id, access)
    for (actor, day), victims in seen.items():
        if len(victims) > world.thresholds.unrelated_victims_per_day:
            why = f"read {len(victims)} unrelated victims on {day}"
            yield Alert("unrelated_victims", actor, why, tuple(victims.values()))


def access_after_closure(world: World, trail: list[Access]) -> Iterable[Alert]:
    """Reading a closed case well after it closed, with no task."""
    for access in trail:
        subject = world.subjects.get(access.subject or "")
        closed = subject.case_closed_at if subject else None
        if closed is None or access.task or access.at <= closed + world.thresholds.closed_grace:
            continue
        why = f"read {subject.case} {(access.at - closed).days} days after it closed, no task"  # type: ignore[union-attr]
        yield Alert("after_closure", access.actor, why, (access,))


def off_shift_bulk(world: World, trail: list[Access]) -> Iterable[Alert]:
    """Many reads within an hour outside one's shift."""
    buckets: dict[tuple[str, object], list[Access]] = defaultdict(list)
    for access in trail:
        staff = world.staff.get(access.actor)
        if staff is not None and access.action == "read" and not staff.on_shift(access.at):
            buckets[(access.actor, access.at.replace(minute=0, second=0, microsecond=0))].append(
                access
            )
    for (actor, hour), accesses in buckets.items():
        if len(accesses) >= world.thresholds.off_shift_bulk:
            why = f"{len(accesses)} reads off shift in the hour from {hour:%Y-%m-%d %H:00}"
            yield Alert("off_shift_bulk", actor, why, tuple(accesses))


def reveal_without_task(world: World, trail: list[Access]) -> Iterable[Alert]:
    """A protected detail revealed with neither an assigned case nor a task."""
    for access in trail:
        if access.action == "reveal" and not world.related(access):
            why = f"revealed a protected detail of {access.subject} with no task or case"
            yield Alert("reveal_without_task", access.actor, why, (access,))


def unusual_export(world: World, trail: list[Access]) -> Iterable[Alert]:
    """An export far larger than the person's usual ones."""
    history: dict[str, list[int]] = defaultdict(list)
    t = world.thresholds
    for access in sorted((a for a in trail if a.action == "export"), key=lambda a: a.at):
        past = history[access.actor]
        usual = statistics.median(past) if past else 0
        if access.rows >= max(t.export_min_rows, t.export_multiple * usual):
            why = f"exported {access.rows} rows; usually {usual:g}"
            yield Alert("unusual_export", access.actor, why, (access,))
        past.append(access.rows)


RULES: tuple[Rule, ...] = (
    same_surname_or_address,
    browsing_unrelated_victims,
    access_after_closure,
    off_shift_bulk,
    reveal_without_task,
    unusual_export,
)
