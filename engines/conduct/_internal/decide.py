"""``decide``: what the Crime Recording Rules require to be recorded for a case.

Per offender-victim pair (one crime per intended victim, CRR 2026/27 p.55) the pair's events
are cut into courses of conduct (ended by charge/summons/caution/conviction/acquittal, an order,
or a 3-month gap: pp.52, 58); each course is classified and ranked against the other offences
it discloses (pp.55-57); later reports follow the finished incident rule (pp.57-58); breaches
are added (pp.89-90).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from .classify import Notes, beats, canonical, classify_conduct, rung_of
from .model import Case, Event
from .result import Basis, Crime, RecordingDecision
from .rules import Offence, RuleSet, default_ruleset


@dataclass
class _Out:
    crimes: list[Crime] = field(default_factory=list)
    included: list[str] = field(default_factory=list)
    refer: bool = False

    def crime(self, vic: str, off: str, cls: str, basis: Basis, evs: Sequence[Event]) -> None:
        self.crimes.append(
            Crime(
                victim=vic, offender=off, class_=cls, basis=basis, events=tuple(e.id for e in evs)
            )
        )

    def include(self, codes: Sequence[str]) -> None:
        self.included.extend(c for c in codes if c not in self.included)


def add_months(d: date, months: int) -> date:
    """``d`` plus calendar months, clamped to the month's last day."""
    m = d.month - 1 + months
    y, m = d.year + m // 12, m % 12 + 1
    for day in range(d.day, 27, -1):
        try:
            return date(y, m, day)
        except ValueError:
            continue
    return date(y, m, min(d.day, 28))


def decide(case: Case, rules: RuleSet | None = None) -> RecordingDecision:
    """The recording decision for ``case``: crimes, included classifications, whether the
    decision (or its sign-off) is the Force Crime Registrar's, and every rule applied."""
    rs = rules or default_ruleset()
    notes, out = Notes(rs), _Out()
    for off, vic in _pairs(case):
        evs = sorted(
            (e for e in case.events if off in e.by and vic in e.towards),
            key=lambda e: (e.occurred, e.id),
        )
        for course in split_courses(case, rs, off, vic, evs, notes):
            _decide_course(case, rs, off, vic, course, notes, out)
    _breaches(case, rs, notes, out)
    _timeliness(case, rs, notes, out)
    if out.included:
        notes.add(
            "INCLUDED",
            f"{', '.join(out.included)} documented as included classifications "
            "(searchable, investigated, not counted)",
        )
    return RecordingDecision(
        case_id=case.id,
        ruleset_version=rs.version,
        crimes=tuple(out.crimes),
        included=tuple(out.included),
        refer_to_registrar=out.refer,
        reasons=tuple(notes.reasons),
    )


def _pairs(case: Case) -> list[tuple[str, str]]:
    seen: dict[tuple[str, str], None] = {}
    for e in sorted(case.events, key=lambda e: (e.occurred, e.id)):
        for off in e.by:
            for vic in e.towards:
                seen.setdefault((off, vic), None)
    return list(seen)


def split_courses(
    case: Case, rs: RuleSet, off: str, vic: str, evs: Sequence[Event], notes: Notes
) -> list[list[Event]]:
    """Cut one pair's events where a course of conduct ends (CRR 2026/27 pp.52, 58)."""
    courses: list[list[Event]] = []
    for e in evs:
        if courses:
            why = course_break(case, rs, off, vic, courses[-1][-1], e)
            if why is None:
                courses[-1].append(e)
                continue
            notes.add(why[0], why[1], [courses[-1][-1], e])
        courses.append([e])
    return courses


def course_break(
    case: Case, rs: RuleSet, off: str, vic: str, prev: Event, e: Event
) -> tuple[str, str] | None:
    """Why ``e`` cannot continue the course that ``prev`` ended, or None if it can."""
    lo, hi = prev.occurred.date(), e.occurred.date()
    for a in case.police_actions:
        if a.against == off and a.type in rs.ending_actions and lo <= a.date < hi:
            rule = "COC-ENDS" if a.type in ("convicted", "acquitted") else "CONTINUATION"
            return rule, f"{off} was {a.type} on {a.date}: {e.id} needs a new recording decision"
    for o in case.orders:
        if o.against == off and vic in o.protects and lo <= o.from_ < hi:
            return "COC-ENDS", f"order {o.id} granted on {o.from_} ended the course before {e.id}"
    limit = add_months(lo, rs.continuation_months)
    if hi > limit:
        return "CONTINUATION", (
            f"more than {rs.continuation_months} months between {prev.id} "
            f"and {e.id}: a new recording decision"
        )
    return None


def _harmful(rs: RuleSet, evs: Sequence[Event]) -> list[Event]:
    return [e for e in evs if set(e.effects) & set(rs.harmful_effects)]


def _decide_course(
    case: Case, rs: RuleSet, off: str, vic: str, course: list[Event], notes: Notes, out: _Out
) -> None:
    if len(_harmful(rs, course)) < 2:
        if len(course) >= 2:
            notes.add(
                "NUISANCE",
                f"fewer than two of the {len(course)} occasions from {off} to {vic} caused "
                "alarm or distress: not a course of harassment; an incident (ASB)",
                course,
            )
        for e in course:
            _single(case, rs, off, vic, e, "principal", notes, out)
        return
    initial, later = _initial_and_later(rs, course)
    _review_earlier(case, rs, initial, notes, out)
    first = classify_conduct(case, rs, off, vic, initial, Notes(rs))
    final = classify_conduct(case, rs, off, vic, course, notes)
    if later:
        _review_later(first.cls, final.cls, later, notes, out)
    _rank(case, rs, off, vic, course, initial, final.cls, notes, out)
    out.include(final.other)
    _later_offences(case, rs, off, vic, later, notes, out)


def _review_earlier(case: Case, rs: RuleSet, initial: list[Event], notes: Notes, out: _Out) -> None:
    """Events reported before the course became recordable were decided when reported; a crime
    recorded for one of them then is now reclassified into the conduct crime (CRR p.58 8R a),
    p.13), which is for the FCR."""
    t = max(e.reported for e in initial)
    earlier = [e for e in initial if e.reported < t and offences_of(case, rs, e)]
    if earlier:
        out.refer = True
        notes.add(
            "RECLASSIFY-FCR",
            f"{', '.join(e.id for e in earlier)} were recorded on their own when reported; "
            "they now form part of the course of conduct and their crime is reclassified",
            earlier,
        )


def _review_later(first: str, final: str, later: list[Event], notes: Notes, out: _Out) -> None:
    """Further offending after recording: continuation and upgrade review (CRR p.58, p.13)."""
    notes.add(
        "FINISHED-INCIDENT",
        "reported after the conduct crime was recorded: a new recording decision for "
        "any offence other than the conduct itself",
        later,
    )
    notes.add(
        "CONTINUATION",
        f"{', '.join(e.id for e in later)} continue the recorded {final} crime and are added to it",
        later,
    )
    if final == first:
        notes.add("UPGRADE-REVIEW", f"reviewed after further offending: {first} stands", later)
        return
    out.refer = True
    notes.add(
        "UPGRADE-REVIEW",
        f"further offending after recording: {first} reviewed and reclassified to {final}",
        later,
    )
    notes.add(
        "RECLASSIFY-FCR",
        "reclassifying a recorded crime is for the FCR or a designated decision maker",
        later,
    )


def _initial_and_later(rs: RuleSet, course: list[Event]) -> tuple[list[Event], list[Event]]:
    """Events reported by the time the course was first recordable, and those reported after.

    One pass over the events in report order, so re-evaluating a long course stays linear."""
    harm, count = set(rs.harmful_effects), 0
    for e in sorted(course, key=lambda e: e.reported):
        count += bool(harm.intersection(e.effects))
        if count >= 2:
            t = e.reported
            return [x for x in course if x.reported <= t], [x for x in course if x.reported > t]
    return course, []


def offences_of(case: Case, rs: RuleSet, e: Event) -> list[str]:
    """The non-conduct notifiable offences an event discloses, message offence first."""
    if not e.offences and (e.message is None or e.message == "none"):
        return []  # the common case on long courses: a plain act of conduct
    codes: list[str] = []
    if e.message and e.message in rs.message_offences:
        code = rs.message_offences[e.message]
        if code == "005/28" and case.rules_in_force < rs.threatening_comms_from:
            code = "008/72"  # before 31/01/2024 threats were MCA s.1(1)(a)(ii) (CRR p.59)
        codes.append(code)
    codes += [canonical(c) for c in e.offences if canonical(c) != "008/67"]
    return list(dict.fromkeys(codes))


def _offence(rs: RuleSet, code: str) -> Offence | None:
    return rs.offences.get(code)


def _rank(
    case: Case,
    rs: RuleSet,
    off: str,
    vic: str,
    course: list[Event],
    initial: list[Event],
    cls: str,
    notes: Notes,
    out: _Out,
) -> None:
    """Principal crime among the conduct crime and offences reported with it (pp.55-57)."""
    notes.add(
        "ONE-PER-VICTIM",
        f"course of conduct by {off} towards {vic} "
        f"({', '.join(e.id for e in course)}): one {cls} crime for this victim",
        course,
    )
    others = list(dict.fromkeys(c for e in initial for c in offences_of(case, rs, e)))
    if rs.double_recording_from <= case.rules_in_force < rs.double_recording_to and others:
        _double(rs, off, vic, course, initial, cls, others, notes, out)
        return
    rung = rung_of(rs, cls)
    unbeaten = [c for c in others if (o := _offence(rs, c)) is None or not beats(rung, o)]
    if unbeaten:
        _conduct_not_listed(rs, off, vic, course, cls, others, unbeaten, notes, out)
        return
    out.crime(vic, off, cls, "principal", course)
    out.include(others)
    if others:
        notes.add(
            "LADDER",
            f"{cls} (rung {rung.rank}) is principal over "
            f"{', '.join(others)}, which are included classifications",
            course,
        )


def _conduct_not_listed(
    rs: RuleSet,
    off: str,
    vic: str,
    course: list[Event],
    cls: str,
    others: list[str],
    unbeaten: list[str],
    notes: Notes,
    out: _Out,
) -> None:
    """The ladder does not make the conduct crime principal over ``unbeaten`` (p.57): the
    general rule picks the more serious, or the FCR decides where that is unclear."""
    top = _most_serious(rs, unbeaten)
    if top is None or top.max_years <= rs.conduct_max_years[cls]:
        out.refer = True
        out.crime(vic, off, cls, "principal", course)
        out.include(others)
        notes.add(
            "LADDER-FCR",
            f"{cls} is not listed as principal over {', '.join(unbeaten)} "
            "and the more serious is unclear: the FCR decides",
            course,
        )
        return
    out.crime(vic, off, top.code, "principal", course)
    out.include([cls, *[c for c in others if c != top.code]])
    notes.add(
        "LADDER",
        f"{cls} is not principal over {top.code} ({top.label}); the general "
        f"rule makes {top.code} principal and {cls} an included classification",
        course,
    )


def _most_serious(rs: RuleSet, codes: Sequence[str]) -> Offence | None:
    """The most serious offence by the general rule (victim-based first, then maximum
    sentence; CRR 2026/27 p.12), or None if unclear (unknown or tied)."""
    known = [o for c in codes if (o := _offence(rs, c)) is not None]
    if len(known) < len(codes):
        return None
    known.sort(key=lambda o: (o.victim_based, o.max_years), reverse=True)
    if len(known) > 1 and (known[0].victim_based, known[0].max_years) == (
        known[1].victim_based,
        known[1].max_years,
    ):
        return None
    return known[0]


def _double(
    rs: RuleSet,
    off: str,
    vic: str,
    course: list[Event],
    initial: list[Event],
    cls: str,
    others: list[str],
    notes: Notes,
    out: _Out,
) -> None:
    """April 2018 to mid-May 2023: conduct crime as well as the most serious other offence."""
    out.crime(vic, off, cls, "principal", course)
    top = _most_serious(rs, others)
    if top is None:
        out.refer = True
        out.include(others)
        notes.add("LADDER-FCR", "most serious other offence unclear: the FCR decides", initial)
        return
    evs = [e for e in initial if top.code in offences_of_codes(e)]
    out.crime(vic, off, top.code, "additional", evs or initial)
    out.include([c for c in others if c != top.code])
    notes.add(
        "DOUBLE-RECORDING",
        f"rules of {rs.double_recording_from:%Y}-{rs.double_recording_to:%Y}:"
        f" {cls} recorded as well as {top.code}",
        evs or initial,
    )


def offences_of_codes(e: Event) -> set[str]:
    """Raw and canonical offence codes named on an event."""
    return set(e.offences) | {canonical(c) for c in e.offences}


def _later_offences(
    case: Case, rs: RuleSet, off: str, vic: str, later: Sequence[Event], notes: Notes, out: _Out
) -> None:
    """Finished incident rule after a conduct crime is recorded (CRR 2026/27 pp.57-58)."""
    absorbed_in: list[Event] = []
    for e in later:
        codes = offences_of(case, rs, e)
        absorbed = [c for c in codes if c in rs.absorbed_after_recording]
        if absorbed:
            out.include(absorbed)
            absorbed_in.append(e)
        rest = [c for c in codes if c not in rs.absorbed_after_recording]
        if rest:
            rule = "THREAT-ADDITIONAL" if "005/28" in rest else "NEW-OFFENCE-ADDITIONAL"
            _record_single(rs, off, vic, e, rest, "additional", rule, notes, out)
    if absorbed_in:
        notes.add(
            "MC-ABSORBED",
            f"malicious/false communications in "
            f"{', '.join(e.id for e in absorbed_in)} continue the conduct crime and are "
            "included in it",
            absorbed_in,
        )


def _single(
    case: Case, rs: RuleSet, off: str, vic: str, e: Event, basis: Basis, notes: Notes, out: _Out
) -> None:
    """One event that is not part of a course of conduct (CRR 2026/27 pp.12, 50, 58)."""
    codes = offences_of(case, rs, e)
    if not codes:
        notes.add(
            "COC-NONE",
            f"{e.id}: a single incident from {off} to {vic} is not a course "
            "of conduct and discloses no other notifiable offence: an incident",
            [e],
        )
        return
    rule = "MC-PER-RECIPIENT" if codes[0] in ("008/72", "138/52") else "PCR-GENERAL"
    _record_single(rs, off, vic, e, codes, basis, rule, notes, out)


def _record_single(
    rs: RuleSet,
    off: str,
    vic: str,
    e: Event,
    codes: list[str],
    basis: Basis,
    rule: str,
    notes: Notes,
    out: _Out,
) -> None:
    top = _most_serious(rs, codes)
    if top is None and len(codes) > 1:
        out.refer = True
        notes.add(
            "LADDER-FCR",
            f"{e.id}: most serious of {', '.join(codes)} unclear: the FCR decides",
            [e],
        )
    main = top.code if top else codes[0]
    out.crime(vic, off, main, basis, [e])
    out.include([c for c in codes if c != main])
    notes.add(
        rule,
        f"{e.id}: {main} recorded ({basis}) for {vic}"
        + (f"; {', '.join(c for c in codes if c != main)} included" if len(codes) > 1 else ""),
        [e],
    )
    if len(codes) > 1:
        notes.add("PCR-RELATED", f"{e.id}: related offences held as included classifications", [e])


def _breaches(case: Case, rs: RuleSet, notes: Notes, out: _Out) -> None:
    """Notifiable breaches recorded additionally, one per offender (CRR 2026/27 pp.89-90)."""
    for e in sorted(case.events, key=lambda e: (e.occurred, e.id)):
        for oid in e.breaches:
            o = case.order(oid)
            cls = rs.breach_classes.get(o.type)
            if o.against not in e.by or not o.in_force(e.occurred.date()):
                notes.add(
                    "BREACH",
                    f"{e.id} names order {oid} but the order is not against "
                    "an actor of the event or not in force then: no breach recorded",
                    [e],
                )
            elif cls is None:
                notes.add(
                    "BREACH-NOT-NOTIFIABLE",
                    f"{e.id}: breach of {o.type} is not a notifiable offence",
                    [e],
                )
            else:
                vic = next((v for v in e.towards if v in o.protects), o.protects[0])
                out.crime(vic, o.against, cls, "breach", [e])
                notes.add(
                    "BREACH",
                    f"{e.id}: breach of {o.type} {oid} recorded as {cls} in "
                    "addition to any conduct crime",
                    [e],
                )


def _timeliness(case: Case, rs: RuleSet, notes: Notes, out: _Out) -> None:
    """Recording later than 24 hours after the report is referred (CRR 2026/27 p.10)."""
    if not out.crimes or not case.events:
        return
    last = max(e.reported for e in case.events)
    if case.as_at - last > timedelta(hours=rs.recording_hours):
        out.refer = True
        notes.add(
            "TIME-24H",
            f"decided {case.as_at - last} after the latest report: more than "
            f"{rs.recording_hours} hours, the FCR oversees late recording",
        )
