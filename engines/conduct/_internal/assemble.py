"""Course-of-conduct assembly for the app: reports -> courses -> decisions, clocks and flags.

Reports are grouped by suspect and victim (PHA s.7(3): a course may run towards several people,
so one course can hold several victims of the same suspect and ``decide`` then counts one crime
per victim, CRR 2026/27 p.55). Each link decision is explained. A course ends at a conviction,
an acquittal or the granting of an order (CRR 2026/27 p.52).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from .decide import decide
from .flags import Flag, Timeliness, flags_for, timeliness_for
from .model import Case, Event, Message, Order, Person, PoliceAction, Relationship
from .result import RecordingDecision
from .rules import RuleSet, default_ruleset

_CASE_ACTIONS = ("charged", "summonsed", "cautioned", "convicted", "acquitted")
_ENDING_ACTIONS = ("convicted", "acquitted")


class ReportAction(BaseModel):
    """A police action recorded on a report; ``harassment_warning``/``PIN`` included."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    date: date
    against: str
    type: str


class ConductReport(BaseModel):
    """One report as the app holds it: facts plus what was recorded at the time."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    occurred_from: AwareDatetime
    occurred_to: AwareDatetime | None = None
    reported_at: AwareDatetime
    recorded_at: AwareDatetime | None = None
    victims: list[str] = Field(min_length=1)
    suspects: list[str] = Field(min_length=1)
    ages: dict[str, int | None] = Field(default_factory=dict)
    relationships: list[Relationship] = Field(default_factory=list)
    behaviours: list[str] = Field(default_factory=list)
    risk_cues: list[str] = Field(default_factory=list)
    effects: list[str] = Field(default_factory=list)
    message: Message | None = None
    offences: list[str] = Field(default_factory=list)
    aggravation: str | None = None
    breaches: list[str] = Field(default_factory=list)
    recorded_classification: str = "none"
    police_actions: list[ReportAction] = Field(default_factory=list)
    orders: list[Order] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> ConductReport:
        if self.occurred_to is not None and self.occurred_to < self.occurred_from:
            raise ValueError(f"report {self.id}: occurred_to before occurred_from")
        if self.reported_at < self.occurred_from:
            raise ValueError(f"report {self.id}: reported before it occurred")
        if self.recorded_at is not None and self.recorded_at < self.reported_at:
            raise ValueError(f"report {self.id}: recorded before it was reported")
        if set(self.victims) & set(self.suspects):
            raise ValueError(f"report {self.id}: a person is both victim and suspect")
        return self

    @property
    def last_act(self) -> datetime:
        """When the last act in this report happened."""
        return self.occurred_to or self.occurred_from


class AssemblyConfig(BaseModel):
    """How reports are linked. Serialisable; ``version`` is stamped on every course."""

    model_config = ConfigDict(frozen=True)

    version: str = "assembly-1"
    max_gap_days: int = 92  # about the 3-month continuation window, CRR 2026/27 p.58
    context_gap_days: int = 183  # a longer gap is bridged only with a linking context
    linking_cues: tuple[str, ...] = ("escalation", "breach_of_order", "separation")
    join_across_victims: bool = True  # PHA s.7(3)(b)
    rules_in_force: date = date(2026, 4, 1)


class LinkDecision(BaseModel):
    """Why a report was, or was not, joined to a course."""

    model_config = ConfigDict(frozen=True)

    report: str
    course: str
    joined: bool
    reason: str


class CourseOfConduct(BaseModel):
    """A course of conduct with its recording decision, clocks and flags."""

    model_config = ConfigDict(frozen=True)

    id: str
    suspects: tuple[str, ...]
    victims: tuple[str, ...]
    reports: tuple[ConductReport, ...]
    links: tuple[LinkDecision, ...]
    case: Case
    decision: RecordingDecision
    timeliness: Timeliness
    flags: tuple[Flag, ...]
    ended_by: str | None
    ended_on: date | None = None
    config_version: str


def _event(r: ConductReport) -> Event:
    return Event(
        id=r.id,
        occurred=r.occurred_from,
        reported=r.reported_at,
        by=r.suspects,
        towards=r.victims,
        behaviours=r.behaviours,
        risk_cues=r.risk_cues,
        effects=r.effects,
        message=r.message,
        offences=r.offences,
        aggravation=r.aggravation if r.aggravation in ("racial", "religious") else None,
        breaches=r.breaches,
    )


def _ending(r: ConductReport, suspects: set[str], victims: set[str]) -> str | None:
    for a in r.police_actions:
        if a.against in suspects and a.type in _ENDING_ACTIONS:
            return f"{a.against} {a.type} on {a.date} (report {r.id})"
    for o in r.orders:
        # An order granted before this report's conduct, which the report breaches, does not end
        # the course here: the conduct went on past it, and the recording decision counts the
        # events after the grant apart (``decide``: COC-ENDS). Ending the course at the grant
        # would shut out every later report of the same conduct.
        if (
            o.against in suspects
            and set(o.protects) & victims
            and o.from_ >= r.occurred_from.date()
        ):
            return f"order {o.id} ({o.type}) granted on {o.from_} (report {r.id})"
    return None


def _link(cfg: AssemblyConfig, open_c: _Open, r: ConductReport) -> tuple[bool, str]:
    """Whether report ``r`` continues the open course, and why."""
    if not set(r.suspects) & open_c.suspects:
        return False, "no suspect in common"
    shared = set(r.victims) & open_c.victims
    if not shared and not cfg.join_across_victims:
        return False, "different victim and joining across victims is off"
    if open_c.ended_by and r.occurred_from.date() > open_c.ended_on:
        return False, f"course ended: {open_c.ended_by}"
    gap = r.occurred_from - open_c.last_act
    who = "same suspect and victim" if shared else "same suspect, another victim (PHA s.7(3))"
    if gap <= timedelta(days=cfg.max_gap_days):
        return True, f"{who}; {max(gap.days, 0)} days after the last act"
    cues = sorted(set(r.risk_cues) & set(cfg.linking_cues))
    if cues and gap <= timedelta(days=cfg.context_gap_days):
        return True, f"{who}; {gap.days} days apart but linked by context ({', '.join(cues)})"
    return False, f"{who} but {gap.days} days after the last act: too far apart to link"


class _Open:
    """A course being assembled."""

    def __init__(self, cid: str, r: ConductReport) -> None:
        self.id, self.reports = cid, [r]
        self.suspects, self.victims = set(r.suspects), set(r.victims)
        self.last_act = r.last_act
        self.ended_by: str | None = None
        self.ended_on = date.max
        self.links = [LinkDecision(report=r.id, course=cid, joined=True, reason="opens the course")]
        self._note_end(r)

    @classmethod
    def of(cls, course: CourseOfConduct) -> _Open:
        """The assembly state of an already assembled course."""
        o = cls.__new__(cls)
        o.id, o.reports = course.id, list(course.reports)
        o.suspects, o.victims = set(course.suspects), set(course.victims)
        o.last_act = max(r.last_act for r in course.reports)
        o.ended_by, o.ended_on = course.ended_by, course.ended_on or date.max
        o.links = list(course.links)
        return o

    def add(self, r: ConductReport, reason: str) -> None:
        self.reports.append(r)
        self.suspects |= set(r.suspects)
        self.victims |= set(r.victims)
        self.last_act = max(self.last_act, r.last_act)
        self.links.append(LinkDecision(report=r.id, course=self.id, joined=True, reason=reason))
        self._note_end(r)

    def _note_end(self, r: ConductReport) -> None:
        why = _ending(r, self.suspects, self.victims)
        if why and self.ended_by is None:
            self.ended_by = why
            actions = [a.date for a in r.police_actions if a.type in _ENDING_ACTIONS]
            self.ended_on = min([*actions, *(o.from_ for o in r.orders)], default=date.max)


def assemble(
    reports: Sequence[ConductReport],
    config: AssemblyConfig | None = None,
    rules: RuleSet | None = None,
    as_at: datetime | None = None,
) -> list[CourseOfConduct]:
    """Group reports into courses of conduct and decide each one.

    ``as_at`` is the moment of the assessment (default: the latest report). Raises
    ``ValueError`` on duplicate report ids."""
    cfg, rs = config or AssemblyConfig(), rules or default_ruleset()
    _check_ids(reports)
    courses: list[_Open] = []
    refusals: dict[str, list[LinkDecision]] = {}
    for r in sorted(reports, key=lambda r: (r.occurred_from, r.id)):
        target = None
        for c in reversed(courses):
            ok, why = _link(cfg, c, r)
            if ok:
                target = c
                c.add(r, why)
                break
            if set(r.suspects) & c.suspects:
                refusals.setdefault(r.id, []).append(
                    LinkDecision(report=r.id, course=c.id, joined=False, reason=why)
                )
        if target is None:
            courses.append(_Open(f"C{len(courses) + 1}", r))
    stamp = as_at or max((r.reported_at for r in reports), default=None)
    return [_finish(c, refusals, cfg, rs, stamp) for c in courses]


def _check_ids(reports: Sequence[ConductReport]) -> None:
    seen: set[str] = set()
    for r in reports:
        if r.id in seen:
            raise ValueError(f"duplicate report id {r.id!r}")
        seen.add(r.id)


def build_case(
    cid: str, reports: Sequence[ConductReport], cfg: AssemblyConfig, as_at: datetime
) -> Case:
    """The recording case for a course's reports (validated once, here)."""
    people: dict[str, Person] = {}
    for r in reports:
        for p in r.suspects:
            people.setdefault(p, Person(role="suspect", age=r.ages.get(p)))
        for p in r.victims:
            people.setdefault(p, Person(role="victim", age=r.ages.get(p)))
    rels = list({(x.a, x.b, x.type): x for r in reports for x in r.relationships}.values())
    orders = list({o.id: o for r in reports for o in r.orders}.values())
    actions = [
        PoliceAction(date=a.date, against=a.against, type=a.type)
        for r in reports
        for a in r.police_actions
        if a.type in _CASE_ACTIONS and a.against in people
    ]
    return Case(
        id=cid,
        rules_in_force=cfg.rules_in_force,
        as_at=as_at,
        people=people,
        relationships=rels,
        orders=orders,
        events=[_event(r) for r in reports],
        police_actions=actions,
    )


def _finish(
    c: _Open,
    refusals: dict[str, list[LinkDecision]],
    cfg: AssemblyConfig,
    rs: RuleSet,
    as_at: datetime | None,
) -> CourseOfConduct:
    links = [*c.links, *(d for r in c.reports for d in refusals.get(r.id, []))]
    case = build_case(c.id, c.reports, cfg, as_at or c.reports[-1].reported_at)
    return evaluate(c, tuple(links), case, cfg, rs)


def evaluate(
    c: _Open, links: tuple[LinkDecision, ...], case: Case, cfg: AssemblyConfig, rs: RuleSet
) -> CourseOfConduct:
    """Decide an assembled course and compute its clocks and flags."""
    decision = decide(case, rs)
    reports = tuple(c.reports)
    timeliness = timeliness_for(reports, decision, case.as_at, rs)
    # Every part is already validated; constructing without re-validating keeps a re-evaluation
    # of a long course linear and cheap.
    return CourseOfConduct.model_construct(
        id=c.id,
        suspects=tuple(sorted({p for r in reports for p in r.suspects})),
        victims=tuple(sorted({p for r in reports for p in r.victims})),
        reports=reports,
        links=links,
        case=case,
        decision=decision,
        timeliness=timeliness,
        flags=tuple(flags_for(reports, decision, timeliness)),
        ended_by=c.ended_by,
        ended_on=None if c.ended_on == date.max else c.ended_on,
        config_version=cfg.version,
    )


def reevaluate(
    course: CourseOfConduct,
    report: ConductReport,
    config: AssemblyConfig | None = None,
    rules: RuleSet | None = None,
    as_at: datetime | None = None,
) -> CourseOfConduct:
    """Add one new report to an assembled course and re-decide it.

    The course's existing events are reused as already validated; only the new report is
    validated and checked against the case (people, orders, as_at). Raises ``ValueError`` if
    the report is already in the course or does not continue it (with the link reason)."""
    cfg, rs = config or AssemblyConfig(), rules or default_ruleset()
    if any(r.id == report.id for r in course.reports):
        raise ValueError(f"report {report.id!r} is already in course {course.id}")
    state = _Open.of(course)
    ok, why = _link(cfg, state, report)
    if not ok:
        raise ValueError(f"report {report.id} does not continue course {course.id}: {why}")
    stamp = as_at or max(course.case.as_at, report.reported_at)
    if report.reported_at > stamp:
        raise ValueError(f"report {report.id}: reported after as_at {stamp.isoformat()}")
    case = _grow_case(course.case, report, stamp)
    state.add(report, why)
    return evaluate(state, tuple(state.links), case, cfg, rs)


def _grow_case(case: Case, report: ConductReport, stamp: datetime) -> Case:
    """``case`` with one more report's event, people, orders and actions, validating only
    what is new (the event itself, its people and the orders it breaches)."""
    people = dict(case.people)
    for role, ids in (("suspect", report.suspects), ("victim", report.victims)):
        for p in ids:
            people.setdefault(p, Person(role=role, age=report.ages.get(p)))
    orders = {o.id: o for o in (*case.orders, *report.orders)}
    unknown = sorted(set(report.breaches) - set(orders))
    if unknown:
        raise ValueError(f"report {report.id}: breaches unknown orders {unknown}")
    actions = [
        PoliceAction(date=a.date, against=a.against, type=a.type)
        for a in report.police_actions
        if a.type in _CASE_ACTIONS and a.against in people
    ]
    return case.model_copy(
        update={
            "as_at": stamp,
            "people": people,
            "orders": list(orders.values()),
            "events": [*case.events, _event(report)],
            "relationships": [*case.relationships, *report.relationships],
            "police_actions": [*case.police_actions, *actions],
        }
    )
