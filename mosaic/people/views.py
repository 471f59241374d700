"""Person pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from mosaic.audit.trail import consult
from mosaic.linking.access import merged_into
from mosaic.linking.actions import MERGER_ROLES
from mosaic.linking.presenters import person_linking
from mosaic.people.access import get_person_for_user
from mosaic.people.presenters import person_profile


@login_required
def person_detail(request: HttpRequest, ref: str) -> HttpResponse:
    survivor = merged_into(request.user, ref)  # type: ignore[arg-type]
    if survivor is not None:
        # A merged-away ref is never reused: it leads to the person it became.
        return redirect("person_detail", survivor.ref)
    person = get_person_for_user(request.user, ref)  # type: ignore[arg-type]
    consult(actor=request.user, target_type="person", target_id=ref, action="person_detail")
    profile = person_profile(request.user, person)  # type: ignore[arg-type]
    context = {
        "profile": profile,
        "linking": person_linking(request.user, person),  # type: ignore[arg-type]
        "can_merge": request.user.role in MERGER_ROLES,  # type: ignore[union-attr,operator]
    }
    return render(request, "people/person_detail.html", context)
