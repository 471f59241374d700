"""What the narrative app offers other apps (conduct, risk, linkage): read-only, plain data.

- :func:`happened_codes` / :func:`happened_tags`: the behaviours and risk cues that happened in
  a report, from the stored tags with officers' reviews applied (a rejected tag does not count; a
  corrected tag counts with its corrected code and status; an officer's own tag counts). A
  report with nothing stored (no ``Reading``, no tag) is read by the engine on the fly.
- :func:`report_identifiers`: every identifier of a report, from the form (people's
  identifiers) and from the narrative text, in one list, for linkage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from engines.narrative import tag
from mosaic.narratives.models import ExtractedIdentifier, Reading, ReviewState, Tag
from mosaic.people.models import Identifier
from mosaic.reports.models import Report


@dataclass(frozen=True)
class HappenedTags:
    """Codes that happened in one report and the words for each (same shape as conduct's
    ``facts.Tags``, so its adapter can switch to stored tags by calling this)."""

    behaviours: tuple[str, ...] = ()
    risk_cues: tuple[str, ...] = ()
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    version: str = ""
    reviewed: bool = False


def _from_pairs(pairs: list[tuple[str, str, str]], version: str, reviewed: bool) -> HappenedTags:
    words: dict[str, list[str]] = {}
    kinds: dict[str, str] = {}
    for code, kind, text in pairs:
        words.setdefault(code, []).append(text)
        kinds[code] = kind
    return HappenedTags(
        behaviours=tuple(sorted(c for c, k in kinds.items() if k == "behaviour")),
        risk_cues=tuple(sorted(c for c, k in kinds.items() if k == "risk_cue")),
        words={c: tuple(w) for c, w in words.items()},
        version=version,
        reviewed=reviewed,
    )


@lru_cache(maxsize=8192)
def _engine_reading(text: str, reported_at: datetime) -> HappenedTags:
    """The engine's own reading of a report with nothing stored (memoised: same text, same
    reading; the lexicon is fixed for the life of the process)."""
    result = tag(text, reported_at=reported_at)
    pairs = [(h.code, h.kind, h.text) for h in result.happened()]
    return _from_pairs(pairs, result.lexicon_version, reviewed=False)


def _stored(report: Report) -> tuple[Reading | None, list[Tag]]:
    """The report's reading and tags: from ``Report.objects.for_engines()``'s prefetch when it
    was used (no query per report), else two queries."""
    tags = list(report.tags.all())
    try:
        reading: Reading | None = report.narrative_reading
    except Reading.DoesNotExist:
        reading = None
    return reading, tags


def happened_tags(report: Report) -> HappenedTags:
    """Behaviours and risk cues that happened in ``report``, honouring officers' reviews.

    Stored tags win: a confirmed, corrected or officer-added tag counts with its (corrected)
    code and status; a rejected one does not. Only a report with nothing stored (no reading and
    no tag: stored before tagging at intake existed) is read by the engine on the fly.
    ``version`` is the lexicon version of the stored reading (``"…+officer"`` when an officer
    reviewed or added any tag, since the result is then no longer the engine's alone).
    """
    reading, tags = _stored(report)
    if reading is None and not tags:
        return _engine_reading(report.narrative, report.reported_at)
    reviewed = any(t.review_state != ReviewState.UNREVIEWED for t in tags)
    counted = sorted(
        (t for t in tags if t.review_state != ReviewState.REJECTED and t.status == "happened"),
        key=lambda t: (t.start, -t.end, t.pk),
    )
    version = reading.lexicon_version if reading is not None else "officer"
    if reviewed and reading is not None:
        version += "+officer"
    return _from_pairs([(t.code, t.kind, t.text) for t in counted], version, reviewed)


def happened_codes(report: Report) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``(behaviours, risk_cues)`` that happened in ``report`` (see :func:`happened_tags`)."""
    found = happened_tags(report)
    return found.behaviours, found.risk_cues


@dataclass(frozen=True)
class ReportIdentifier:
    """One identifier of a report: where it came from (``form`` or ``narrative``) and its
    normalised value (``""`` when unreadable: kept as written, never matched)."""

    source: str
    type: str
    raw: str
    value: str
    platform: str
    person_id: int | None = None
    start: int | None = None
    end: int | None = None


def report_identifiers(report: Report) -> list[ReportIdentifier]:
    """Identifiers of a report from the form (with the person they were given for) and from
    the narrative (with their offsets), form first. Duplicates are kept: the same phone given on
    the form and written in the text is two pieces of evidence."""
    found = [
        ReportIdentifier("form", i.type, i.raw, i.value or "", i.platform, person_id=i.person_id)
        for i in Identifier.objects.filter(mention__report=report).order_by("pk")
    ]
    found += [
        ReportIdentifier("narrative", e.type, e.raw, e.value, e.platform, start=e.start, end=e.end)
        for e in ExtractedIdentifier.objects.filter(report=report).order_by("start")
    ]
    return found
