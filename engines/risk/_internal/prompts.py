"""The prompt record shared by the questionnaire and safeguarding rules."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Prompt:
    """Something the officer should do, with why; ``decision_required`` means a decision and
    its reason must be recorded (an SPO considered and not sought still needs a reason)."""

    code: str
    text: str
    reasons: tuple[str, ...]
    decision_required: bool = False
