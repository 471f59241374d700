"""Data-protection oversight: the trail of a force, filtered, and who has seen one record.

Only oversight roles (data protection officer, force administrator) reach these pages, and only
for their own force; everyone else gets 404. Reading the trail is itself a consultation.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max, Min
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from mosaic.accounts.models import OVERSIGHT_ROLES, User
from mosaic.audit.models import AuditEvent, AuditEventQuerySet, Operation
from mosaic.audit.trail import consult
from mosaic.people.models import Person
from mosaic.reports.models import Report

PAGE = 200


def _overseer(user: Any) -> User:
    """The signed-in user if they oversee their force's trail; 404 otherwise."""
    if not (user.is_active and user.role in OVERSIGHT_ROLES and user.unit is not None):
        raise Http404("no such page")
    return user  # type: ignore[no-any-return]


def events_overseen_by(user: User) -> AuditEventQuerySet:
    """Events by the staff of ``user``'s force (the trail they answer for)."""
    if user.force_id is None:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(actor__unit__force_id=user.force_id)


class TrailFilter(forms.Form):
    actor = forms.CharField(required=False, max_length=150, label="Username")
    action = forms.CharField(required=False, max_length=64)
    operation = forms.ChoiceField(required=False, choices=[("", "Any"), *Operation.choices])
    target_type = forms.CharField(required=False, max_length=32, label="Record type")
    target_id = forms.CharField(required=False, max_length=64, label="Record")
    since = forms.DateField(required=False, label="From (date)")
    until = forms.DateField(required=False, label="To (date)")

    def apply(self, events: AuditEventQuerySet) -> AuditEventQuerySet:
        data = self.cleaned_data
        exact = {
            "actor__username": data["actor"],
            "action": data["action"],
            "operation": data["operation"],
            "target_type": data["target_type"],
            "target_id": data["target_id"],
        }
        events = events.filter(**{k: v for k, v in exact.items() if v})
        tz = timezone.get_current_timezone()
        if data["since"]:
            events = events.filter(at__gte=datetime.combine(data["since"], time.min, tz))
        if data["until"]:
            events = events.filter(at__lte=datetime.combine(data["until"], time.max, tz))
        return events


@login_required
def trail(request: HttpRequest) -> HttpResponse:
    """The force's access trail, newest first, with filters."""
    user = _overseer(request.user)
    form = TrailFilter(request.GET or None)
    events = events_overseen_by(user)
    if form.is_bound and form.is_valid():
        events = form.apply(events)
    filters = {k: str(v) for k, v in (form.cleaned_data if form.is_bound else {}).items() if v}
    consult(actor=user, target_type="audit", target_id="-", action="trail", details=filters)
    rows = list(events.select_related("actor").order_by("-seq")[:PAGE])
    context = {"form": form, "events": rows, "limit": PAGE}
    return render(request, "security/trail.html", context, status=400 if form.errors else 200)


@login_required
def seen_by(request: HttpRequest, target_type: str, ref: str) -> HttpResponse:
    """Everyone in the force who has read or changed one report or person, and how often."""
    user = _overseer(request.user)
    if target_type == "report":
        found = Report.objects.filter(reference=ref, force=user.unit.force).exists()  # type: ignore[union-attr]
    elif target_type == "person":
        found = Person.objects.filter(ref=ref).exists()
    else:
        found = False
    if not found:
        raise Http404("no such record")
    consult(actor=user, target_type="audit", target_id=f"{target_type}:{ref}", action="seen_by")
    events = events_overseen_by(user).for_target(target_type, ref)
    people = (
        events.values("actor__username", "actor__role", "actor__unit__code")
        .annotate(times=Count("id"), first=Min("at"), last=Max("at"))
        .order_by("-last")
    )
    recent = list(events.select_related("actor").order_by("-seq")[:PAGE])
    context = {"target_type": target_type, "ref": ref, "people": list(people), "events": recent}
    return render(request, "security/seen_by.html", context)
