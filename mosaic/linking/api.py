"""``/api/linking`` (review queue, confirm, reject) and ``POST /api/reports/preview``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from mosaic.audit.trail import consult
from mosaic.linking.access import decisions_visible_to, get_decision_for_user
from mosaic.linking.actions import link_decision_confirm, link_decision_reject
from mosaic.linking.models import LinkDecision
from mosaic.linking.presenters import PersonPreview, preview_report
from mosaic.linking.schemas import DecisionOut, PreviewOut, ReasonIn, RejectIn
from mosaic.reports.presenters import report_summary
from mosaic.reports.schemas import ReportIn

router = Router(tags=["linking"])
preview_router = Router(tags=["reports"])


def decision_data(d: LinkDecision) -> dict[str, Any]:
    """A link decision in the shape of ``DecisionOut``."""
    person = d.mention.person
    return {
        "id": d.pk,
        "report": d.mention.report.reference,
        "role": d.mention.role,
        "mention": d.mention.label,
        "person": person.ref if person else None,
        "candidate": d.candidate.ref if d.candidate else None,
        "status": d.status,
        "probability": d.probability,
        "match_weight": d.score,
        "model_version": d.model_version,
        "explanation": d.explanation,
        "follows": d.follows_id,
    }


def _preview_data(p: PersonPreview) -> dict[str, Any]:
    matches = [
        {
            "person": m.person.ref,
            "display_name": m.person.display_name,
            "probability": m.probability,
            "band": m.band,
            "earlier_reports": [report_summary(r) for r in m.reports],
            "other_victims": m.other_victims,
            "explanation": m.explanation,
        }
        for m in p.matches
    ]
    return {
        "role": p.role,
        "label": p.label,
        "matches": matches,
        "held_by_other_units": p.hidden_reports,
    }


@preview_router.post("/preview", response=PreviewOut, summary="Earlier reports, before saving")
def preview(request: HttpRequest, payload: ReportIn) -> dict[str, Any]:
    if not request.user.can_record_reports:  # type: ignore[union-attr]
        raise HttpError(403, "your role does not record reports")
    previews = preview_report(request.user, payload)  # type: ignore[arg-type]
    consult(
        actor=request.user,
        target_type="report_preview",
        target_id="-",
        action="api_report_preview",
        details={"matches": [m.person.ref for p in previews for m in p.matches]},
    )
    return {"people": [_preview_data(p) for p in previews]}


@router.get("/review", response=list[DecisionOut], summary="The review queue")
def review_queue(request: HttpRequest) -> list[dict[str, Any]]:
    waiting = (
        decisions_visible_to(request.user)  # type: ignore[arg-type]
        .waiting()
        .select_related("mention__report", "mention__person", "candidate")
        .order_by("decided_at", "pk")[:200]
    )
    consult(actor=request.user, target_type="review_queue", target_id="-", action="api_review")
    return [decision_data(d) for d in waiting]


def _review(request: HttpRequest, pk: int, reason: str, confirm: bool) -> dict[str, Any]:
    decision = get_decision_for_user(request.user, pk)  # type: ignore[arg-type]
    act = link_decision_confirm if confirm else link_decision_reject
    try:
        new = act(actor=request.user, decision=decision, reason=reason)  # type: ignore[arg-type]
    except ValueError as exc:
        raise HttpError(409, str(exc)) from exc
    return decision_data(
        LinkDecision.objects.select_related("mention__report", "mention__person", "candidate").get(
            pk=new.pk
        )
    )


@router.post("/decisions/{pk}/confirm", response=DecisionOut, summary="Same person")
def confirm(request: HttpRequest, pk: int, payload: ReasonIn) -> dict[str, Any]:
    return _review(request, pk, payload.reason, confirm=True)


@router.post("/decisions/{pk}/reject", response=DecisionOut, summary="Different people")
def reject(request: HttpRequest, pk: int, payload: RejectIn) -> dict[str, Any]:
    return _review(request, pk, payload.reason, confirm=False)
