"""The world: scenarios started over time and merged into one stream of reports in time order.

Memory is bounded by the number of cases *active at once* (a heap of plans), never by the
number of reports: people are derived on demand and reports are yielded as they are made.
"""

from __future__ import annotations

import datetime as dt
import heapq
import random
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from engines.synth._internal.forces import FORCES, Force
from engines.synth._internal.identity import Person, Population, make_places
from engines.synth._internal.report import ReportMaker
from engines.synth._internal.scenarios import (
    DAY,
    ONE_OFFS,
    Plan,
    plan_course,
    plan_one_off,
    plan_serial,
)

GENERATOR_VERSION = "synth-1.0"

# Share of scenarios started (not of reports): one-offs are many but one report each.
MIX: tuple[tuple[str, float], ...] = (
    ("one_off", 0.42),
    ("rejected_ex_partner", 0.18),
    ("resentful_neighbour", 0.07),
    ("intimacy_seeker", 0.06),
    ("incompetent_suitor", 0.07),
    ("predatory", 0.03),
    ("online_anonymous", 0.08),
    ("proxy", 0.04),
    ("serial", 0.05),
)
MEAN_REPORTS_PER_SCENARIO = 5.5


@dataclass(frozen=True)
class SynthConfig:
    """What world to make. Same config (and same locked dependencies) => same bytes."""

    seed: int = 1
    reports: int = 200
    people: int | None = None
    forces: int = 2
    start: dt.date = dt.date(2020, 1, 1)
    years: float = 6.0
    demo: bool = False

    def population(self) -> int:
        """Population size: given, or 240 for the demo (inside the Ofcom block), else 2x."""
        if self.people is not None:
            return self.people
        return 240 if self.demo else max(240, 2 * self.reports)

    def validate(self) -> None:
        """Raise ``ValueError`` naming the field when the config cannot make a world."""
        if self.reports < 1:
            raise ValueError("reports: must be at least 1")
        if self.people is not None and self.people < 20:
            raise ValueError("people: must be at least 20")
        if not 1 <= self.forces <= len(FORCES):
            raise ValueError(f"forces: must be between 1 and {len(FORCES)}")
        if self.years <= 0:
            raise ValueError("years: must be positive")


@dataclass
class CourseTruth:
    """Ground truth for one course of conduct, emitted when its last report has been made."""

    data: dict[str, Any]


@dataclass
class SyntheticReport:
    """One report in import format v1 (``record``) and its ground truth (``truth``)."""

    record: dict[str, Any]
    truth: dict[str, Any] = field(default_factory=dict)


class _Starter:
    """Starts scenarios one after another (a Poisson process) and plans each one."""

    def __init__(self, config: SynthConfig, pop: Population) -> None:
        self.config = config
        self.pop = pop
        self.rng = random.Random(f"{config.seed}:starter")
        start = dt.datetime.combine(config.start, dt.time(8), tzinfo=dt.UTC)
        self.t = int(start.timestamp())
        span = config.years * 365 * DAY
        self.mean_gap = span * MEAN_REPORTS_PER_SCENARIO / config.reports
        self.next_id = 1
        self.recent_suspects: deque[Person] = deque(maxlen=64)
        self.queue: list[Plan] = demo_plans(self) if config.demo else []
        # The background fills what the demo's fixed cases leave, over the same span.
        background = config.reports - sum(len(p.events) for p in self.queue)
        self.mean_gap = span * MEAN_REPORTS_PER_SCENARIO / max(1, background)

    def take(self) -> Plan:
        """The next scenario to start, in start-time order."""
        if self.queue and self.queue[0].events[0].t <= self.t:
            return self.queue.pop(0)
        self.t += int(self.rng.expovariate(1.0 / self.mean_gap)) + 1
        plan = self.plan_kind(self.pick(), self.t)
        self.recent_suspects.append(plan.suspect)
        return plan

    def peek_time(self) -> int:
        """Start time of the scenario :meth:`take` would return, without drawing it."""
        return min(self.t, self.queue[0].events[0].t) if self.queue else self.t

    def pick(self) -> str:
        roll, acc = self.rng.random(), 0.0
        for kind, weight in MIX:
            acc += weight
            if roll < acc:
                return kind
        return MIX[-1][0]

    def plan_kind(self, kind: str, t: int, **kw: Any) -> Plan:
        pid, self.next_id = self.next_id, self.next_id + 1
        rng = random.Random(f"{self.config.seed}:plan:{pid}")
        force = rng.randrange(self.config.forces)
        if kind == "serial":
            victims = kw.get("victims", rng.randint(2, 4))
            return plan_serial(rng, self.pop, pid, t, self.config.forces, victims)
        if kind == "one_off":
            sub = rng.choice(ONE_OFFS)
            namesake = rng.choice(self.recent_suspects) if self.recent_suspects else None
            return plan_one_off(rng, self.pop, pid, sub, t, force, namesake)
        return plan_course(rng, self.pop, pid, kind, t, force, **kw)


def demo_plans(starter: _Starter) -> list[Plan]:
    """The cases the demo must contain, each redrawn until it has the property asked for."""
    base = starter.t
    wanted: list[tuple[str, dict[str, Any], Any]] = [
        ("resentful_neighbour", {"size": 115, "gap_days": 14.0}, lambda p: True),
        (
            "rejected_ex_partner",
            {"size": 14, "gap_days": 12.0},
            lambda p: any(e.breach for e in p.events) and any(e.escalated for e in p.events),
        ),
        ("serial", {"victims": 3}, lambda p: len({c.force for c in p.courses}) == 2),
        (
            "online_anonymous",
            {"size": 12, "gap_days": 10.0},
            lambda p: len({e.handle_version for e in p.events}) >= 3,
        ),
    ]
    plans: list[Plan] = []
    for i, (kind, kw, ok) in enumerate(wanted):
        plan = starter.plan_kind(kind, base + (i + 1) * 20 * DAY, **kw)
        while not ok(plan):
            plan = starter.plan_kind(kind, base + (i + 1) * 20 * DAY, **kw)
        plans.append(plan)
    return plans


def generate_world(config: SynthConfig) -> Iterator[SyntheticReport | CourseTruth]:
    """Every report in time order, and each course's truth as soon as its last report is made."""
    config.validate()
    pop = Population(config.seed, config.population(), make_places(config.seed))
    forces: tuple[Force, ...] = FORCES[: config.forces]
    maker = ReportMaker(config.seed, pop, forces)
    starter = _Starter(config, pop)
    heap: list[tuple[int, int, Plan]] = []
    made = 0
    while made < config.reports:
        while not heap or starter.peek_time() <= heap[0][0]:
            plan = starter.take()
            heapq.heappush(heap, (plan.events[0].t, plan.plan_id, plan))
        _, _, plan = heapq.heappop(heap)
        yield maker.make(plan, plan.events[plan.next_event])
        made += 1
        plan.next_event += 1
        if plan.next_event < len(plan.events):
            heapq.heappush(heap, (plan.events[plan.next_event].t, plan.plan_id, plan))
        else:
            yield from _course_truths(plan, forces)
    for _, _, plan in sorted(heap, key=lambda item: item[1]):
        yield from _course_truths(plan, forces)


def _course_truths(plan: Plan, forces: tuple[Force, ...]) -> Iterator[CourseTruth]:
    if plan.kind.startswith("one_off"):
        return
    for course in plan.courses:
        if not course.refs:
            continue
        yield CourseTruth(
            {
                "course_id": course.course_id,
                "series_id": f"S{plan.plan_id:08d}",
                "scenario": plan.kind,
                "relationship": plan.relationship,
                "suspect_person_id": f"P{plan.suspect.pid}",
                "victim_person_id": f"P{course.victim.pid}",
                "proxy_person_ids": [f"P{p}" for p in course.proxies],
                "force_code": forces[course.force].code,
                "report_refs": course.refs,
                "escalation_ref": course.escalation_ref,
                "breach_refs": course.breach_refs,
                "order_refs": course.order_refs,
            }
        )
