"""Every write to tags goes through here: one transaction, one audit event each.

Reading a narrative is an automated decision, so each stored tag keeps the engine's explanation
(rule, trigger, lexicon version); an officer's review keeps what the engine said in
``original`` so corrections become evaluation data (``mosaic export-corrections``).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from engines.narrative import NarrativeResult, four_view, misclassification_signal, tag
from engines.vocabulary import BEHAVIOURS
from mosaic.accounts.models import User
from mosaic.audit.models import Operation
from mosaic.audit.trail import write_event
from mosaic.narratives.models import (
    ExtractedIdentifier,
    Reading,
    ReviewState,
    Source,
    Tag,
)
from mosaic.narratives.schemas import ReviewIn, TagIn
from mosaic.reports.models import Report
from mosaic.web.errors import FieldRefused


class TagError(FieldRefused):
    """A review or addition that validated but does not fit the report (offsets past its end)."""


def _kind(code: str) -> str:
    return "behaviour" if code in BEHAVIOURS else "risk_cue"


def _span(report: Report, start: int, end: int) -> str:
    if end > len(report.narrative):
        raise TagError("end", f"is past the end of the narrative ({len(report.narrative)})")
    words = report.narrative[start:end]
    if not words.strip():
        raise TagError("start", "the span holds no words")
    return words


def _store_hits(report: Report, result: NarrativeResult) -> None:
    """Replace the unreviewed engine tags and the extracted identifiers of an earlier reading."""
    version = result.lexicon_version
    stale = Tag.objects.filter(report=report, review_state=ReviewState.UNREVIEWED)
    stale.from_engine().delete()
    Tag.objects.bulk_create(
        Tag(
            report=report,
            code=h.code,
            kind=h.kind,
            status=h.status,
            start=h.start,
            end=h.end,
            text=h.text,
            trigger=h.trigger,
            rule=h.rule[:300],
            lexicon_version=version,
        )
        for h in result.hits
    )
    ExtractedIdentifier.objects.filter(report=report).delete()
    ExtractedIdentifier.objects.bulk_create(
        ExtractedIdentifier(
            report=report,
            type=i.type,
            raw=i.raw[:256],
            value=i.value or "",
            platform=i.platform,
            start=i.start,
            end=i.end,
            lexicon_version=version,
        )
        for i in result.identifiers
    )


@transaction.atomic
def narrative_tag_report(*, actor: User, report: Report) -> Reading:
    """Read a report's narrative with the engine and store what it found (intake step).

    Unreviewed engine tags and extracted identifiers from an earlier reading are replaced;
    officer-added and reviewed tags are kept, since a person's judgement outranks a re-read.
    """
    result = tag(report.narrative, reported_at=report.reported_at, doc_id=report.reference)
    _store_hits(report, result)
    # str(): a fresh report holds the enum member, whose repr would leak into the reason.
    signal = misclassification_signal(str(report.classification), result)
    reading, _ = Reading.objects.update_or_create(
        report=report,
        defaults={
            "lexicon_version": result.lexicon_version,
            "truncated": result.truncated,
            "problems": list(result.problems),
            "four": four_view([result]).to_dict(),
            "misclassification": signal.to_dict() if signal else None,
        },
    )
    write_event(
        actor=actor,
        operation=Operation.ALTERATION,
        action="narrative_tag_report",
        target_type="report",
        target_id=report.reference,
        details={
            "lexicon_version": result.lexicon_version,
            "tags": len(result.hits),
            "identifiers": len(result.identifiers),
            "misclassification": bool(signal),
        },
    )
    return reading


def _reviewed(tag_: Tag, actor: User, state: ReviewState, note: str) -> None:
    tag_.review_state = state
    tag_.reviewed_by = actor
    tag_.reviewed_at = timezone.now()
    tag_.review_note = note


def _audit(actor: User, action: str, tag_: Tag, details: dict[str, object]) -> None:
    write_event(
        actor=actor,
        operation=Operation.ALTERATION,
        action=action,
        target_type="tag",
        target_id=tag_.pk,
        details={"report": tag_.report.reference, **details},
    )


@transaction.atomic
def tag_confirm(*, actor: User, tag: Tag, note: str = "") -> Tag:
    """An officer agrees with a tag as it stands (code, status and words)."""
    _reviewed(tag, actor, ReviewState.CONFIRMED, note)
    tag.save()
    _audit(actor, "tag_confirm", tag, {"code": tag.code, "status": tag.status})
    return tag


@transaction.atomic
def tag_correct(*, actor: User, tag: Tag, data: ReviewIn) -> Tag:
    """An officer changes a tag's code, status or words; the first reading is kept in
    ``original`` (a correction of a correction keeps the engine's first reading)."""
    before = tag.values()
    if data.start is not None and data.end is not None:
        tag.text = _span(tag.report, data.start, data.end)
        tag.start, tag.end = data.start, data.end
    if data.code is not None:
        tag.code, tag.kind = data.code, _kind(data.code)
    if data.status is not None:
        tag.status = data.status
    if tag.values() == before:
        raise TagError("code", "the correction changes nothing: confirm the tag instead")
    if not tag.original:
        tag.original = before
    _reviewed(tag, actor, ReviewState.CORRECTED, data.note)
    tag.save()
    _audit(actor, "tag_correct", tag, {"before": before, "after": tag.values()})
    return tag


@transaction.atomic
def tag_reject(*, actor: User, tag: Tag, note: str) -> Tag:
    """An officer says a tag is wrong (no such act in the words); it stops counting."""
    _reviewed(tag, actor, ReviewState.REJECTED, note)
    tag.save()
    _audit(actor, "tag_reject", tag, {"code": tag.code, "status": tag.status, "note": note})
    return tag


@transaction.atomic
def tag_add(*, actor: User, report: Report, data: TagIn) -> Tag:
    """An officer tags words the engine missed (a miss: evaluation data for recall)."""
    words = _span(report, data.start, data.end)
    new: Tag = Tag.objects.create(
        report=report,
        code=data.code,
        kind=_kind(data.code),
        status=data.status,
        start=data.start,
        end=data.end,
        text=words,
        source=Source.OFFICER,
        review_state=ReviewState.CONFIRMED,
        reviewed_by=actor,
        reviewed_at=timezone.now(),
        review_note=data.note,
    )
    new.report = report
    _audit(actor, "tag_add", new, {"code": new.code, "status": new.status})
    return new


@transaction.atomic
def tag_corrections_export(*, actor: User) -> list[dict[str, object]]:
    """Reviewed tags on the reports ``actor`` may see, as evaluation records (one per report).

    Narratives are personal data leaving the system, so this is a disclosure (DPA 2018 s.62).
    """
    from mosaic.narratives.access import tags_visible_to
    from mosaic.narratives.presenters import correction_record

    tags = tags_visible_to(actor).reviewed().select_related("report").order_by("report", "start")
    by_report: dict[int, list[Tag]] = {}
    for t in tags:
        by_report.setdefault(t.report.pk, []).append(t)
    records = [correction_record(ts[0].report, ts) for ts in by_report.values()]
    write_event(
        actor=actor,
        operation=Operation.DISCLOSURE,
        action="tag_corrections_export",
        target_type="tags",
        target_id="-",
        details={"reports": len(records), "tags": sum(len(ts) for ts in by_report.values())},
        recipient="narrative evaluation data (JSONL)",
    )
    return records


def tag_review(*, actor: User, tag: Tag, data: ReviewIn) -> Tag:
    """Apply an officer's review: one of :func:`tag_confirm`, :func:`tag_correct` or
    :func:`tag_reject` (each its own transaction and audit event)."""
    if data.decision == "confirm":
        return tag_confirm(actor=actor, tag=tag, note=data.note)
    if data.decision == "correct":
        return tag_correct(actor=actor, tag=tag, data=data)
    return tag_reject(actor=actor, tag=tag, note=data.note)
