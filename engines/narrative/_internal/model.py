"""Result types of the narrative engine: frozen dataclasses that turn into plain JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Hit:
    """One behaviour or risk cue found in a text, with the words that justify it.

    ``start``/``end`` index the original text (``text[start:end] == self.text``); the sentence
    span likewise. ``trigger`` is the cue that set a status other than ``happened`` ("" when the
    hit happened) and ``rule`` the lexicon template or regular expression that matched.
    """

    code: str
    kind: str
    status: str
    text: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    trigger: str = ""
    trigger_start: int = -1
    trigger_end: int = -1
    rule: str = ""

    @property
    def happened(self) -> bool:
        """True when the text says this happened (the only status that counts downstream)."""
        return self.status == "happened"


@dataclass(frozen=True, slots=True)
class Identifier:
    """An identifier in the text: type, what was written, its canonical value and offsets."""

    type: str
    raw: str
    value: str
    start: int
    end: int
    platform: str = ""


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date or time in the text; ``value`` is ISO (``2026-03-12`` or ``14:30``) or ``None``.

    Relative dates ("yesterday", "last Tuesday", "on the 3rd") resolve only against the
    ``reported_at`` the caller gives; without it they stay ``None`` with ``relative=True``.
    """

    kind: str
    text: str
    start: int
    end: int
    value: str | None
    relative: bool = False


@dataclass(frozen=True, slots=True)
class Signal:
    """A FOUR signal phrase ("blocked him", "every day") used as evidence by :func:`four_view`."""

    name: str
    text: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int


@dataclass(frozen=True, slots=True)
class NarrativeResult:
    """Everything read from one free-text account."""

    lexicon_version: str
    text_length: int
    truncated: bool
    hits: tuple[Hit, ...]
    identifiers: tuple[Identifier, ...]
    dates: tuple[DateMention, ...]
    signals: tuple[Signal, ...] = ()
    doc_id: str = ""
    problems: tuple[str, ...] = ()

    def happened(self) -> tuple[Hit, ...]:
        """The hits whose status is ``happened``."""
        return tuple(h for h in self.hits if h.happened)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable form."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Evidence:
    """One piece of evidence for a FOUR indicator or a misclassification signal."""

    doc_index: int
    doc_id: str
    code: str
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Indicator:
    """One FOUR indicator: whether it is present, why, and the evidence."""

    name: str
    present: bool
    reason: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class FourView:
    """Fixated, Obsessive, Unwanted, Repeated across a course of conduct."""

    fixated: Indicator
    obsessive: Indicator
    unwanted: Indicator
    repeated: Indicator
    documents: int
    lexicon_version: str

    def present(self) -> tuple[str, ...]:
        """Names of the indicators that are present."""
        return tuple(
            i.name
            for i in (self.fixated, self.obsessive, self.unwanted, self.repeated)
            if i.present
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable form."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class MisclassificationSignal:
    """A report recorded as something else whose narrative describes stalking behaviour."""

    recorded_as: str
    suggested: str
    reason: str
    codes: tuple[str, ...]
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)
    lexicon_version: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable form."""
        return asdict(self)
