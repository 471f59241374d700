"""Classifying a course of conduct: stalking or harassment, s.2/2A or s.4/4A, aggravation, CCB.

CRR 2026/27 pp.50-57.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .model import Case, Event
from .result import Reason
from .rules import OFFENCE_ALIASES, Offence, RuleSet, Rung


@dataclass
class Notes:
    """Collects reasons as rules are applied."""

    rules: RuleSet
    reasons: list[Reason] = field(default_factory=list)

    def add(self, rule: str, text: str, events: Sequence[Event] = ()) -> None:
        """Record that ``rule`` was applied, with a sentence saying what it decided."""
        r = self.rules.rules[rule]
        page = f"{r.source} {r.page}"
        # Trusted internal values: construct without validation (hot path on long courses).
        self.reasons.append(
            Reason.model_construct(
                rule=rule, text=text, page=page, events=tuple(e.id for e in events)
            )
        )


@dataclass(frozen=True)
class Conduct:
    """The conduct classification of one course: the principal conduct class and any other
    conduct offence that is made out (an included classification)."""

    cls: str
    other: tuple[str, ...]


def canonical(code: str) -> str:
    """The catalogue code for an offence key or code."""
    return OFFENCE_ALIASES.get(code, code)


def is_stalking(
    case: Case, rs: RuleSet, off: str, vic: str, evs: Sequence[Event], notes: Notes
) -> bool:
    """Think stalking first (CRR 2026/27 pp.51-52, p.55)."""
    beyond = sorted(
        {b for e in evs for b in e.behaviours} & set(rs.stalking_behaviours_beyond_contact)
    )
    if beyond:
        notes.add(
            "STALK-FIRST",
            f"{off} towards {vic}: acts beyond contact ({', '.join(beyond)}) "
            "make the course stalking",
            evs,
        )
        return True
    why = _former_partner(case, rs, off, vic)
    if why is None:
        notes.add(
            "EXPARTNER",
            f"{off} and {vic} are former partners, neither known to be under 16: recorded as "
            "stalking unless the FCR is satisfied it is harassment only",
            evs,
        )
        return True
    notes.add(
        "HARASS-NOT-STALK",
        f"{off} towards {vic}: harassment, not stalking, because {why}; "
        "no sign of fixation or obsession is recorded",
        evs,
    )
    return False


def _former_partner(case: Case, rs: RuleSet, off: str, vic: str) -> str | None:
    """None if the former-partner stalking presumption applies (CRR 2026/27 p.55), else why
    the course is harassment."""
    rel = case.relationship(off, vic)
    if rel != "former_intimate_partner":
        return "the conduct is contact alone, with no act associated with stalking beyond it"
    if case.rules_in_force < rs.former_partner_presumption_from:
        return "the former-partner presumption was not in force under these rules"
    if any((a := case.people[p].age) is not None and a < 16 for p in (off, vic)):
        return "one or both former partners are under 16, so there is no stalking presumption"
    return None


def pha_class(
    case: Case, rs: RuleSet, off: str, vic: str, evs: Sequence[Event], notes: Notes
) -> str:
    """The Protection from Harassment Act class of the course (s.2, 2A, 4, 4A, or CDA s.32)."""
    stalking = is_stalking(case, rs, off, vic, evs, notes)
    fear = [e for e in evs if "fear_of_violence" in e.effects]
    serious = [e for e in evs if "serious_alarm_or_distress" in e.effects]
    upper = False
    if len(fear) >= 2:
        upper = True
        notes.add("S4-FEAR", f"fear of violence on {len(fear)} occasions: s.4/s.4A", fear)
        cls = "008/65" if stalking else "008/30"
    elif stalking and serious:
        upper = True
        notes.add(
            "S4A-SERIOUS",
            "serious alarm or distress with a substantial adverse effect on "
            "day-to-day activities: s.4A(1)(b)(ii)",
            serious,
        )
        cls = "008/66"
    else:
        if len(fear) == 1:
            notes.add(
                "S4-FEAR", "fear of violence on one occasion only: s.4/s.4A not made out", fear
            )
        cls = "195/12" if stalking else "195/94"
    aggravated = [e for e in evs if e.aggravation]
    if aggravated:
        cls = "008/58" if upper else "008/56"
        notes.add("AGGRAVATED", f"{aggravated[0].aggravation}ly aggravated: {cls}", aggravated)
    return cls


def ccb_made_out(
    case: Case, rs: RuleSet, off: str, vic: str, evs: Sequence[Event], notes: Notes
) -> bool:
    """Controlling or coercive behaviour, SCA 2015 s.76 (CRR 2026/27 pp.54-55)."""
    acts = [e for e in evs if "008/67" in e.offences]
    if not acts:
        return False
    rel = case.relationship(off, vic)
    if rel not in rs.personally_connected:
        notes.add(
            "CCB",
            f"controlling acts disclosed but {off} and {vic} are not personally "
            f"connected ({rel}): 8U not made out; considered as stalking/harassment",
            acts,
        )
        return False
    vic_age, off_age = case.people[vic].age, case.people[off].age
    if rel == "family" and vic_age is not None and vic_age < 16 and (off_age or 0) >= 16:
        notes.add(
            "CCB",
            "victim under 16 and offender 16+ with family responsibility: s.76(3) excludes 8U",
            acts,
        )
        return False
    if len(acts) < 2 or not any("serious_alarm_or_distress" in e.effects for e in acts):
        notes.add(
            "CCB",
            "controlling acts not shown repeated with a serious effect: 8U not made out",
            acts,
        )
        return False
    notes.add("CCB", f"personally connected ({rel}), repeated, serious effect: 8U made out", acts)
    return True


def rung_of(rs: RuleSet, cls: str) -> Rung:
    """The ladder rung of a conduct class (CRR 2026/27 pp.56-57)."""
    return next(r for r in rs.ladder if cls in r.classes)


def classify_conduct(
    case: Case, rs: RuleSet, off: str, vic: str, evs: Sequence[Event], notes: Notes
) -> Conduct:
    """Only the most serious conduct offence between one victim and offender (p.55)."""
    pha = pha_class(case, rs, off, vic, evs, notes)
    if not ccb_made_out(case, rs, off, vic, evs, notes):
        return Conduct(pha, ())
    best, other = sorted([pha, "008/67"], key=lambda c: rung_of(rs, c).rank)
    notes.add(
        "MOST-SERIOUS-CONDUCT",
        f"{best} is the most serious conduct offence; {other} is an included classification",
        evs,
    )
    return Conduct(best, (other,))


def beats(rung: Rung, off: Offence) -> bool:
    """Whether a conduct rung is principal over another offence reported at the same time."""
    if off.code in rung.except_codes:
        return False
    if off.category == "sexual" and rung.beats_sexual_max_years is not None:
        limit = rung.beats_sexual_max_years
        return off.max_years <= limit if rung.beats_sexual_inclusive else off.max_years < limit
    if off.category in rung.beats_categories:
        return True
    return rung.beats_any_under_years is not None and off.max_years < rung.beats_any_under_years
