"""Run the misuse engine over the live access trail and tell the data protection officers.

A thin adapter: audit events become ``Access`` rows, users become ``Staff`` (a unit's reports
count as its members' cases; no shift or home-address data exists yet, so those rules stay
quiet), people in reports become ``Subject``s; each alert becomes a notice with its
explanation and rule version. One audit event (a DPA s.62 combination) per scan.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from engines.misuse import Access, Alert, Staff, Subject, detect
from mosaic.accounts.models import Role, User
from mosaic.audit.models import AuditEvent, Operation
from mosaic.audit.trail import write_event
from mosaic.reports.models import Mention, Report
from mosaic.security.models import SecurityNotice

# Reveal reasons that name a task; "other" does not.
TASK_REASONS = ("investigation", "safeguarding", "victim_contact", "court")


def _accesses(since: datetime) -> list[Access]:
    rows = []
    events = AuditEvent.objects.filter(at__gte=since, actor__isnull=False, target_type="report")
    for e in events.only("at", "actor_id", "action", "target_id", "reason").iterator():
        action = "reveal" if e.action == "field_reveal" else "read"
        task = e.reason.split(":", 1)[0] if e.reason.startswith(TASK_REASONS) else None
        rows.append(Access(e.at, str(e.actor_id), action, f"R:{e.target_id}", e.target_id, task))
    return rows


def _staff() -> list[Staff]:
    cases: dict[int, set[str]] = {}
    for unit_id, reference in Report.objects.values_list("unit_id", "reference"):
        cases.setdefault(unit_id, set()).add(reference)
    return [
        Staff(str(u.pk), u.last_name, "", 0, 24, frozenset(cases.get(u.unit_id or 0, ())))
        for u in User.objects.filter(unit__isnull=False)
    ]


def _subjects() -> list[Subject]:
    # One subject per report, standing for the victim in it (what the browsing rules count).
    victims = Mention.objects.filter(role="victim").select_related("report")
    return [
        Subject(
            f"R:{m.report.reference}",
            (m.name.split() or [""])[-1],
            frozenset(),
            "victim",
            m.report.reference,
        )
        for m in victims
    ]


@transaction.atomic
def misuse_scan(*, actor: User | None, since: datetime) -> list[Alert]:
    """Detect possible misuse in the trail since ``since``; notify each force's DPOs."""
    alerts = detect(_accesses(since), _staff(), _subjects())
    users = {str(u.pk): u for u in User.objects.select_related("unit")}
    for alert in alerts:
        who = users[alert.actor]
        dpos = User.objects.filter(
            role=Role.DATA_PROTECTION, is_active=True, unit__force__units=who.unit
        ).distinct()
        text = f"{who.username}: {alert.explanation} ({alert.rule}, {alert.version})"
        SecurityNotice.objects.bulk_create(
            SecurityNotice(recipient=d, kind=f"misuse:{alert.rule}", text=text[:500]) for d in dpos
        )
    write_event(
        actor=actor,
        operation=Operation.COMBINATION,
        action="misuse_scan",
        target_type="audit",
        target_id="-",
        details={"since": since.isoformat(), "alerts": len(alerts)},
    )
    return alerts
