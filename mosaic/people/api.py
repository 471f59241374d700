"""``/api/people``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from mosaic.audit.trail import consult
from mosaic.people.access import get_person_for_user
from mosaic.people.presenters import person_profile
from mosaic.reports.presenters import report_summary
from mosaic.reports.schemas import IdentifierOut, ReportSummaryOut
from mosaic.security.masking import identifier_data

router = Router(tags=["people"])


class PersonOut(Schema):
    ref: str
    display_name: str
    names: list[str]
    identifiers: list[IdentifierOut]
    reports: list[ReportSummaryOut]


@router.get("/{ref}", response=PersonOut, summary="A person and every report involving them")
def read_person(request: HttpRequest, ref: str) -> dict[str, Any]:
    person = get_person_for_user(request.user, ref)  # type: ignore[arg-type]
    consult(actor=request.user, target_type="person", target_id=ref, action="api_person_read")
    profile = person_profile(request.user, person)  # type: ignore[arg-type]
    return {
        "ref": person.ref,
        "display_name": person.display_name,
        "names": profile.names,
        "identifiers": [identifier_data(i, profile.masking_role) for i in profile.identifiers],
        "reports": [report_summary(r) for r in profile.reports],
    }
