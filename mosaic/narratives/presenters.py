"""Tags as HTML (the highlighted narrative) and as plain data (the API).

The highlighted narrative is built here, server-side, from offsets: every slice of the
narrative goes through ``escape`` and every tag through ``format_html``, so a narrative that
contains markup (``<script>``) is shown as text and never runs.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from mosaic.narratives.models import ExtractedIdentifier, Reading, ReviewState, Tag
from mosaic.reports.models import Report

# The order a segment covered by several tags is coloured by: what counts downstream first.
STATUS_RANK = {"happened": 0, "negated": 1, "hypothetical": 2, "reported": 3, "historical": 4}
LEGEND = [
    ("happened", "Happened: counts towards the course of conduct and risk"),
    ("negated", "Negated: the account says it did not happen"),
    ("hypothetical", "Hypothetical: feared, asked about or possible, not said to have happened"),
    ("reported", "Reported: about someone else (another victim, another person's account)"),
    ("historical", "Historical: long ago or before the present conduct"),
]


def label(tag: Tag) -> str:
    """The visible words that follow a highlight: number, code, status and review."""
    review = "" if tag.review_state == ReviewState.UNREVIEWED else f", {tag.review_state}"
    return f"{tag.code}: {tag.status}{review}"


def _segments(length: int, tags: Sequence[Tag]) -> list[tuple[int, int, list[Tag]]]:
    """The narrative cut at every tag boundary, with the tags covering each piece."""
    cuts = {0, length}
    for t in tags:
        cuts.update((min(t.start, length), min(t.end, length)))
    points = sorted(cuts)
    return [
        (a, b, [t for t in tags if t.start <= a and b <= t.end])
        for a, b in itertools.pairwise(points)
    ]


def highlighted_narrative(narrative: str, tags: Sequence[Tag]) -> SafeString:
    """The narrative as safe HTML: each tagged piece in ``<mark>`` (coloured by status, code
    and status in its ``title``), and after the last piece of each tag its number, code and
    status as visible text (so the tagging does not rely on colour or hovering)."""
    numbered = {t.pk: n for n, t in enumerate(tags, start=1)}
    ends: dict[int, list[Tag]] = {}
    for t in tags:
        ends.setdefault(min(t.end, len(narrative)), []).append(t)
    parts: list[str] = []
    for a, b, covering in _segments(len(narrative), tags):
        words = narrative[a:b]
        if covering:
            first = min(covering, key=lambda t: STATUS_RANK.get(t.status, 9))
            title = "; ".join(label(t) for t in covering)
            parts.append(
                format_html(
                    '<mark class="tag tag-{}" title="{}">{}</mark>', first.status, title, words
                )
            )
        else:
            parts.append(escape(words))
        for t in ends.get(b, []) if covering else []:
            parts.append(
                format_html('<span class="tag-label">[{} {}]</span>', numbered[t.pk], label(t))
            )
    return mark_safe("".join(parts))  # noqa: S308 - every part above is escaped or format_html


def tag_data(tag: Tag) -> dict[str, Any]:
    """A tag in the shape of ``TagOut``."""
    return {
        "id": tag.pk,
        "code": tag.code,
        "kind": tag.kind,
        "status": tag.status,
        "start": tag.start,
        "end": tag.end,
        "text": tag.text,
        "trigger": tag.trigger,
        "rule": tag.rule,
        "lexicon_version": tag.lexicon_version,
        "source": tag.source,
        "review_state": tag.review_state,
        "reviewed_by": tag.reviewed_by.username if tag.reviewed_by else None,
        "reviewed_at": tag.reviewed_at,
        "review_note": tag.review_note,
        "original": tag.original,
    }


def tags_data(report: Report) -> dict[str, Any]:
    """A report's tags, narrative identifiers and misclassification signal (``TagsOut``)."""
    reading = Reading.objects.filter(report=report).first()
    tags = Tag.objects.filter(report=report).select_related("reviewed_by").in_text_order()
    identifiers = ExtractedIdentifier.objects.filter(report=report).order_by("start")
    return {
        "reference": report.reference,
        "lexicon_version": reading.lexicon_version if reading else None,
        "tags": [tag_data(t) for t in tags],
        "identifiers": [
            {k: getattr(i, k) for k in ("type", "raw", "value", "platform", "start", "end")}
            for i in identifiers
        ],
        "misclassification": reading.misclassification if reading else None,
    }


def narrative_panel(report: Report) -> dict[str, Any]:
    """Everything the report page shows about its narrative."""
    reading = Reading.objects.filter(report=report).first()
    tags = list(Tag.objects.filter(report=report).select_related("reviewed_by").in_text_order())
    standing = [t for t in tags if t.review_state != ReviewState.REJECTED]
    four = reading.four if reading else None
    return {
        "reading": reading,
        "tags": tags,
        "highlighted": highlighted_narrative(report.narrative, standing),
        "numbers": {t.pk: n for n, t in enumerate(standing, start=1)},
        "legend": LEGEND,
        "four": [four[k] for k in ("fixated", "obsessive", "unwanted", "repeated")] if four else [],
        "identifiers": list(ExtractedIdentifier.objects.filter(report=report).order_by("start")),
        "misclassification": reading.misclassification if reading else None,
    }


def correction_record(report: Report, tags: Sequence[Tag]) -> dict[str, Any]:
    """One report's reviewed tags in the evaluation format of ``engines/narrative/eval``
    (``{"id", "text", "labels": [{"code", "status"}], "split"}``), with each review kept so a
    miss (officer-added), a false reading (rejected) and a wrong status (corrected) can be told
    apart. Labels are what officers vouched for: confirmed, corrected and added tags."""
    labels = sorted({(t.code, t.status) for t in tags if t.review_state != ReviewState.REJECTED})
    return {
        "id": report.reference,
        "text": report.narrative,
        "labels": [{"code": c, "status": s} for c, s in labels],
        "split": "reviewed",
        "reviews": [
            {
                **t.values(),
                "source": t.source,
                "review_state": t.review_state,
                "original": t.original,
                "lexicon_version": t.lexicon_version,
            }
            for t in tags
        ],
    }
