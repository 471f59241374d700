"""Result types: the recording decision and the reasons that explain it."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Basis = Literal["principal", "additional", "breach"]


class Reason(BaseModel):
    """One rule application: which rule, what it decided here, and the CRR page it rests on."""

    model_config = ConfigDict(frozen=True)

    rule: str
    text: str
    page: str
    events: tuple[str, ...] = ()


class Crime(BaseModel):
    """One crime to record (counted)."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    victim: str
    offender: str
    class_: str = Field(alias="class")
    basis: Basis
    events: tuple[str, ...]

    def key(self) -> tuple[str, str, str, str, tuple[str, ...]]:
        """A comparable identity, order-free on events."""
        return (self.victim, self.offender, self.class_, self.basis, tuple(sorted(self.events)))


class RecordingDecision(BaseModel):
    """What the rules require to be recorded for a case, with every rule application."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    case_id: str
    ruleset_version: str
    crimes: tuple[Crime, ...]
    included: tuple[str, ...]
    refer_to_registrar: bool
    reasons: tuple[Reason, ...]

    def reasons_for(self, rule: str) -> list[Reason]:
        """The reasons that applied rule ``rule``."""
        return [r for r in self.reasons if r.rule == rule]
