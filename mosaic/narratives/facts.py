"""What the narrative app offers other apps (conduct, risk, linkage): read-only, plain data.

- :func:`happened_codes` / :func:`happened_tags`: the behaviours and risk cues that happened in
  a report, from the stored tags with officers' reviews applied (a rejected tag does not count; a
  corrected tag counts with its corrected code and status; an officer's own tag counts). A
  report stored before this app existed (no ``Reading``) is read by the engine on the fly.
- :func:`report_identifiers`: every identifier of a report, from the form (people's
  identifiers) and from the narrative text, in one list, for linkage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engines.narrative import tag
from mosaic.narratives.models import ExtractedIdentifier, Reading, Tag
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


def happened_tags(report: Report) -> HappenedTags:
    """Behaviours and risk cues that happened in ``report``, honouring officers' reviews.

    ``version`` is the lexicon version of the stored reading (``"…+officer"`` when an officer
    reviewed or added any tag, since the result is then no longer the engine's alone).
    """
    reading = Reading.objects.filter(report=report).first()
    if reading is None:
        result = tag(report.narrative, reported_at=report.reported_at)
        pairs = [(h.code, h.kind, h.text) for h in result.happened()]
        return _from_pairs(pairs, result.lexicon_version, reviewed=False)
    tags = Tag.objects.filter(report=report)
    reviewed = tags.reviewed().exists()
    pairs = list(tags.happened().in_text_order().values_list("code", "kind", "text"))
    version = reading.lexicon_version + ("+officer" if reviewed else "")
    return _from_pairs(pairs, version, reviewed)


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
