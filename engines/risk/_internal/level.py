"""The risk level of a course of conduct: the DASH band combined with the dynamic signals.

An assessed level is never lowered automatically: the previous level is a floor, and
professional judgement may raise the level but never lower it (DOMAIN.md section 4).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .config import RiskBand, resolve_rules, rules_version
from .marac import ProfessionalJudgement
from .questionnaire import DashResult
from .signals import Signal


@dataclass(frozen=True, slots=True)
class LevelChange:
    """One step that set or raised the level, or a request that was refused, with why."""

    source: str
    from_level: RiskBand
    to_level: RiskBand
    reason: str
    applied: bool = True


@dataclass(frozen=True, slots=True)
class RiskLevel:
    """The level and its story. ``rising``: alert ``alerts`` (officer in case, supervisor)."""

    level: RiskBand
    previous_level: RiskBand | None
    rising: bool
    reassess_prompt: bool
    reassess_reasons: tuple[str, ...]
    alerts: tuple[str, ...]
    changes: tuple[LevelChange, ...]
    rules_version: str


def _raise(level: RiskBand, to: RiskBand | None, source: str, reason: str) -> LevelChange | None:
    if to is None or to.rank <= level.rank:
        return None
    return LevelChange(source, level, to, reason)


def _concurrent(level: RiskBand, sigs: Sequence[Signal], cfg: dict[str, Any]) -> LevelChange | None:
    """Escalation seen by independent measures at once (say frequency and severity both
    rising, or a new risk cue with a rising trend): their concurrence implies a higher floor
    than any one alone (``level_floors.concurrent_rising``; DOMAIN.md §4: escalation in
    frequency or severity is a risk factor in its own right)."""
    rule = cfg["level_floors"].get("concurrent_rising")
    if not rule:
        return None
    kinds = sorted({s.kind for s in sigs if s.rising and s.floor is not None})
    if len(kinds) < int(rule["min_kinds"]):
        return None
    codes = ", ".join(s.code for s in sigs if s.rising and s.floor is not None)
    return _raise(
        level,
        RiskBand(rule["floor"]),
        "signal:concurrent",
        f"{len(kinds)} kinds of rising signal at once ({codes})",
    )


def _steps(
    latest: DashResult | None,
    sigs: Sequence[Signal],
    previous: RiskBand | None,
    cfg: dict[str, Any],
) -> list[LevelChange]:
    level = previous or RiskBand.STANDARD
    steps: list[LevelChange] = []
    if latest is not None:
        band = latest.band if latest.is_complete else latest.provisional_band
        label = "DASH band" if latest.is_complete else "DASH draft, provisional band"
        ch = _raise(level, band, "dash", f"{label} {band} ({latest.yes_count} yes)")
        if ch:
            steps.append(ch)
            level = ch.to_level
    for sig in sigs:
        ch = _raise(level, sig.floor, f"signal:{sig.kind}", f"{sig.code}: {sig.reason}")
        if ch:
            steps.append(ch)
            level = ch.to_level
    ch = _concurrent(level, sigs, cfg)
    if ch:
        steps.append(ch)
    return steps


def _judgement(level: RiskBand, pj: ProfessionalJudgement | None) -> LevelChange | None:
    if pj is None or pj.level is None:
        return None
    if pj.level.rank > level.rank:
        return LevelChange("professional_judgement", level, pj.level, f"{pj.officer}: {pj.reason}")
    if pj.level.rank < level.rank:
        # Recorded so the request is visible, but never applied: judgement cannot lower risk.
        return LevelChange(
            "professional_judgement",
            level,
            level,
            f"{pj.officer} asked for {pj.level}; professional judgement may raise risk, never"
            f" lower it ({pj.reason})",
            applied=False,
        )
    return None


def _reassess(
    latest: DashResult | None, sigs: Sequence[Signal], changes: Sequence[LevelChange]
) -> tuple[str, ...]:
    reasons = []
    if latest is None:
        reasons.append("no DASH on file")
    elif not latest.is_complete:
        reasons.append(f"DASH is a draft ({len(latest.unanswered)} questions unanswered)")
    reasons.extend(f"{s.kind} {s.code}: {s.reason}" for s in sigs if s.rising)
    # A steady signal (proxy pattern, serial perpetrator) that lifted the level above the DASH
    # band also means the DASH no longer tells the whole story.
    rising_kinds = {f"signal:{s.kind}" for s in sigs if s.rising}
    reasons.extend(
        f"level raised by {c.source}: {c.reason}"
        for c in changes
        if c.source.startswith("signal:") and c.source not in rising_kinds
    )
    return tuple(reasons)


def assess(
    latest_assessment: DashResult | None,
    signals: Sequence[Signal],
    previous_level: RiskBand | None = None,
    professional_judgement: ProfessionalJudgement | None = None,
    rules: dict[str, Any] | None = None,
) -> RiskLevel:
    """Combine the latest DASH with the dynamic signals into a risk level.

    The level is the highest of: the previous level, the DASH band (a draft's provisional band),
    each signal's floor and professional judgement. It never goes below ``previous_level``.
    """
    cfg = resolve_rules(rules)
    changes = _steps(latest_assessment, signals, previous_level, cfg)
    level = changes[-1].to_level if changes else (previous_level or RiskBand.STANDARD)
    pj = _judgement(level, professional_judgement)
    if pj is not None:
        changes.append(pj)
        level = pj.to_level
    rising = previous_level is not None and level.rank > previous_level.rank
    reasons = _reassess(latest_assessment, signals, changes)
    return RiskLevel(
        level=level,
        previous_level=previous_level,
        rising=rising,
        reassess_prompt=bool(reasons),
        reassess_reasons=reasons,
        alerts=("officer_in_case", "supervisor") if rising else (),
        changes=tuple(changes),
        rules_version=rules_version(cfg),
    )
