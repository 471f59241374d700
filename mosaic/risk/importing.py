"""Orders and risk assessments from imported files become the risk app's own rows.

Bulk import stages each report's orders and assessments as ``interchange.ImportedOrder`` /
``ImportedAssessment`` (the file's record, mention ids resolved to mention rows). They become
``risk.Order`` and ``risk.RiskAssessment`` rows here, in two steps:

* ``import_checks.record_refusals``, run by the import as it reads each line (processed
  or not), checks what needs no linkage (order dates, conditions, answers) and returns each problem
  as (field, reason); the import refuses the line with them, as for any other bad field.
* :func:`apply_staged`, run by the risk intake step (``risk_update_for_report``) once the
  report is linked and in a course of conduct, turns every staged row of the course's
  reports that is not yet applied into a risk row. Because intake runs report by report in
  time order, an order recorded on a report exists before the next report is checked against
  it; an order applied late (its report joined a course only later, or a file not in time
  order) is also checked against the subject's reports already stored after its start.

Idempotent: an order is kept once per (force, source system, ``order_ref``), an assessment
once per (source system, ``assessment_ref``). Assessments never lower a level: the level is
re-read by ``evaluate`` (``engines.risk.assess``, the previous level is a floor).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from mosaic.accounts.models import User
from mosaic.conduct.models import CourseOfConduct
from mosaic.interchange.models import ImportedAssessment, ImportedOrder
from mosaic.reports.models import Mention, Report
from mosaic.risk.import_checks import (
    answers_of,
    assessment_problems,
    condition_of,
    engine_order,
    order_problems,
    score,
)
from mosaic.risk.models import Order, RiskAssessment


def _staged_orders(report_ids: Iterable[int]) -> list[ImportedOrder]:
    return list(
        ImportedOrder.objects.filter(report_id__in=list(report_ids))
        .select_related("report")
        .order_by("report__occurred_from", "pk")
    )


def _staged_assessments(report_ids: Iterable[int]) -> list[ImportedAssessment]:
    return list(
        ImportedAssessment.objects.filter(report_id__in=list(report_ids))
        .select_related("report")
        .order_by("report__occurred_from", "pk")
    )


@dataclass
class Applied:
    """What :func:`apply_staged` kept, and the staged rows it could not (with why)."""

    orders: list[Order] = field(default_factory=list)
    assessments: list[RiskAssessment] = field(default_factory=list)
    not_applied: list[tuple[str, str]] = field(default_factory=list)

    def details(self) -> dict[str, Any]:
        return {
            "orders_imported": [o.ref for o in self.orders],
            "assessments_imported": [f"{a.tool}:{a.source_ref}" for a in self.assessments],
            "imported_not_applied": [f"{f}: {r}" for f, r in self.not_applied],
        }


def _people(keys: Mapping[str, int], mention_ids: Iterable[str]) -> dict[str, Any]:
    pks = [keys[m] for m in mention_ids if m in keys]
    found = Mention.objects.filter(pk__in=pks).select_related("person")
    by_pk = {m.pk: m.person for m in found}
    return {m: by_pk.get(keys[m]) for m in mention_ids if m in keys}


def _apply_order(
    actor: User,
    course: CourseOfConduct | None,
    force_id: int,
    staged: ImportedOrder,
    applied: Applied,
) -> Order | None:
    data, keys = staged.record["order"], staged.record["mentions"]
    at = f"{staged.report.source_ref} orders {data['order_ref']}"
    people = _people(keys, [data["against"], *data["protects"]])
    subject = people.get(data["against"])
    protected = [p for m in data["protects"] if (p := people.get(m)) is not None]
    if subject is None:
        applied.not_applied.append((f"{at}.against", "the bound person is not resolved"))
        return None
    if not protected:
        applied.not_applied.append((f"{at}.protects", "no protected person is resolved"))
        return None
    if problems := order_problems(0, data, subject.ref):
        # Refused as the line is read (record_refusals); a row staged before that check
        # existed is never kept either, and the trail says why.
        applied.not_applied += [(f"{at}: {f}", r) for f, r in problems]
        return None
    engine = engine_order(data, subject.ref, [p.ref for p in protected])
    order = Order.objects.create(
        force_id=force_id,
        course=course,
        kind=str(engine.kind),
        subject=subject,
        starts_at=engine.starts_at,
        ends_at=engine.ends_at,
        conditions=[condition_of(c) for c in data["conditions"]],
        created_by=actor,
        source_system=staged.report.source_system,
        source_ref=str(data["order_ref"]),
    )
    order.protected.set(protected)
    return order


def _apply_assessment(
    actor: User, course: CourseOfConduct, staged: ImportedAssessment, applied: Applied
) -> RiskAssessment | None:
    data = staged.record["assessment"]
    if problems := assessment_problems(0, data):  # as for orders: refused as read
        at = f"{staged.report.source_ref} risk_assessments {data.get('assessment_ref')}"
        applied.not_applied += [(f"{at}: {f}", r) for f, r in problems]
        return None
    result = score(data)
    kept = asdict(result)
    kept["level_at_time"] = data.get("level_at_time")  # as the file gave it; Mosaic re-scores
    return RiskAssessment.objects.create(
        course=course,
        tool=data["tool"],
        status=str(result.status),
        answers={q: {"value": a.value, "notes": a.notes} for q, a in answers_of(data).items()},
        result=kept,
        config_version=result.config_version,
        assessed_by=actor,
        assessed_at=datetime.fromisoformat(data["completed_at"]),
        source_system=staged.report.source_system,
        source_ref=str(data["assessment_ref"]),
    )


def apply_staged(*, actor: User, course: CourseOfConduct | None, report: Report) -> Applied:
    """Turn the staged orders and assessments of the course's reports into risk rows, each
    once. With no course yet, only the report's own orders are kept (an order binds a person,
    so breaches are checked at once); assessments wait for a course, and an order kept without
    one is attached to the first course its report joins. Called inside the risk step's
    transaction, which writes the one audit event."""
    applied = Applied()
    if course is not None:
        report_ids = list(course.members.values_list("report_id", flat=True))
    else:
        report_ids = [report.pk]
    orders = _staged_orders(report_ids)
    assessments = _staged_assessments(report_ids) if course is not None else []
    if not orders and not assessments:
        return applied
    kept = {
        (o.source_system, o.source_ref): o
        for o in Order.objects.filter(force_id=report.force_id)
        .exclude(source_ref="")
        .filter(source_ref__in=[o.order_ref for o in orders])
    }
    for staged in orders:
        key = (staged.report.source_system, staged.order_ref)
        if key in kept:
            if course is not None and kept[key].course_id is None:
                kept[key].course = course  # its report has joined a course
                kept[key].save(update_fields=["course"])
            continue
        order = _apply_order(actor, course, report.force_id, staged, applied)
        if order is not None:
            kept[key] = order
            applied.orders.append(order)
    done = set(
        RiskAssessment.objects.filter(
            source_ref__in=[a.assessment_ref for a in assessments]
        ).values_list("source_system", "source_ref")
    )
    for item in assessments:
        key = (item.report.source_system, item.assessment_ref)
        if course is not None and key not in done:
            row = _apply_assessment(actor, course, item, applied)
            if row is not None:
                done.add(key)
                applied.assessments.append(row)
    return applied


def reports_after_start(order: Order) -> list[Report]:
    """The subject's reports (as suspect) already stored that happened while the order was
    in force: an order applied after them is checked against them too."""
    found = Report.objects.for_engines().filter(
        force_id=order.force_id,
        mentions__person=order.subject,
        mentions__role="suspect",
        occurred_from__gte=order.starts_at,
    )
    if order.ends_at is not None:
        found = found.filter(occurred_from__lt=order.ends_at)
    return list(found.distinct().order_by("occurred_from", "pk"))
