"""Text preparation: a lower-cased matching copy with a map back to the original offsets,
sentence spans and clause boundaries.

Matching runs on the copy (lower case, typographic quotes folded, control characters and runs of
whitespace collapsed to one space); every offset handed out is mapped back to the original text,
so ``text[start:end]`` is always what was matched.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_FOLD = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)
_SPACE_RUN = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u200b\ufeff]+")
_NEEDS_COLLAPSE = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u200b\ufeff]{2}|[^\S ]|[\x00-\x1f\x7f-\x9f]")
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "pc",
        "dc",
        "ps",
        "sgt",
        "insp",
        "st",
        "no",
        "approx",
        "e.g",
        "i.e",
        "etc",
        "vs",
        "tel",
        "ref",
        "rd",
        "ave",
        "nr",
        "dept",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)
_BOUNDARY = re.compile(r"[.!?]+[\"')\]]*(?= )")


@dataclass(frozen=True, slots=True)
class Prepared:
    """The matching copy of a text and the way back to the original offsets."""

    original: str
    norm: str
    offsets: list[int] | None  # norm index -> original index; None when identical

    def to_original(self, index: int) -> int:
        """The original offset of a position in the matching copy (end positions included)."""
        if self.offsets is None:
            return index
        if index >= len(self.norm):
            return len(self.original)
        return self.offsets[index]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the copy's ``[start, end)``."""
        if start >= end:
            position = self.to_original(start)
            return position, position
        return self.to_original(start), self.to_original(end - 1) + 1


def lower_same_length(text: str) -> str:
    """``text`` lower-cased, character for character (offsets stay valid)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters (e.g. Turkish dotted I) lower-case into two: keep those as they are.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def prepare(text: str) -> Prepared:
    """Build the matching copy of ``text``."""
    folded = lower_same_length(text).translate(_FOLD)
    if not _NEEDS_COLLAPSE.search(folded):
        return Prepared(original=text, norm=folded, offsets=None)
    pieces: list[str] = []
    offsets: list[int] = []
    position = 0
    for match in _SPACE_RUN.finditer(folded):
        pieces.append(folded[position : match.start()])
        offsets.extend(range(position, match.start()))
        pieces.append(" ")
        offsets.append(match.start())
        position = match.end()
    pieces.append(folded[position:])
    offsets.extend(range(position, len(folded)))
    return Prepared(original=text, norm="".join(pieces), offsets=offsets)


def sentence_spans(norm: str) -> list[tuple[int, int]]:
    """Sentence ``(start, end)`` spans over the matching copy."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(norm):
        if match.group().startswith("."):
            word = norm[max(start, match.start() - 6) : match.start()].rsplit(" ", 1)[-1]
            if word.strip("(").lower() in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
        _append_trimmed(spans, norm, start, match.end())
        start = match.end()
    _append_trimmed(spans, norm, start, len(norm))
    return spans


def _append_trimmed(spans: list[tuple[int, int]], norm: str, start: int, end: int) -> None:
    segment = norm[start:end]
    stripped = segment.strip()
    if stripped:
        lead = len(segment) - len(segment.lstrip())
        spans.append((start + lead, start + lead + len(stripped)))


class SentenceIndex:
    """Finds the sentence holding a position."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans or [(0, 0)]
        self._starts = [s for s, _ in self.spans]

    def find(self, position: int) -> tuple[int, int]:
        """The sentence span containing ``position`` (the nearest earlier one if in a gap)."""
        index = max(0, bisect_right(self._starts, position) - 1)
        return self.spans[index]


# Where a negation or hypothesis stops reaching (NegEx "termination" terms).
CLAUSE_BREAK = re.compile(
    r"[,;:()\[\]]| - |\b(?:but|however|although|though|whereas|except|(?<!not )yet(?! to\b)|then|"
    r"which|who|"
    r"since|because|after|before|when|until|while|whilst|so)\b|"
    # "not to contact me and he has messaged me": a new subject starts a new clause
    r"\band (?=(?:he|she|i|they|we|the suspect|susp)\b)"
)


def clause_start(norm: str, sentence_start: int, position: int) -> int:
    """Start of the clause holding ``position``: just after the last break before it."""
    last = sentence_start
    for match in CLAUSE_BREAK.finditer(norm, sentence_start, position):
        last = match.end()
    return last
