"""What the misuse rules read: staff, the people on file, and the access trail."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

RULES_VERSION = "misuse-2026.1"


@dataclass(frozen=True)
class Staff:
    """A member of staff as the rules see them (home details come from HR, not casework)."""

    id: str
    surname: str
    home_postcode: str
    shift_start_hour: int = 7  # local hours; a shift may run past midnight
    shift_end_hour: int = 17
    assigned_cases: frozenset[str] = frozenset()

    def on_shift(self, at: datetime) -> bool:
        h = at.hour
        if self.shift_start_hour <= self.shift_end_hour:
            return self.shift_start_hour <= h < self.shift_end_hour
        return h >= self.shift_start_hour or h < self.shift_end_hour


@dataclass(frozen=True)
class Subject:
    """A person on file: surname, postcodes linked to them, role and case."""

    id: str
    surname: str
    postcodes: frozenset[str]
    role: str  # victim, suspect, witness
    case: str
    case_closed_at: datetime | None = None


@dataclass(frozen=True)
class Access:
    """One audited access: a read, a reveal or an export."""

    at: datetime
    actor: str
    action: str  # read, reveal, export
    subject: str | None = None
    case: str | None = None
    task: str | None = None  # the task or reason the access was made under, if any
    rows: int = 1


@dataclass(frozen=True)
class Alert:
    """A possible misuse, with the accesses that raised it and why."""

    rule: str
    actor: str
    explanation: str
    evidence: tuple[Access, ...] = field(default_factory=tuple)
    version: str = RULES_VERSION
