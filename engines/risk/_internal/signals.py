"""Dynamic risk signals over a course of conduct: frequency and severity trends, new risk
cues, proxy (third-party) pattern and serial perpetration. Each signal carries its evidence."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from .config import RiskBand, resolve_rules, rules_version
from .timecheck import require_aware


@dataclass(frozen=True, slots=True)
class Incident:
    """One incident as plain facts. ``words`` maps a behaviour or cue code to the words or
    evidence spans that showed it (from the narrative engine or the officer)."""

    report_id: str
    occurred_at: datetime
    suspect_id: str | None = None
    victim_ids: tuple[str, ...] = ()
    behaviours: tuple[str, ...] = ()
    risk_cues: tuple[str, ...] = ()
    words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    channel: str | None = None
    breached_order: bool = False
    suspect_other_victims: int = 0


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a signal comes from: a report and the words that showed it."""

    report_id: str
    words: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Signal:
    """A dynamic risk signal. ``floor`` is the lowest risk level it implies (None = none)."""

    kind: str
    code: str
    reason: str
    rising: bool
    floor: RiskBand | None
    evidence: tuple[Evidence, ...]
    metrics: Mapping[str, float]
    rules_version: str


def _cues(inc: Incident) -> set[str]:
    cues = set(inc.risk_cues)
    if inc.breached_order:
        cues.add("breach_of_order")
    return cues


def _severity(inc: Incident, bw: Mapping[str, float], cw: Mapping[str, float]) -> float:
    return sum(bw.get(b, 0.0) for b in set(inc.behaviours)) + sum(
        cw.get(c, 0.0) for c in _cues(inc)
    )


def _floor(cfg: dict[str, Any], key: str, cue: str | None = None) -> RiskBand | None:
    floors = cfg["level_floors"]
    value = floors.get("new_cue", {}).get(cue) if cue else floors.get(key)
    return RiskBand(value) if value else None


def _ev(inc: Incident, codes: Sequence[str] = ()) -> Evidence:
    words = tuple(w for c in codes for w in inc.words.get(c, ()))
    return Evidence(inc.report_id, words)


def _windows(
    incidents: Sequence[Incident], as_at: datetime, days: int
) -> tuple[list[Incident], list[Incident]]:
    start = as_at - timedelta(days=days)
    prev_start = start - timedelta(days=days)
    current = [i for i in incidents if start < i.occurred_at <= as_at]
    previous = [i for i in incidents if prev_start < i.occurred_at <= start]
    return current, previous


def _frequency(
    cur: list[Incident],
    prev: list[Incident],
    s: Mapping[str, Any],
    cfg: dict[str, Any],
    baseline: bool,
) -> Signal:
    """Incidents in the window against the window before. A trend needs a baseline: a course
    whose first incident falls inside the current window has no earlier period to rise from
    (its start is not an acceleration), so it is "new", never "rising"."""
    days = int(s["window_days"])
    rising = (
        baseline
        and len(cur) >= int(s["frequency_min_incidents"])
        and len(cur) >= float(s["frequency_rise_ratio"]) * max(len(prev), 1)
    )
    trend = (
        "rising"
        if rising
        else "new"
        if not baseline
        else ("falling" if len(cur) < len(prev) else "steady")
    )
    return Signal(
        kind="frequency",
        code=f"frequency_{trend}",
        reason=f"{len(cur)} incidents in the last {days} days, {len(prev)} in the {days} before"
        + ("" if baseline else " (the course began in this window: no earlier period)"),
        rising=rising,
        floor=_floor(cfg, "frequency_rising") if rising else None,
        evidence=tuple(Evidence(i.report_id) for i in cur),
        metrics={"current": float(len(cur)), "previous": float(len(prev)), "window_days": days},
        rules_version=rules_version(cfg),
    )


def _severity_trend(
    cur: list[Incident], prev: list[Incident], s: Mapping[str, Any], cfg: dict[str, Any]
) -> Signal | None:
    """Mean severity in the window against the course's earlier incidents: the window before
    when it has any, else every earlier incident (a course with gaps of weeks between
    incidents often has an empty previous window, and its history is then the baseline)."""
    if not cur:
        return None
    bw, cw = s["behaviour_weights"], s["risk_cue_weights"]
    cur_mean = sum(_severity(i, bw, cw) for i in cur) / len(cur)
    prev_mean = sum(_severity(i, bw, cw) for i in prev) / len(prev) if prev else 0.0
    rising = bool(prev) and (
        cur_mean >= float(s["severity_rise_ratio"]) * prev_mean
        and cur_mean - prev_mean >= float(s["severity_min_increase"])
    )
    worst = sorted(cur, key=lambda i: -_severity(i, bw, cw))[:5]
    return Signal(
        kind="severity",
        code="severity_rising" if rising else "severity_not_rising",
        reason=f"mean severity {cur_mean:.1f} in the last {s['window_days']} days against "
        f"{prev_mean:.1f} over {len(prev)} earlier incident(s)"
        + ("" if prev else " (no earlier incidents to compare)"),
        rising=rising,
        floor=_floor(cfg, "severity_rising") if rising else None,
        evidence=tuple(_ev(i, (*i.behaviours, *_cues(i))) for i in worst),
        metrics={"current_mean": cur_mean, "previous_mean": prev_mean},
        rules_version=rules_version(cfg),
    )


def _new_cues(
    ordered: Sequence[Incident], as_at: datetime, s: Mapping[str, Any], cfg: dict[str, Any]
) -> list[Signal]:
    start = as_at - timedelta(days=int(s["window_days"]))
    first: dict[str, Incident] = {}
    for inc in ordered:
        for cue in sorted(_cues(inc)):
            first.setdefault(cue, inc)
    out = []
    for cue in s["watched_cues"]:
        seen = first.get(cue)
        if seen is None or seen.occurred_at <= start:
            continue
        later = [i for i in ordered if i.occurred_at >= seen.occurred_at and cue in _cues(i)]
        out.append(
            Signal(
                kind="new_risk_cue",
                code=cue,
                reason=f"new risk cue '{cue}' first seen on {seen.occurred_at:%Y-%m-%d}",
                rising=True,
                floor=_floor(cfg, "new_cue", cue),
                evidence=tuple(_ev(i, (cue,)) for i in later),
                metrics={"occurrences": float(len(later))},
                rules_version=rules_version(cfg),
            )
        )
    return out


def _is_proxy(inc: Incident) -> bool:
    return (
        "third_party_contact" in inc.behaviours
        or "recruits_others" in inc.risk_cues
        or inc.channel == "third_party"
    )


def _proxy(ordered: Sequence[Incident], s: Mapping[str, Any], cfg: dict[str, Any]) -> Signal | None:
    hits = [i for i in ordered if _is_proxy(i)]
    if len(hits) < int(s["proxy_min_incidents"]):
        return None
    codes = ("third_party_contact", "recruits_others")
    return Signal(
        kind="proxy_pattern",
        code="third_party_contact",
        reason=f"{len(hits)} incidents through third parties or others recruited to help",
        rising=False,
        floor=_floor(cfg, "proxy_pattern"),
        evidence=tuple(_ev(i, codes) for i in hits),
        metrics={"incidents": float(len(hits))},
        rules_version=rules_version(cfg),
    )


def _serial(ordered: Sequence[Incident], cfg: dict[str, Any]) -> Signal | None:
    victims = sorted({v for i in ordered for v in i.victim_ids})
    others = max((i.suspect_other_victims for i in ordered), default=0)
    if others <= 0 and len(victims) <= 1:
        return None
    hits = [i for i in ordered if i.suspect_other_victims > 0] or list(ordered)
    reason = f"suspect has {others} other known victim(s)" if others else ""
    if len(victims) > 1:
        reason = (reason + "; " if reason else "") + f"{len(victims)} victims in this course"
    return Signal(
        kind="serial_perpetrator",
        code="other_victims",
        reason=reason,
        rising=False,
        floor=_floor(cfg, "serial_perpetrator"),
        evidence=tuple(Evidence(i.report_id) for i in hits[-10:]),
        metrics={"other_victims": float(others), "victims_in_course": float(len(victims))},
        rules_version=rules_version(cfg),
    )


def signals(
    incidents: Sequence[Incident], as_at: datetime, rules: dict[str, Any] | None = None
) -> list[Signal]:
    """Dynamic risk signals for one course of conduct as at ``as_at``.

    Incidents after ``as_at`` are ignored (a re-run for a past date sees only the past). The
    frequency signal is always present; the others only when they fire.
    """
    require_aware("as_at", as_at)
    for n, inc in enumerate(incidents):
        require_aware(f"incidents[{n}].occurred_at ({inc.report_id})", inc.occurred_at)
        if inc.suspect_other_victims < 0:
            raise ValueError(f"incidents[{n}].suspect_other_victims: must not be negative")
    cfg = resolve_rules(rules)
    s = cfg["signals"]
    ordered = sorted((i for i in incidents if i.occurred_at <= as_at), key=lambda i: i.occurred_at)
    days = int(s["window_days"])
    cur, prev = _windows(ordered, as_at, days)
    baseline = any(i.occurred_at <= as_at - timedelta(days=days) for i in ordered)
    earlier = prev or [i for i in ordered if i.occurred_at <= as_at - timedelta(days=days)]
    found: list[Signal | None] = [
        _frequency(cur, prev, s, cfg, baseline),
        _severity_trend(cur, earlier, s, cfg),
    ]
    found.extend(_new_cues(ordered, as_at, s, cfg))
    found.extend([_proxy(ordered, s, cfg), _serial(ordered, cfg)])
    return [x for x in found if x is not None]
