"""Person pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mosaic.audit.trail import consult
from mosaic.people.access import get_person_for_user
from mosaic.people.presenters import person_profile


@login_required
def person_detail(request: HttpRequest, ref: str) -> HttpResponse:
    person = get_person_for_user(request.user, ref)  # type: ignore[arg-type]
    consult(actor=request.user, target_type="person", target_id=ref, action="person_detail")
    profile = person_profile(request.user, person)  # type: ignore[arg-type]
    return render(request, "people/person_detail.html", {"profile": profile})
