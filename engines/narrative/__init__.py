"""Narrative engine: read free-text accounts for stalking behaviours, risk cues and identifiers.

Public API (everything else lives in ``_internal`` and may change):

- :func:`tag`: one account -> :class:`NarrativeResult` (hits with status and offsets,
  identifiers, dates, lexicon version, truncated flag).
- :func:`four_view`: several results (one course of conduct) -> :class:`FourView`.
- :func:`misclassification_signal`: a report recorded as something other than stalking or
  harassment whose narrative describes stalking behaviour that happened.
- :data:`LEXICON_VERSION`, :data:`MAX_CHARS`, :data:`STATUSES`.
"""

from __future__ import annotations

from datetime import datetime

from engines.narrative._internal.four import four_view, misclassification_signal
from engines.narrative._internal.lexicon import default_lexicon
from engines.narrative._internal.model import (
    DateMention,
    Evidence,
    FourView,
    Hit,
    Identifier,
    Indicator,
    MisclassificationSignal,
    NarrativeResult,
    Signal,
)
from engines.narrative._internal.status import STATUSES
from engines.narrative._internal.tagger import MAX_CHARS
from engines.narrative._internal.tagger import tag_text as _tag_text

LEXICON_VERSION: str = default_lexicon().version

__all__ = [
    "LEXICON_VERSION",
    "MAX_CHARS",
    "STATUSES",
    "DateMention",
    "Evidence",
    "FourView",
    "Hit",
    "Identifier",
    "Indicator",
    "MisclassificationSignal",
    "NarrativeResult",
    "Signal",
    "four_view",
    "misclassification_signal",
    "tag",
]


def tag(text: str, *, reported_at: datetime | None = None, doc_id: str = "") -> NarrativeResult:
    """Read one free-text account (police narrative or diary entry, British English).

    Returns every behaviour and risk-cue hit with its status (``happened``, ``negated``,
    ``hypothetical``, ``reported``, ``historical``), the exact words and original offsets, the
    sentence and the cue that set the status; identifiers normalised by ``engines.linkage``;
    dates and times (relative ones resolved against ``reported_at`` when given). Text past
    :data:`MAX_CHARS` characters is not read and ``truncated`` says so. Never raises on any
    string.
    """
    return _tag_text(text, reported_at=reported_at, doc_id=doc_id)
