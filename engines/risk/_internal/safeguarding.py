"""Safeguarding prompts for a case, and the refusal of Police Information Notices in stalking.

Sources: 2017 HMIC/HMCPSI inspection *Living in fear* (stop PINs), 2018 NPCC/CPS stalking
protocol (PINs never used in stalking cases), SPA 2019 (consider an SPO early), DOMAIN.md §5.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .config import resolve_rules, rules_version
from .marac import MaracDecision
from .prompts import Prompt
from .questionnaire import sdash_prompt


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What the safeguarding rules need to know about one case."""

    is_stalking: bool
    incident_count: int = 0
    victim_very_frightened: bool = False
    spo_decision_recorded: bool = False
    isa_referral_recorded: bool = False
    sdash_completed: bool = False
    marac: MaracDecision | None = None
    marac_referral_made: bool = False


@dataclass(frozen=True, slots=True)
class PinDecision:
    """Whether a Police Information Notice / harassment warning may be issued, and why."""

    allowed: bool
    reason: str
    rules_version: str


def _spo(facts: CaseFacts) -> Prompt | None:
    if not facts.is_stalking or facts.spo_decision_recorded:
        return None
    return Prompt(
        code="consider_spo",
        text="Consider a Stalking Protection Order or an interim SPO; record the decision and"
        " the reason.",
        reasons=("stalking case with no SPO decision recorded (SPA 2019)",),
        decision_required=True,
    )


def _isa(facts: CaseFacts) -> Prompt | None:
    if not facts.is_stalking or facts.isa_referral_recorded:
        return None
    return Prompt(
        code="refer_isa",
        text="Refer the victim to an independent stalking advocate (ISAC).",
        reasons=("stalking case with no advocate referral recorded",),
        decision_required=True,
    )


def _marac(facts: CaseFacts) -> Prompt | None:
    if facts.marac is None or not facts.marac.refer or facts.marac_referral_made:
        return None
    return Prompt(
        code="refer_marac",
        text="Refer the case to MARAC.",
        reasons=tuple(f"{c.code}: {c.reason}" for c in facts.marac.criteria),
        decision_required=True,
    )


def safeguarding_prompts(facts: CaseFacts, rules: dict[str, Any] | None = None) -> list[Prompt]:
    """The safeguarding actions still open for a case: SPO decision, advocate referral,
    MARAC referral when its criteria are met, and S-DASH when it is due."""
    sdash = (
        None
        if facts.sdash_completed
        else sdash_prompt(facts.incident_count, facts.victim_very_frightened, rules)
    )
    found = [_spo(facts), _isa(facts), _marac(facts), sdash]
    return [p for p in found if p is not None]


def _is_stalking(classification: str, pin: dict[str, Any]) -> bool:
    text = classification.strip()
    if text in pin["stalking_classes"] or text.upper() in pin["stalking_groups"]:
        return True
    return "stalk" in text.casefold()


def check_pin_allowed(classification: str, rules: dict[str, Any] | None = None) -> PinDecision:
    """Refuse a Police Information Notice (harassment warning) in a stalking case.

    ``classification`` is a Home Office class (``195/12``), group (``8Q``) or offence name.
    Outside stalking the notice is not refused by default, but the reason reminds the officer
    to consider stalking first; a force may refuse PINs for harassment too
    (``pin.refuse_for_harassment``).
    """
    cfg = resolve_rules(rules)
    pin = cfg["pin"]
    version = rules_version(cfg)
    if _is_stalking(classification, pin):
        return PinDecision(
            False,
            f"'{classification}' is stalking: PINs and harassment warnings are never used in"
            " stalking cases (2017 HMIC/HMCPSI inspection recommendation; NPCC/CPS stalking"
            " protocol). Investigate the course of conduct instead.",
            version,
        )
    if pin.get("refuse_for_harassment"):
        return PinDecision(False, "this force does not issue PINs (force rule set)", version)
    return PinDecision(
        True,
        "not classified as stalking; consider stalking first (FOUR: fixated, obsessive,"
        " unwanted, repeated) and record why it is not stalking before any warning",
        version,
    )
