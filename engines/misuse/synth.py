"""A synthetic force for measuring the misuse rules: benign staff, plus seeded misuse.

Benign staff read their own cases, read other records under a task, occasionally read
something unrelated without one, work a little overtime, reveal details on their own cases and
export modest lists. Each seeded scenario makes one member of staff do one kind of misuse.
Everything is drawn from a seeded ``random.Random``: the same seed gives the same world.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from ._internal.model import Access, Staff, Subject

START = datetime(2026, 9, 1, tzinfo=UTC)
SHIFTS = [(7, 17), (14, 0), (22, 8)]
KINDS = (
    "same_address",
    "same_surname",
    "unrelated_victims",
    "after_closure",
    "off_shift_bulk",
    "reveal_without_task",
    "unusual_export",
)
_SYLLABLES = ["ash", "brook", "car", "dun", "el", "fair", "gar", "hol", "kel", "lin", "mor"]
_ENDINGS = ["ton", "ley", "well", "more", "by", "field", "ham", "wood", "stead", "worth"]


@dataclass(frozen=True)
class Scenario:
    kind: str
    actor: str
    accesses: tuple[Access, ...]


@dataclass
class SynthWorld:
    staff: list[Staff]
    subjects: list[Subject]
    trail: list[Access]
    scenarios: list[Scenario]


def _surnames(rng: random.Random) -> tuple[list[str], list[float]]:
    names = sorted({a.title() + b for a in _SYLLABLES for b in _ENDINGS})
    rng.shuffle(names)
    weights = [1 / (rank + 1) for rank in range(len(names))]  # Zipf: a few very common names
    return names, weights


def _postcode(rng: random.Random) -> str:
    return f"NB{rng.randint(1, 40)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}A"


def _cases(
    rng: random.Random, n_cases: int, names: list[str], weights: list[float]
) -> list[Subject]:
    subjects = []
    for c in range(n_cases):
        closed = START - timedelta(days=rng.randint(30, 400)) if rng.random() < 0.4 else None
        for role in ("victim", "suspect", "witness")[: rng.randint(2, 3)]:
            subjects.append(
                Subject(
                    id=f"P{c:05d}{role[0]}",
                    surname=rng.choices(names, weights)[0],
                    postcodes=frozenset({_postcode(rng)}),
                    role=role,
                    case=f"C{c:05d}",
                    case_closed_at=closed,
                )
            )
    return subjects


def _staff(
    rng: random.Random, n: int, names: list[str], weights: list[float], open_cases: list[str]
) -> list[Staff]:
    people = []
    for i in range(n):
        start, end = rng.choice(SHIFTS)
        people.append(
            Staff(
                id=f"S{i:04d}",
                surname=rng.choices(names, weights)[0],
                home_postcode=_postcode(rng),
                shift_start_hour=start,
                shift_end_hour=end,
                assigned_cases=frozenset(rng.sample(open_cases, 12)),
            )
        )
    return people


def _at(rng: random.Random, day: datetime, hour: int) -> datetime:
    return day + timedelta(hours=hour % 24, minutes=rng.randint(0, 59), seconds=rng.randint(0, 59))


def _benign_day(
    rng: random.Random,
    s: Staff,
    day: datetime,
    by_case: dict[str, list[Subject]],
    everyone: list[Subject],
) -> list[Access]:
    shift_hours = [(s.shift_start_hour + h) % 24 for h in range(9)]
    out = []
    mine = [p for c in s.assigned_cases for p in by_case[c]]
    for _ in range(rng.randint(15, 30)):
        at = _at(rng, day, rng.choice(shift_hours))
        if rng.random() < 0.85:
            p = rng.choice(mine)
            out.append(Access(at, s.id, "read", p.id, p.case))
        else:
            p = rng.choice(everyone)
            out.append(Access(at, s.id, "read", p.id, p.case, task=f"T{rng.randint(1, 99999)}"))
    if rng.random() < 0.1:
        # An unrelated look-up with no task happens (a colleague's live case); closed cases are
        # consulted under a task (court, review), which is the assumption after_closure makes.
        p = rng.choice([q for q in rng.sample(everyone, 20) if q.case_closed_at is None] or mine)
        out.append(Access(_at(rng, day, rng.choice(shift_hours)), s.id, "read", p.id, p.case))
    for _ in range(rng.randint(0, 4)):  # overtime: a few reads just after the shift
        p = rng.choice(mine)
        out.append(Access(_at(rng, day, s.shift_end_hour), s.id, "read", p.id, p.case))
    for _ in range(rng.randint(0, 2)):
        p = rng.choice([m for m in mine if m.role == "victim"] or mine)
        out.append(Access(_at(rng, day, rng.choice(shift_hours)), s.id, "reveal", p.id, p.case))
    if rng.random() < 0.2:
        out.append(
            Access(_at(rng, day, rng.choice(shift_hours)), s.id, "export", rows=rng.randint(5, 60))
        )
    return out


def world(
    seed: int = 1, n_staff: int = 400, days: int = 28, per_kind: int = 5, n_cases: int = 3000
) -> SynthWorld:
    """A benign month for ``n_staff`` staff, with ``per_kind`` seeded scenarios of each kind."""
    rng = random.Random(seed)
    names, weights = _surnames(rng)
    subjects = _cases(rng, n_cases, names, weights)
    open_cases = sorted({p.case for p in subjects if p.case_closed_at is None})
    staff = _staff(rng, n_staff, names, weights, open_cases)
    by_case: dict[str, list[Subject]] = {}
    for p in subjects:
        by_case.setdefault(p.case, []).append(p)
    trail = []
    for s in staff:
        for d in range(days):
            if rng.random() < 5 / 7:
                trail += _benign_day(rng, s, START + timedelta(days=d), by_case, subjects)
    actors = rng.sample(range(n_staff), per_kind * len(KINDS))
    scenarios = []
    for i, kind in enumerate(k for k in KINDS for _ in range(per_kind)):
        staff, scenario, extra = _seed(rng, kind, staff, actors[i], subjects, days)
        subjects += extra
        scenarios.append(scenario)
        trail += scenario.accesses
    return SynthWorld(staff=staff, subjects=subjects, trail=trail, scenarios=scenarios)


def _seed(
    rng: random.Random,
    kind: str,
    staff: list[Staff],
    index: int,
    subjects: list[Subject],
    days: int,
) -> tuple[list[Staff], Scenario, list[Subject]]:
    s = staff[index]
    day = START + timedelta(days=rng.randint(0, days - 1))
    on = _at(rng, day, s.shift_start_hour + 2)
    unrelated = [p for p in subjects if p.case not in s.assigned_cases]
    extra: list[Subject] = []
    if kind == "same_address":  # an ex-partner who has moved; the officer lives nearby
        target = Subject(
            f"X{index}a", "Quinlan", frozenset({s.home_postcode}), "victim", f"X{index}"
        )
        extra, accesses = [target], [Access(on, s.id, "read", target.id, target.case)]
    elif kind == "same_surname":  # a relative: the member of staff has an uncommon surname
        surname = f"Zeal{index}"
        s = replace(s, surname=surname)
        staff = [*staff[:index], s, *staff[index + 1 :]]
        target = Subject(f"X{index}s", surname, frozenset({_postcode(rng)}), "suspect", f"X{index}")
        extra, accesses = [target], [Access(on, s.id, "read", target.id, target.case)]
    elif kind == "unrelated_victims":
        victims = rng.sample([p for p in unrelated if p.role == "victim"], rng.randint(12, 25))
        accesses = [
            Access(on + timedelta(minutes=i), s.id, "read", p.id, p.case)
            for i, p in enumerate(victims)
        ]
    elif kind == "after_closure":
        p = rng.choice([p for p in subjects if p.case_closed_at is not None])
        accesses = [Access(on, s.id, "read", p.id, p.case)]
    elif kind == "off_shift_bulk":
        night = day + timedelta(hours=(s.shift_start_hour + 12) % 24)
        targets = rng.sample(unrelated, rng.randint(20, 40))
        accesses = [
            Access(night + timedelta(seconds=60 * i), s.id, "read", p.id, p.case, task="T1")
            for i, p in enumerate(targets)
        ]
    elif kind == "reveal_without_task":
        p = rng.choice([p for p in unrelated if p.role == "victim"])
        accesses = [Access(on, s.id, "reveal", p.id, p.case)]
    else:
        accesses = [Access(on, s.id, "export", rows=rng.randint(800, 5000))]
    return staff, Scenario(kind, s.id, tuple(accesses)), extra
