"""Every write to courses of conduct: one transaction, one audit event each.

``course_update_for_report`` is the conduct step of intake: it assembles the new report with
the earlier reports about the same suspect (``engines.conduct.assemble``), opens or grows the
stored course, and keeps the engine's recording decision, clocks, links and flags.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from engines.conduct import CourseOfConduct as EngineCourse
from engines.conduct import RecordingDecision, assemble
from engines.vocabulary import HOME_OFFICE_CLASSES
from mosaic.accounts.models import READ_ONLY_ROLES, Role, User
from mosaic.audit.models import Operation
from mosaic.audit.trail import write_event
from mosaic.conduct.access import may_reclassify
from mosaic.conduct.facts import conduct_report, people
from mosaic.conduct.models import (
    ClassificationDecision,
    CourseOfConduct,
    CourseReport,
    Flag,
    Source,
    Status,
)
from mosaic.people.models import Person
from mosaic.reports.models import Report
from mosaic.reports.models import Role as MentionRole
from mosaic.risk.breaches import likely_breaches, orders_against
from mosaic.web.errors import FieldRefused

# The most earlier reports read for one new report: keeps intake bounded for a prolific suspect
# (DOMAIN.md's worst case is about 125 reports; the engine handles 500 in a few ms).
HISTORY_LIMIT = 500
RECLASSIFIED_FLAG = "RULES_DIFFER_FROM_RECLASSIFICATION"


class CaseError(FieldRefused):
    """A change to a course refused as given: the field and the reason."""


def principal_class(decision: RecordingDecision) -> str:
    """The class a course is recorded under: its first principal crime (else its first)."""
    crimes = sorted(decision.crimes, key=lambda c: c.basis != "principal")
    return crimes[0].class_ if crimes else ""


def _history(report: Report, suspects: Sequence[str]) -> list[Report]:
    """The new report and the latest earlier ones in its force naming one of its suspects."""
    ids = (
        Report.objects.filter(
            force_id=report.force_id,
            mentions__role=MentionRole.SUSPECT,
            mentions__person__ref__in=list(suspects),
        )
        .order_by("-occurred_from", "-pk")
        .values_list("pk", flat=True)
        .distinct()[:HISTORY_LIMIT]
    )
    return list(Report.objects.for_engines().filter(pk__in=list(ids)))


def engine_course_for(report: Report, as_at: datetime) -> EngineCourse | None:
    """The engine's course of conduct holding ``report`` (None: no suspect on file)."""
    suspects = people(report, MentionRole.SUSPECT)
    if not suspects:
        return None  # a suspect known only by an identifier waits for linkage
    history = _history(report, suspects)
    if len(history) < 2:
        return None
    orders = list(
        orders_against(report.force_id, {s for r in history for s in people(r, "suspect")})
    )
    facts = []
    for r in history:
        breached = {o.ref: o for o, _ in likely_breaches(r, orders)}
        facts.append(conduct_report(r, list(breached.values())))
    stamp = max(as_at, *(r.reported_at for r in history))
    courses = assemble(facts, as_at=stamp)
    return next(c for c in courses if any(r.id == report.reference for r in c.reports))


def _supervisor_of(unit_id: int) -> User | None:
    return User.objects.filter(unit_id=unit_id, role=Role.SUPERVISOR, is_active=True).first()


def _stored_course(
    engine: EngineCourse, report: Report, actor: User
) -> tuple[CourseOfConduct, bool]:
    """The open stored course these reports already belong to (merging any others into the
    oldest), or a new one owned by the unit that recorded the report."""
    refs = [r.id for r in engine.reports]
    existing = list(
        CourseOfConduct.objects.open()
        .filter(members__report__reference__in=refs)
        .distinct()
        .order_by("pk")
    )
    if not existing:
        course = CourseOfConduct.objects.create(
            force_id=report.force_id,
            unit_id=report.unit_id,
            officer_in_case=actor,
            supervisor=_supervisor_of(report.unit_id),
        )
        return course, True
    course, *others = existing
    for other in others:
        other.status, other.merged_into = Status.MERGED, course
        other.save(update_fields=["status", "merged_into", "updated_at"])
    return course, False


def _join(course: CourseOfConduct, engine: EngineCourse) -> None:
    reasons = {link.report: link.reason for link in engine.links if link.joined}
    have = set(course.members.values_list("report__reference", flat=True))
    missing = [r.id for r in engine.reports if r.id not in have]
    joining = Report.objects.filter(reference__in=missing).only("pk", "reference")
    CourseReport.objects.bulk_create(
        CourseReport(course=course, report=r, reason=reasons.get(r.reference, "")[:300])
        for r in joining
    )
    # People change only when a report brings someone new (another victim, PHA s.7(3)).
    people = {p.ref: p for p in Person.objects.filter(ref__in=[*engine.victims, *engine.suspects])}
    course.victims.add(*(people[r] for r in engine.victims if r in people))
    course.suspects.add(*(people[r] for r in engine.suspects if r in people))


def _gist(decision: dict[str, Any]) -> tuple[Any, ...]:
    """What a decision decided (crimes, included, referral, rules applied), without the wording
    of clocks measured from the moment it was made."""
    reasons = tuple((r["rule"], tuple(r["events"])) for r in decision.get("reasons", []))
    return (
        json.dumps(decision.get("crimes"), sort_keys=True),
        tuple(decision.get("included", [])),
        decision.get("refer_to_registrar"),
        reasons,
    )


def _decide(course: CourseOfConduct, engine: EngineCourse, report: Report) -> bool:
    """Keep the engine's decision if it differs from its last one; True when it changed."""
    data = engine.decision.model_dump(mode="json", by_alias=True)
    data.pop("case_id", None)  # the engine's local course id, not ours
    last = course.decisions.filter(source=Source.ENGINE).first()
    changed = last is None or _gist(last.decision) != _gist(data)
    klass = principal_class(engine.decision)
    if changed:
        ClassificationDecision.objects.create(
            course=course,
            source=Source.ENGINE,
            classification=klass,
            decision=data,
            ruleset_version=engine.decision.ruleset_version,
            report=report,
        )
    if course.classification_source != Source.RECLASSIFICATION:
        course.classification, course.classification_source = klass, Source.ENGINE
        course.included = list(engine.decision.included)
        course.refer_to_registrar = engine.decision.refer_to_registrar
    timeliness = engine.timeliness
    course.timeliness = timeliness.model_dump(mode="json")
    course.recording_deadline = timeliness.recording_deadline
    course.links = [link.model_dump(mode="json") for link in engine.links]
    return changed


def _flags(course: CourseOfConduct, raised: Sequence[dict[str, Any]]) -> None:
    """Raise the flags that hold now, clear those that no longer do (never delete them)."""
    now = timezone.now()
    current = {f.code: f for f in course.flags.all()}
    for item in raised:
        flag = current.pop(item["code"], None) or Flag(course=course, code=item["code"])
        new = (item["text"][:300], item.get("page", ""), list(item.get("evidence", [])), None)
        if flag.pk is None or (flag.text, flag.page, flag.evidence, flag.cleared_at) != new:
            flag.text, flag.page, flag.evidence, flag.cleared_at = new
            flag.save()
    for flag in current.values():
        if flag.cleared_at is None:
            flag.cleared_at = now
            flag.save(update_fields=["cleared_at"])


def _engine_flags(course: CourseOfConduct, engine: EngineCourse) -> list[dict[str, Any]]:
    flags = [f.model_dump(mode="json") for f in engine.flags]
    klass = principal_class(engine.decision)
    if course.classification_source == Source.RECLASSIFICATION and klass != course.classification:
        flags.append(
            {
                "code": RECLASSIFIED_FLAG,
                "text": f"the recording rules now decide {klass or 'no crime'}; the course was "
                f"reclassified as {course.classification or 'no crime'}: review it",
                "page": "CRR 2026/27 p.13",
                "evidence": [r.id for r in engine.reports][-1:],
            }
        )
    keep = [f for f in course.flags.all() if f.code.startswith("PIN_REFUSED") and not f.cleared_at]
    flags += [
        {"code": f.code, "text": f.text, "page": f.page, "evidence": f.evidence} for f in keep
    ]
    return flags


def _refused(actor: User, report: Report, exc: ValueError) -> None:
    # Contradictory facts across reports: the report is kept; the trail says why no course
    # was decided, so the contradiction can be found and put right.
    write_event(
        actor=actor,
        operation=Operation.COMBINATION,
        action="course_update_refused",
        target_type="report",
        target_id=report.reference,
        details={"reason": str(exc)[:500]},
    )


@transaction.atomic
def course_update_for_report(*, actor: User, report: Report) -> CourseOfConduct | None:
    """Assemble a new report with earlier reports about the same suspect, open or grow its
    course of conduct, and keep the recording decision, clocks and flags (intake step).

    Nothing is written (and no event) when the report starts no course: no suspect on file,
    or no earlier report that links to it.
    """
    report = Report.objects.for_engines().get(pk=report.pk)
    try:
        engine = engine_course_for(report, timezone.now())
    except ValueError as exc:
        _refused(actor, report, exc)
        return None
    if engine is None or len(engine.reports) < 2:
        return None
    course, opened = _stored_course(engine, report, actor)
    _join(course, engine)
    changed = _decide(course, engine, report)
    course.save()
    _flags(course, _engine_flags(course, engine))
    write_event(
        actor=actor,
        operation=Operation.COMBINATION,
        action="course_open" if opened else "course_update",
        target_type="course",
        target_id=course.ref,
        details={
            "report": report.reference,
            "reports": len(engine.reports),
            "classification": course.classification,
            "decision_changed": changed,
            "rules": engine.decision.ruleset_version,
        },
    )
    return course


def _check_reclassify(actor: User, classification: str, reason: str) -> None:
    if not may_reclassify(actor):
        raise PermissionDenied("only a supervisor or the force crime registrar may reclassify")
    if classification and classification not in HOME_OFFICE_CLASSES:
        raise CaseError("classification", f"{classification!r} is not a Home Office class")
    if not reason.strip():
        raise CaseError("reason", "give the reason for the reclassification")


@transaction.atomic
def course_reclassify(
    *, actor: User, course: CourseOfConduct, classification: str, reason: str
) -> ClassificationDecision:
    """Reclassify a course (a supervisor or the force crime registrar, with a reason;
    CRR 2026/27 p.13). The rules' decisions go on being kept; where they differ, a flag says so.
    """
    _check_reclassify(actor, classification, reason)
    latest = course.decisions.filter(source=Source.ENGINE).first()
    row = ClassificationDecision.objects.create(
        course=course,
        source=Source.RECLASSIFICATION,
        classification=classification,
        decision=latest.decision if latest else {},
        ruleset_version=latest.ruleset_version if latest else "",
        decided_by=actor,
        reason=reason.strip(),
    )
    before = course.classification
    course.classification, course.classification_source = classification, Source.RECLASSIFICATION
    course.save(update_fields=["classification", "classification_source", "updated_at"])
    write_event(
        actor=actor,
        operation=Operation.ALTERATION,
        action="course_reclassify",
        target_type="course",
        target_id=course.ref,
        reason=reason.strip(),
        details={"from": before, "to": classification},
    )
    return row


@transaction.atomic
def course_record_crime(
    *, actor: User, course: CourseOfConduct, crime_reference: str
) -> CourseOfConduct:
    """Record the course's crime under a crime reference, now (the 24-hour clock stops)."""
    if actor.role in READ_ONLY_ROLES:
        raise PermissionDenied("your role may read this course but not change it")
    if not crime_reference.strip():
        raise CaseError("crime_reference", "give the crime reference")
    course.crime_reference, course.recorded_at = crime_reference.strip(), timezone.now()
    course.save(update_fields=["crime_reference", "recorded_at", "updated_at"])
    write_event(
        actor=actor,
        operation=Operation.ALTERATION,
        action="course_record_crime",
        target_type="course",
        target_id=course.ref,
        details={
            "crime_reference": course.crime_reference,
            "classification": course.classification,
        },
    )
    return course
