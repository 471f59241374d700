"""MARAC referral criteria: DASH threshold, professional judgement, potential escalation and
repeat referral. Thresholds come from the rule set (``marac``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from .config import RiskBand, resolve_rules, rules_version
from .questionnaire import DashResult
from .timecheck import require_aware


@dataclass(frozen=True, slots=True)
class ProfessionalJudgement:
    """An officer's judgement: may raise risk (``level``) or ask for MARAC; never lowers."""

    officer: str
    reason: str
    level: RiskBand | None = None
    refer_to_marac: bool = False


@dataclass(frozen=True, slots=True)
class Criterion:
    """One MARAC criterion that fired, with its reason and evidence."""

    code: str
    reason: str
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MaracDecision:
    """Whether to refer to MARAC and every criterion that fired."""

    refer: bool
    criteria: tuple[Criterion, ...]
    rules_version: str


def _dash_criterion(dash: DashResult | None, threshold: int) -> Criterion | None:
    if dash is None or dash.yes_count < threshold:
        return None
    # A draft's yes count can only rise as it is completed, so 14+ in a draft already meets it.
    state = "complete" if dash.is_complete else "draft (yes count can only rise)"
    return Criterion(
        code="dash_threshold",
        reason=f"{dash.yes_count} DASH yes answers (>= {threshold}), questionnaire {state}",
        evidence=dash.yes_items,
    )


def _escalation_criterion(
    incident_times: Sequence[datetime], as_at: datetime, minimum: int, days: int
) -> Criterion | None:
    since = as_at - timedelta(days=days)
    recent = sorted(t for t in incident_times if since < t <= as_at)
    if len(recent) < minimum:
        return None
    return Criterion(
        code="potential_escalation",
        reason=f"{len(recent)} police call-outs in the {days} days to {as_at:%Y-%m-%d}"
        f" (>= {minimum})",
        evidence=tuple(t.isoformat() for t in recent),
    )


def _repeat_criterion(
    incident_times: Sequence[datetime],
    previous_referrals: Sequence[datetime],
    as_at: datetime,
    days: int,
) -> Criterion | None:
    past = [r for r in previous_referrals if as_at - timedelta(days=days) <= r <= as_at]
    if not past:
        return None
    last = max(past)
    after = sorted(t for t in incident_times if last < t <= as_at)
    if not after:
        return None
    return Criterion(
        code="repeat_referral",
        reason=f"further incident within {days} days of the MARAC referral of {last:%Y-%m-%d}",
        evidence=tuple(t.isoformat() for t in after),
    )


def marac_referral(
    *,
    dash: DashResult | None,
    incident_times: Sequence[datetime],
    as_at: datetime,
    previous_referrals: Sequence[datetime] = (),
    professional_judgement: ProfessionalJudgement | None = None,
    rules: dict[str, Any] | None = None,
) -> MaracDecision:
    """Apply the four MARAC criteria; refer when any fires.

    ``incident_times`` are the police call-outs in the course; ``previous_referrals`` the dates
    of earlier MARAC referrals. All datetimes must be timezone-aware.
    """
    require_aware("as_at", as_at)
    for i, t in enumerate(incident_times):
        require_aware(f"incident_times[{i}]", t)
    for i, t in enumerate(previous_referrals):
        require_aware(f"previous_referrals[{i}]", t)
    cfg = resolve_rules(rules)
    m = cfg["marac"]
    found = [
        _dash_criterion(dash, int(m["dash_yes_threshold"])),
        _escalation_criterion(
            incident_times, as_at, int(m["escalation_incidents"]), int(m["escalation_window_days"])
        ),
        _repeat_criterion(incident_times, previous_referrals, as_at, int(m["repeat_window_days"])),
    ]
    pj = professional_judgement
    if pj is not None and pj.refer_to_marac:
        found.append(
            Criterion("professional_judgement", f"{pj.officer}: {pj.reason}", (pj.officer,))
        )
    criteria = tuple(c for c in found if c is not None)
    return MaracDecision(refer=bool(criteria), criteria=criteria, rules_version=rules_version(cfg))
