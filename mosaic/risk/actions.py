"""Every write to risk: one transaction, one audit event each.

``risk_update_for_report`` is the risk step of intake: it checks the new report against every
active order over its suspect (``engines.risk.check_breaches``), re-reads the course's dynamic
signals and sets its level (``engines.risk.assess``: never lowered automatically), alerting the
officer in case and supervisor when it rises.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from engines.risk import (
    Answer,
    CaseFacts,
    Condition,
    DashResult,
    InvalidAnswers,
    InvalidOrder,
    RiskBand,
    RiskLevel,
    assess,
    check_pin_allowed,
    marac_referral,
    safeguarding_prompts,
    score_dash,
    score_sdash,
    signals,
    validate_order,
)
from engines.risk import Order as RiskOrder
from engines.vocabulary import HOME_OFFICE_CLASSES
from mosaic.accounts.models import READ_ONLY_ROLES, User
from mosaic.audit.models import Operation
from mosaic.audit.trail import write_event
from mosaic.conduct.facts import incident, people, tags_of
from mosaic.conduct.models import CourseOfConduct, Flag, Status
from mosaic.people.models import Person
from mosaic.reports.models import Classification, Report
from mosaic.risk.breaches import likely_breaches, orders_against
from mosaic.risk.importing import Applied, apply_staged, reports_after_start
from mosaic.risk.models import (
    Alert,
    AssessmentStatus,
    Order,
    RiskAssessment,
    RiskLevelChange,
    Tool,
)
from mosaic.risk.models import (
    Breach as BreachRow,
)
from mosaic.web.errors import InputRefused

COURSE_REPORTS_READ = 500  # as the conduct step's history limit


def _course_reports(course: CourseOfConduct) -> list[Report]:
    ids = course.members.order_by("-report__occurred_from").values_list("report_id", flat=True)
    return list(Report.objects.for_engines().filter(pk__in=list(ids[:COURSE_REPORTS_READ])))


def latest_dash(course: CourseOfConduct) -> DashResult | None:
    """The newest DASH on the course, re-scored from its stored answers."""
    row = course.assessments.filter(tool=Tool.DASH).first()
    if row is None:
        return None
    return score_dash({q: Answer(a["value"], a.get("notes", "")) for q, a in row.answers.items()})


def _is_stalking(course: CourseOfConduct) -> bool:
    return HOME_OFFICE_CLASSES.get(course.classification, {}).get("group") == "8Q"


def _prompts(
    course: CourseOfConduct, reports: Sequence[Report], dash: DashResult | None, as_at: datetime
) -> Any:
    times = [r.occurred_from for r in reports]
    marac = marac_referral(dash=dash, incident_times=times, as_at=as_at)
    facts = CaseFacts(
        is_stalking=_is_stalking(course),
        incident_count=len(reports),
        victim_very_frightened=any(
            "victim_very_frightened" in tags_of(r).risk_cues for r in reports
        ),
        spo_decision_recorded=course.orders.filter(kind__startswith="spo").exists(),
        sdash_completed=course.assessments.filter(
            tool=Tool.SDASH, status=AssessmentStatus.COMPLETE
        ).exists(),
        marac=marac,
    )
    return marac, safeguarding_prompts(facts)


def _summary(
    result: RiskLevel, sigs: Sequence[Any], marac: Any, prompts: Any, as_at: datetime
) -> dict[str, Any]:
    return {
        "as_at": timezone.now().isoformat(),
        "signals_as_at": as_at.isoformat(),
        "level": str(result.level),
        "rules_version": result.rules_version,
        "signals": [asdict(s) for s in sigs],
        "reassess_prompt": result.reassess_prompt,
        "reassess_reasons": list(result.reassess_reasons),
        "marac": asdict(marac),
        "prompts": [asdict(p) for p in prompts],
    }


def _keep_changes(
    course: CourseOfConduct, result: RiskLevel, previous: RiskBand | None, report: Report | None
) -> list[RiskLevelChange]:
    """One row per step the engine took (or refused), each with its reason."""
    rows = [
        RiskLevelChange(
            course=course,
            source=c.source,
            from_level="" if previous is None and n == 0 else str(c.from_level),
            to_level=str(c.to_level),
            reason=c.reason,
            applied=c.applied,
            rules_version=result.rules_version,
            report=report,
        )
        for n, c in enumerate(result.changes)
    ]
    if previous is None and not rows:
        rows.append(
            RiskLevelChange(
                course=course,
                source="initial",
                to_level=str(result.level),
                reason="first reading of the course: no DASH or signal above standard",
                rules_version=result.rules_version,
                report=report,
            )
        )
    return RiskLevelChange.objects.bulk_create(rows)


def _as_at(reports: Sequence[Report], report: Report | None) -> datetime:
    """When the signals are read: a report's intake reads the course as at its newest
    incident, so windows ("the last 30 days", "3+ in 12 months") are the incidents' own time,
    not the day the record reached Mosaic (history imported years later keeps its trends; a
    live report is read as at its incident, hours or days before now). Anything else (a DASH
    recorded today) reads it as at now."""
    times = [r.occurred_from for r in reports]
    if report is not None and times:
        return max(times)
    return max([timezone.now(), *times])


def evaluate(
    course: CourseOfConduct, report: Report | None = None
) -> tuple[RiskLevel, list[RiskLevelChange]]:
    """Re-read the course's signals and DASH, set its level (never lower) and keep each change
    with its reason. The caller writes the audit event."""
    reports = _course_reports(course)
    breached = set(
        BreachRow.objects.filter(report__in=reports).values_list("report__reference", flat=True)
    )
    incidents = [incident(r, breached=r.reference in breached) for r in reports]
    as_at = _as_at(reports, report)
    sigs = signals(incidents, as_at=as_at)
    dash = latest_dash(course)
    previous = RiskBand(course.risk_level) if course.risk_level else None
    result = assess(dash, sigs, previous_level=previous)
    changes = _keep_changes(course, result, previous, report)
    marac, prompts = _prompts(course, reports, dash, as_at)
    course.risk_level = str(result.level)
    course.risk_summary = _summary(result, sigs, marac, prompts, as_at)
    course.save(update_fields=["risk_level", "risk_summary", "updated_at"])
    if result.rising:
        text = f"Risk on {course.ref} rose from {result.previous_level} to {result.level}: "
        _alert(
            course,
            "risk_rising",
            text + "re-assess with the victim.",
            {"changes": [c.reason for c in changes]},
        )
    return result, changes


def _alert(course: CourseOfConduct, kind: str, text: str, details: dict[str, Any]) -> None:
    """One alert each for the officer in case and the supervisor."""
    for user in {u for u in (course.officer_in_case, course.supervisor) if u is not None}:
        Alert.objects.create(user=user, course=course, kind=kind, text=text[:400], details=details)


def _record_breaches(report: Report) -> list[BreachRow]:
    """Keep each likely breach of an order over one of the report's suspects, and alert the
    people on the order's case (the report may start a new course: an order ends one)."""
    orders = list(
        orders_against(report.force_id, people(report, "suspect")).select_related(
            "course__officer_in_case", "course__supervisor"
        )
    )
    return [_keep_breach(report, order, b) for order, b in likely_breaches(report, orders)]


def _keep_breach(report: Report, order: Order, b: Any) -> BreachRow:
    """One likely breach kept (once) and the people on the order's case alerted."""
    row, created = BreachRow.objects.get_or_create(
        order=order,
        report=report,
        condition_index=b.condition_index,
        defaults={
            "condition": str(b.condition),
            "evidence": list(b.evidence),
            "notifiable": b.notifiable,
            "home_office_class": b.home_office_class or "",
            "rules_version": b.rules_version,
        },
    )
    if not created:
        return row
    how = (
        f"recorded additionally as {b.home_office_class}"
        if b.notifiable
        else "not notifiable (CRR 2026/27 p.90)"
    )
    case = order.course or _open_course_of(report)
    if case is None:
        return row  # kept and audited; no case yet whose officers to alert
    _alert(
        case,
        "likely_breach",
        f"{report.reference} likely breaches {order.ref} ({order.kind}), "
        f"condition {b.condition}: {'; '.join(b.evidence)}; {how}.",
        {"order": order.ref},
    )
    return row


def _open_course_of(report: Report) -> CourseOfConduct | None:
    return (
        CourseOfConduct.objects.filter(members__report=report, status=Status.OPEN)
        .select_related("officer_in_case", "supervisor")
        .first()
    )


def _imported(
    actor: User, course: CourseOfConduct | None, report: Report
) -> tuple[Applied, list[BreachRow]]:
    """The imported orders and assessments of the course (or, with no course, the report's
    own orders), kept as risk rows (``importing``); a newly kept order is checked against the
    subject's reports already stored in its time."""
    applied = apply_staged(actor=actor, course=course, report=report)
    breaches = []
    for order in applied.orders:
        order = orders_against(order.force_id, [order.subject.ref]).get(pk=order.pk)
        for earlier in reports_after_start(order):
            breaches += [_keep_breach(earlier, o, b) for o, b in likely_breaches(earlier, [order])]
    return applied, breaches


def _pin_check(course: CourseOfConduct, report: Report) -> None:
    """A PIN / harassment warning in a stalking case is refused, with the reason."""
    if report.classification != Classification.WARNING or not course.classification:
        return
    decision = check_pin_allowed(course.classification)
    if not decision.allowed:
        Flag.objects.update_or_create(
            course=course,
            code="PIN_REFUSED",
            defaults={
                "text": decision.reason[:300],
                "page": "NPCC/CPS protocol 2018",
                "evidence": [report.reference],
                "cleared_at": None,
            },
        )


@transaction.atomic
def risk_update_for_report(*, actor: User, report: Report) -> RiskLevel | None:
    """Check a new report against every active order over its suspects, and re-read the risk
    of its course (intake step). Nothing is written for a report with neither."""
    report = Report.objects.for_engines().get(pk=report.pk)
    breaches = _record_breaches(report)
    course = _open_course_of(report)
    applied, earlier = _imported(actor, course, report)
    breaches += earlier
    if course is None and not breaches and not applied.orders and not applied.not_applied:
        return None
    result = None
    if course is not None:
        _pin_check(course, report)
        result, _ = evaluate(course, report)
    write_event(
        actor=actor,
        operation=Operation.COMBINATION,
        action="course_risk_update" if course else "breach_check",
        target_type="course" if course else "report",
        target_id=course.ref if course else report.reference,
        details={
            "report": report.reference,
            "level": str(result.level) if result else "",
            "previous": str(result.previous_level or "") if result else "",
            "breaches": [f"{b.order.ref}#{b.condition_index}" for b in breaches],
            "rules": result.rules_version if result else "",
            **(
                applied.details()
                if applied.orders or applied.assessments or applied.not_applied
                else {}
            ),
        },
    )
    return result


class Refused(InputRefused):
    """Input refused with every problem as (field, reason); nothing was written."""


def _writable(actor: User) -> None:
    if actor.role in READ_ONLY_ROLES:
        raise PermissionDenied("your role may read this course but not change it")


def _score(tool: str, answers: Mapping[str, Answer]) -> Any:
    try:
        return score_dash(answers) if tool == Tool.DASH else score_sdash(answers)
    except InvalidAnswers as exc:
        raise Refused([(f"answers.{p.question_id}", p.reason) for p in exc.problems]) from exc


@transaction.atomic
def assessment_record(
    *, actor: User, course: CourseOfConduct, tool: str, answers: Mapping[str, Answer]
) -> RiskAssessment:
    """Keep a DASH or S-DASH: scored complete only when every question is answered, else a
    draft with no band. A DASH re-reads the course's level (never lowered)."""
    _writable(actor)
    result = _score(tool, answers)
    row = RiskAssessment.objects.create(
        course=course,
        tool=tool,
        status=str(result.status),
        answers={q: {"value": a.value, "notes": a.notes} for q, a in answers.items()},
        result=asdict(result),
        config_version=result.config_version,
        assessed_by=actor,
    )
    level = evaluate(course)[0] if tool == Tool.DASH else None
    write_event(
        actor=actor,
        operation=Operation.COLLECTION,
        action="risk_assessment_record",
        target_type="course",
        target_id=course.ref,
        details={
            "tool": tool,
            "status": row.status,
            "yes": result.yes_count,
            "level": str(level.level) if level else course.risk_level,
        },
    )
    return row


def _people(course: CourseOfConduct, refs: Sequence[str], field: str, role: str) -> list[Person]:
    pool = course.suspects.all() if role == "suspect" else course.victims.all()
    found = {p.ref: p for p in pool.filter(ref__in=list(refs))}
    missing = [(field, f"no {role} {r!r} in this course") for r in refs if r not in found]
    if missing:
        raise Refused(missing)
    return [found[r] for r in refs]


def _engine_order(data: Any, subject: str, protected: Sequence[str]) -> RiskOrder:
    conditions = tuple(
        Condition(
            kind=c.kind,
            protected_ids=tuple(c.protected),
            indirect=c.indirect,
            postcodes=tuple(c.postcodes),
            places=tuple(c.places),
            notification_days=c.notification_days,
        )
        for c in data.conditions
    )
    order = RiskOrder(
        order_id="new",
        kind=data.kind,
        subject_id=subject,
        protected_ids=tuple(protected),
        starts_at=data.starts_at,
        conditions=conditions,
        ends_at=data.ends_at,
        served_at=data.served_at,
    )
    try:
        return validate_order(order)
    except InvalidOrder as exc:
        raise Refused(
            [(p.field.replace("[", ".").replace("]", ""), p.reason) for p in exc.problems]
        ) from exc


@transaction.atomic
def order_record(*, actor: User, course: CourseOfConduct, data: Any) -> Order:
    """Keep a protective order over a suspect of the course; refused, with every reason, when
    its dates are impossible or a condition names no one (``engines.risk.validate_order``)."""
    _writable(actor)
    [subject] = _people(course, [data.subject], "subject", "suspect")
    protected = _people(course, data.protected, "protected", "victim")
    for n, c in enumerate(data.conditions):
        _people(course, c.protected, f"conditions.{n}.protected", "victim")
    _engine_order(data, subject.ref, [p.ref for p in protected])
    order = Order.objects.create(
        force_id=course.force_id,
        course=course,
        kind=data.kind,
        subject=subject,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        served_at=data.served_at,
        conditions=[c.model_dump() for c in data.conditions],
        created_by=actor,
    )
    order.protected.set(protected)
    write_event(
        actor=actor,
        operation=Operation.COLLECTION,
        action="order_record",
        target_type="order",
        target_id=order.ref,
        details={"course": course.ref, "kind": order.kind, "conditions": len(data.conditions)},
    )
    return order
