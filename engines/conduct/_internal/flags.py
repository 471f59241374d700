"""Timeliness clocks and recording-quality flags for an assembled course of conduct.

The flags are the failures the inspectorates keep finding (DOMAIN.md §1; CRR 2026/27 pp.10,
51-52, 55, 89): a course logged as separate one-off incidents, stalking recorded as something
else, late recording, a PIN issued in a stalking case, a breach not recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

from .decide import add_months
from .result import RecordingDecision
from .rules import RuleSet

if TYPE_CHECKING:
    from .assemble import ConductReport

STALKING = frozenset({"195/12", "008/65", "008/66"})
CONDUCT = frozenset({*STALKING, "195/94", "008/30", "008/56", "008/58", "008/67"})
AGGRAVATED = frozenset({"008/56", "008/58"})
SUMMARY_ONLY = frozenset({"195/12", "195/94"})
BREACH_CODES = frozenset({"008/31", "008/74", "066/38", "066/39"})

# What a free-text or coded classification recorded at the time amounts to.
_KINDS = {
    "stalking": "stalking",
    "195/12": "stalking",
    "008/65": "stalking",
    "008/66": "stalking",
    "harassment": "harassment",
    "195/94": "harassment",
    "008/30": "harassment",
    "008/56": "harassment",
    "008/58": "harassment",
    "controlling_or_coercive_behaviour": "ccb",
    "ccb": "ccb",
    "008/67": "ccb",
    "malicious_communications": "malicious_communications",
    "008/72": "malicious_communications",
    "criminal_damage": "criminal_damage",
    "149/00": "criminal_damage",
    "058/00": "criminal_damage",
    "harassment_warning": "pin",
    "pin": "pin",
    "none": "no_crime",
    "": "no_crime",
    "concern_for_welfare": "no_crime",
    "asb": "no_crime",
    "incident": "no_crime",
}


@lru_cache(maxsize=1024)
def recorded_kind(text: str) -> str:
    """Normalise a recorded classification (code or free text) to a kind."""
    t = text.strip().lower().replace(" ", "_").replace("-", "_")
    if t in _KINDS:
        return _KINDS[t]
    if t.startswith("breach") or t in BREACH_CODES:
        return "breach"
    return "other"


class Flag(BaseModel):
    """A recording problem, with the reports that evidence it."""

    model_config = ConfigDict(frozen=True)

    code: str
    text: str
    page: str
    evidence: tuple[str, ...]


class Timeliness(BaseModel):
    """The 24-hour recording clock and the 6-month summary time limit."""

    model_config = ConfigDict(frozen=True)

    recording_status: Literal["met", "missed", "running", "not_applicable"]
    recording_deadline: datetime | None
    recordable_from_report: str | None
    summary_limit_applies: bool
    last_act: datetime | None
    summary_deadline: date | None
    summary_days_left: int | None


def _recordable_report(
    reports: Sequence[ConductReport],
    d: RecordingDecision,
) -> ConductReport | None:
    """The report with which the first crime became recordable."""
    ids = {e for c in d.crimes for e in c.events}
    in_crime = sorted((r for r in reports if r.id in ids), key=lambda r: r.reported_at)
    if not in_crime:
        return None
    principal = [c for c in d.crimes if c.basis == "principal"]
    needed = len(principal[0].events) if principal else 1
    # A conduct crime needs two occasions: recordable once the second is reported.
    return in_crime[min(1, len(in_crime) - 1)] if needed > 1 else in_crime[0]


def timeliness_for(
    reports: Sequence[ConductReport], d: RecordingDecision, as_at: datetime, rs: RuleSet
) -> Timeliness:
    """CRR 2026/27 p.10 (24 hours) and MCA 1980 s.127 (6 months from the last act)."""
    first = _recordable_report(reports, d)
    last = max((r.last_act for r in reports), default=None)
    summary = any(c.class_ in SUMMARY_ONLY and c.basis == "principal" for c in d.crimes)
    deadline = add_months(last.date(), rs.summary_time_limit_months) if last and summary else None
    left = (deadline - as_at.date()).days if deadline else None
    if first is None:
        return Timeliness(
            recording_status="not_applicable",
            recording_deadline=None,
            recordable_from_report=None,
            summary_limit_applies=summary,
            last_act=last,
            summary_deadline=deadline,
            summary_days_left=left,
        )
    due = first.reported_at + timedelta(hours=rs.recording_hours)
    recorded = [
        r.recorded_at
        for r in reports
        if r.recorded_at and recorded_kind(r.recorded_classification) != "no_crime"
    ]
    if any(t <= due for t in recorded):
        status: Literal["met", "missed", "running"] = "met"
    elif recorded or as_at > due:
        status = "missed"
    else:
        status = "running"
    return Timeliness(
        recording_status=status,
        recording_deadline=due,
        recordable_from_report=first.id,
        summary_limit_applies=summary,
        last_act=last,
        summary_deadline=deadline,
        summary_days_left=left,
    )


def flags_for(
    reports: Sequence[ConductReport], d: RecordingDecision, clock: Timeliness | None = None
) -> list[Flag]:
    """Recording-quality flags with the reports that evidence each."""
    classes = {c.class_ for c in d.crimes}
    kinds = {r.id: recorded_kind(r.recorded_classification) for r in reports}
    flags: list[Flag] = []
    if classes & CONDUCT and len(reports) >= 2:
        lone = [r for r, k in kinds.items() if k not in ("stalking", "harassment", "ccb")]
        if len(lone) >= 2:
            flags.append(
                Flag(
                    code="SEPARATE_INCIDENTS",
                    page="CRR 2026/27 p.50-51",
                    text="a course of conduct logged as separate one-off incidents",
                    evidence=tuple(lone),
                )
            )
    # Aggravated forms (8M) cover stalking too: the decision's reasons say which it was.
    aggravated_stalking = bool(classes & AGGRAVATED) and bool(
        d.reasons_for("STALK-FIRST") or d.reasons_for("EXPARTNER")
    )
    if classes & STALKING or aggravated_stalking:
        flags += _stalking_flags(reports, kinds)
    flags += _late_and_breach(reports, d, kinds, clock)
    return flags


def _stalking_flags(reports: Sequence[ConductReport], kinds: dict[str, str]) -> list[Flag]:
    flags = [
        Flag(
            code=f"STALKING_RECORDED_AS_{kind.upper()}",
            page="CRR 2026/27 p.51-52",
            text=f"stalking recorded as {kind.replace('_', ' ')}",
            evidence=ev,
        )
        for kind in ("harassment", "malicious_communications", "criminal_damage", "other")
        if (ev := tuple(r for r, k in kinds.items() if k == kind))
    ]
    pins = tuple(
        r.id
        for r in reports
        if kinds[r.id] == "pin" or any(recorded_kind(a.type) == "pin" for a in r.police_actions)
    )
    if pins:
        flags.append(
            Flag(
                code="PIN_IN_STALKING",
                page="NPCC/CPS protocol 2018 (DOMAIN.md §1)",
                text="a harassment warning (PIN) was issued in a stalking case",
                evidence=pins,
            )
        )
    return flags


def _late_and_breach(
    reports: Sequence[ConductReport],
    d: RecordingDecision,
    kinds: dict[str, str],
    clock: Timeliness | None,
) -> list[Flag]:
    flags: list[Flag] = []
    late = tuple(
        r.id
        for r in reports
        if r.recorded_at is not None and r.recorded_at - r.reported_at > timedelta(hours=24)
    )
    if not late and clock and clock.recording_status == "missed" and clock.recordable_from_report:
        late = (clock.recordable_from_report,)
    if late:
        flags.append(
            Flag(
                code="NOT_RECORDED_IN_24H",
                page="CRR 2026/27 p.10",
                text="not recorded within 24 hours of the report",
                evidence=late,
            )
        )
    breach_events = {e for c in d.crimes if c.basis == "breach" for e in c.events}
    missed = tuple(r for r in sorted(breach_events) if kinds.get(r) != "breach")
    if missed:
        flags.append(
            Flag(
                code="BREACH_NOT_RECORDED",
                page="CRR 2026/27 p.89",
                text="a notifiable breach of an order was not recorded",
                evidence=missed,
            )
        )
    return flags
