"""Courses of conduct as plain data for the API and the pages."""

from __future__ import annotations

from collections import Counter
from typing import Any

from mosaic.conduct.models import ClassificationDecision, CourseOfConduct, class_label
from mosaic.reports.models import Report


def course_summary(course: CourseOfConduct) -> dict[str, Any]:
    """The few facts a report page or list shows about its course."""
    return {
        "ref": course.ref,
        "status": course.status,
        "classification": course.classification,
        "classification_label": course.classification_label,
        "risk_level": course.risk_level,
        "recording_deadline": course.recording_deadline,
    }


def _decision(row: ClassificationDecision) -> dict[str, Any]:
    return {
        "made_at": row.made_at,
        "source": row.source,
        "classification": row.classification,
        "classification_label": row.classification_label,
        "ruleset_version": row.ruleset_version,
        "reason": row.reason,
        "decided_by": row.decided_by.username if row.decided_by else None,
        "report": row.report.reference if row.report else None,
        "crimes": row.crimes,
        "included": list(row.decision.get("included", [])),
        "refer_to_registrar": bool(row.decision.get("refer_to_registrar", False)),
        "reasons": row.reasons,
    }


def course_data(course: CourseOfConduct, reports: list[Report]) -> dict[str, Any]:
    """A course with its reports, decisions, flags, clocks, risk and orders (``CaseOut``)."""
    return {
        **course_summary(course),
        "unit": course.unit.code,
        "officer_in_case": course.officer_in_case.username if course.officer_in_case else None,
        "supervisor": course.supervisor.username if course.supervisor else None,
        "victims": [{"ref": p.ref, "display_name": p.display_name} for p in course.victims.all()],
        "suspects": [{"ref": p.ref, "display_name": p.display_name} for p in course.suspects.all()],
        "included": [{"class": c, "label": class_label(c)} for c in course.included],
        "refer_to_registrar": course.refer_to_registrar,
        "crime_reference": course.crime_reference,
        "recorded_at": course.recorded_at,
        "timeliness": course.timeliness,
        "reports": [r.reference for r in reports],
        "decisions": [
            _decision(d) for d in course.decisions.select_related("decided_by", "report")
        ],
        "flags": [
            {
                "code": f.code,
                "text": f.text,
                "page": f.page,
                "evidence": f.evidence,
                "cleared": f.cleared_at is not None,
            }
            for f in course.flags.all()
        ],
        "risk": course.risk_summary,
        "orders": [
            {
                "ref": o.ref,
                "kind": o.kind,
                "starts_at": o.starts_at,
                "ends_at": o.ends_at,
                "conditions": o.conditions,
            }
            for o in course.orders.all()
        ],
    }


def frequency_by_month(reports: list[Report], changes: list[Any]) -> list[dict[str, Any]]:
    """Incidents per month, with the risk level changes that fell in each month (for the chart)."""
    counts = Counter(r.occurred_from.strftime("%Y-%m") for r in reports)
    marks: dict[str, list[str]] = {}
    for c in changes:
        if c.applied:
            marks.setdefault(c.at.strftime("%Y-%m"), []).append(
                f"{c.from_level or '–'} → {c.to_level}"
            )
    months = sorted(set(counts) | set(marks))
    top = max(counts.values(), default=1)
    return [
        {
            "month": m,
            "count": counts.get(m, 0),
            "top": top,
            "changes": marks.get(m, []),
        }
        for m in months
    ]
