"""The signed-in home page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mosaic.reports.access import reports_visible_to
from mosaic.risk.models import Alert

RECENT = 20


@login_required
def home(request: HttpRequest) -> HttpResponse:
    recent = reports_visible_to(request.user).select_related("unit").order_by("-reported_at")  # type: ignore[arg-type]
    alerts = Alert.objects.unread().filter(user=request.user).select_related("course")  # type: ignore[misc]
    return render(request, "web/home.html", {"recent": recent[:RECENT], "alerts": alerts[:20]})
