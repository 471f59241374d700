"""Scenario planners: who stalks whom, how often, how it escalates, and when orders are made.

Each planner returns a :class:`Plan`, a small list of :class:`Event` specs in time order. The
world turns each event into a report (``world.py``). Typology after the Stalking Risk Profile
(rejected, resentful, intimacy seeking, incompetent suitor, predatory), plus online, serial and
proxy stalking; tempo and escalation are drawn per case (DOMAIN.md §1, §4).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from engines.synth._internal.identity import Person, Population

DAY = 86_400

# kind -> (relationship, early behaviours, late behaviours, early cues, late cues)
PROFILES: dict[
    str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]
] = {
    "rejected_ex_partner": (
        ("former_intimate_partner",),
        ("contacting", "uninvited_visit", "third_party_contact", "monitoring_online"),
        ("loitering", "following", "interfering_with_property", "watching_spying", "hacking"),
        ("separation", "victim_very_frightened", "substance_misuse"),
        (
            "threat_to_kill",
            "threat_of_violence",
            "physical_violence",
            "strangulation",
            "weapon",
            "victim_changed_behaviour",
            "suicide_threat",
            "escalation",
        ),
    ),
    "resentful_neighbour": (
        ("neighbour",),
        ("interfering_with_property", "vexatious_process", "contacting", "watching_spying"),
        ("loitering", "watching_spying", "third_party_contact", "interfering_with_property"),
        ("victim_very_frightened",),
        ("threat_of_violence", "victim_changed_behaviour", "weapon", "escalation"),
    ),
    "intimacy_seeker": (
        ("stranger", "acquaintance", "colleague"),
        ("unsolicited_gifts", "contacting", "monitoring_online"),
        ("uninvited_visit", "following", "third_party_contact", "loitering"),
        ("victim_very_frightened",),
        ("suicide_threat", "victim_changed_behaviour", "escalation"),
    ),
    "incompetent_suitor": (
        ("acquaintance", "colleague", "stranger"),
        ("contacting", "unsolicited_gifts"),
        ("uninvited_visit", "third_party_contact"),
        (),
        ("victim_very_frightened",),
    ),
    "predatory": (
        ("stranger",),
        ("watching_spying", "following"),
        ("loitering", "monitoring_online", "following"),
        ("victim_very_frightened",),
        ("threat_sexual_violence", "victim_changed_behaviour", "escalation"),
    ),
    "online_anonymous": (
        ("unknown", "online_only"),
        ("contacting", "monitoring_online", "publishing"),
        ("hacking", "identity_misuse", "third_party_contact", "publishing"),
        ("victim_very_frightened",),
        ("threat_to_share_images", "threat_of_violence", "victim_changed_behaviour", "escalation"),
    ),
    "proxy": (
        ("former_intimate_partner",),
        ("contacting", "third_party_contact", "uninvited_visit"),
        ("loitering", "following", "third_party_contact"),
        ("separation",),
        ("recruits_others", "threat_of_violence", "victim_very_frightened", "escalation"),
    ),
}
ORDER_TYPES = (
    "restraining_order",
    "stalking_protection_order",
    "interim_stalking_protection_order",
    "non_molestation_order",
    "bail_conditions",
)
ONE_OFFS = ("road_rage", "neighbour_noise", "rude_message", "namesake", "generic_number")


@dataclass(slots=True)
class OrderSpec:
    """An order made after one event of a course."""

    ref: str
    type: str
    valid_from: int
    valid_to: int | None


@dataclass(slots=True)
class Event:
    """One future report of a plan."""

    t: int
    course: int
    behaviours: tuple[str, ...]
    cues: tuple[str, ...]
    escalated: bool = False
    breach: OrderSpec | None = None
    order: OrderSpec | None = None
    proxy: Person | None = None
    phone_version: int = 0
    handle_version: int = 0
    suspect_named: bool = True
    other_force: bool = False
    phone_changed: bool = False
    handle_changed: bool = False


@dataclass(slots=True)
class Course:
    """The truth of one course of conduct (one victim, one suspect)."""

    course_id: str
    victim: Person
    force: int
    surname_change_at: int | None = None
    escalation_ref: str | None = None
    refs: list[str] = field(default_factory=list)
    breach_refs: list[str] = field(default_factory=list)
    order_refs: list[str] = field(default_factory=list)
    proxies: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Plan:
    """A scenario: its suspect, its courses, and its events in time order."""

    plan_id: int
    kind: str
    relationship: str
    suspect: Person
    courses: list[Course]
    events: list[Event]
    next_event: int = 0


_TUPLES: dict[tuple[str, ...], tuple[str, ...]] = {}


def _shared(codes: set[str]) -> tuple[str, ...]:
    """One shared tuple per combination of codes: many open cases, few distinct tuples."""
    key = tuple(sorted(codes))
    return _TUPLES.setdefault(key, key)


def tempo(rng: random.Random, start: int, n: int, mean_gap_days: float) -> list[int]:
    """Event times: gaps shrink after an escalation point, with the occasional quiet spell."""
    times, t = [], start
    esc_at = rng.randint(n // 3, max(n // 3, n - 1)) if n > 2 else n
    for i in range(n):
        times.append(t)
        gap = rng.expovariate(1.0 / mean_gap_days) * DAY
        if i >= esc_at:
            gap *= 0.35
        if rng.random() < 0.06:
            gap += rng.randint(40, 120) * DAY
        t += int(gap) + rng.randint(600, 8 * 3600)
    return times


def _events_for(
    rng: random.Random, kind: str, course: int, times: list[int], order_ref: str | None
) -> list[Event]:
    _, early, late, cues_e, cues_l = PROFILES[kind]
    n = len(times)
    esc = max(1, int(n * rng.uniform(0.4, 0.75))) if n > 2 else n
    order_at = rng.randint(max(1, n // 3), max(1, n - 2)) if order_ref and n >= 4 else None
    events: list[Event] = []
    order: OrderSpec | None = None
    for i, t in enumerate(times):
        late_stage = i >= esc
        pool = late if late_stage else early
        beh = _shared(set(rng.sample(pool, k=min(len(pool), rng.randint(1, 2)))))
        cpool = cues_l if late_stage else cues_e
        cues = _shared(set(rng.sample(cpool, k=min(len(cpool), rng.randint(0, 2)))))
        ev = Event(t, course, beh, cues, escalated=(i == esc))
        if order is not None and t >= order.valid_from and rng.random() < 0.7:
            ev.breach = order
            ev.cues = _shared({*ev.cues, "breach_of_order"})
        if i == order_at and order_ref:
            kind_o = rng.choice(ORDER_TYPES)
            span = {"bail_conditions": 90, "interim_stalking_protection_order": 120}.get(kind_o)
            start = t + rng.randint(1, 14) * DAY
            end = start + (span or rng.randint(730, 1460)) * DAY
            order = ev.order = OrderSpec(order_ref, kind_o, start, end)
        events.append(ev)
    return events


def plan_course(
    rng: random.Random,
    pop: Population,
    plan_id: int,
    kind: str,
    start: int,
    force: int,
    size: int | None = None,
    gap_days: float | None = None,
) -> Plan:
    """A single-victim course of conduct of the given kind (``size`` reports if given)."""
    rel = rng.choice(PROFILES[kind][0])
    sizes = {
        "resentful_neighbour": (6, 60),
        "rejected_ex_partner": (3, 30),
        "online_anonymous": (4, 24),
        "proxy": (4, 18),
    }
    lo, hi = sizes.get(kind, (2, 10))
    n = size or min(hi, lo + int(rng.expovariate(1 / ((hi - lo) / 3))))
    gap = gap_days or (30.0 if kind == "resentful_neighbour" else 9.0)
    victim_sex = "F" if rng.random() < 0.8 else None
    victim = pop.draw(rng, victim_sex)
    suspect = pop.draw(rng, "M" if rng.random() < 0.8 else None)
    cid = f"C{plan_id:08d}"
    with_order = kind in ("rejected_ex_partner", "proxy", "predatory") and rng.random() < 0.55
    events = _events_for(
        rng, kind, 0, tempo(rng, start, n, gap), f"ORD-{plan_id:08d}-1" if with_order else None
    )
    course = Course(cid, victim, force)
    _noise_course(rng, pop, kind, course, events)
    return Plan(plan_id, kind, rel, suspect, [course], events)


def _noise_course(
    rng: random.Random, pop: Population, kind: str, course: Course, events: list[Event]
) -> None:
    """New numbers and handles over time, surname changes, proxies, reports in other forces."""
    phone_v, handle_v = 0, 0
    if rng.random() < 0.25 and len(events) > 2:
        course.surname_change_at = events[rng.randrange(1, len(events))].t
    proxies = [pop.draw(rng) for _ in range(2)] if kind == "proxy" else []
    for i, ev in enumerate(events):
        if i and rng.random() < (0.15 if kind != "online_anonymous" else 0.35):
            phone_v += 1
            ev.phone_changed = True
        if kind == "online_anonymous" and i and rng.random() < 0.45:
            handle_v += 1
            ev.handle_changed = True
        ev.phone_version, ev.handle_version = phone_v, handle_v
        ev.suspect_named = kind != "online_anonymous" or (i == len(events) - 1 and i > 3)
        ev.other_force = rng.random() < 0.07
        # Orders are made against the stalker, never against a recruited proxy.
        if proxies and ev.order is None and rng.random() < 0.4:
            ev.proxy = rng.choice(proxies)
            ev.cues = _shared({*ev.cues, "recruits_others"})
    course.proxies = [p.pid for p in proxies]


def plan_serial(
    rng: random.Random, pop: Population, plan_id: int, start: int, forces: int, victims: int
) -> Plan:
    """One suspect, several victims one after another over years, in more than one force."""
    suspect = pop.draw(rng, "M")
    courses: list[Course] = []
    events: list[Event] = []
    t = start
    for k in range(victims):
        victim = pop.draw(rng, "F")
        course = Course(f"C{plan_id:08d}-{k + 1}", victim, k % forces)
        n = rng.randint(4, 12)
        ref = f"ORD-{plan_id:08d}-{k + 1}" if rng.random() < 0.5 else None
        evs = _events_for(rng, "intimacy_seeker", k, tempo(rng, t, n, 10.0), ref)
        _noise_course(rng, pop, "intimacy_seeker", course, evs)
        for ev in evs:
            ev.phone_version += 4 * k
            ev.other_force = False
        courses.append(course)
        events.extend(evs)
        t = evs[-1].t + rng.randint(120, 500) * DAY
    events.sort(key=lambda e: e.t)
    return Plan(plan_id, "serial", "stranger", suspect, courses, events)


def plan_one_off(
    rng: random.Random,
    pop: Population,
    plan_id: int,
    kind: str,
    start: int,
    force: int,
    namesake: Person | None,
) -> Plan:
    """A single incident that is not a course of conduct (a distractor for linkage)."""
    victim = pop.draw(rng)
    suspect = pop.draw(rng)
    if kind == "namesake" and namesake is not None:
        # A different person who happens to share a recent suspect's name.
        suspect = Person(
            suspect.pid,
            namesake.sex,
            namesake.first,
            None,
            namesake.last,
            namesake.last,
            suspect.dob,
            suspect.address_line,
            suspect.postcode,
            suspect.vehicle,
        )
    beh = {"road_rage": (), "neighbour_noise": (), "rude_message": ("contacting",)}.get(kind, ())
    course = Course(f"X{plan_id:08d}", victim, force)
    rel = {"neighbour_noise": "neighbour", "rude_message": "acquaintance"}.get(kind, "stranger")
    return Plan(plan_id, f"one_off:{kind}", rel, suspect, [course], [Event(start, 0, beh, ())])
