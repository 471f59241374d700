"""Writes made by the security app: each atomic, each with exactly one audit event."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from mosaic.accounts.models import Role, User
from mosaic.audit.models import Operation
from mosaic.audit.trail import write_event
from mosaic.reports.models import Mention, Report
from mosaic.security.models import AccessGrant, SecurityNotice


@transaction.atomic
def mfa_device_confirm(*, actor: User | Any, device: TOTPDevice) -> TOTPDevice:
    """Mark an authenticator as confirmed (its first code matched); other devices are removed."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    write_event(
        actor=actor,
        operation=Operation.ALTERATION,
        action="mfa_device_confirm",
        target_type="user",
        target_id=device.user_id,
        details={"device": "totp"},
    )
    return device


@transaction.atomic
def field_reveal(
    *, actor: User, report: Report, mention: Mention, field: str, reason_code: str, reason: str
) -> None:
    """Record that ``actor`` revealed one protected detail, and why (one consultation event)."""
    write_event(
        actor=actor,
        operation=Operation.CONSULTATION,
        action="field_reveal",
        target_type="report",
        target_id=report.reference,
        reason=f"{reason_code}: {reason}",
        details={"mention": mention.pk, "field": field, "role": mention.role},
    )


@transaction.atomic
def access_break_glass(
    *, actor: User, report: Report, reason_code: str, reason: str
) -> AccessGrant:
    """Open a report outside one's access list for at most a shift; tell the supervisors and
    the data protection officers of the owning force (one audit event)."""
    now = timezone.now()
    grant = AccessGrant.objects.create(
        user=actor,
        report=report,
        reason_code=reason_code,
        reason=reason,
        granted_at=now,
        expires_at=now + timedelta(hours=settings.MOSAIC_BREAK_GLASS_HOURS),
    )
    watchers = User.objects.filter(is_active=True).filter(
        Q(role=Role.SUPERVISOR, unit=report.unit)
        | Q(role=Role.DATA_PROTECTION, unit__force_id=report.force_id)
    )
    text = f"{actor.get_full_name() or actor.username} broke the glass on {report.reference}: "
    SecurityNotice.objects.bulk_create(
        SecurityNotice(recipient=w, kind="break_glass", text=(text + reason)[:500], report=report)
        for w in watchers
    )
    write_event(
        actor=actor,
        operation=Operation.CONSULTATION,
        action="access_break_glass",
        target_type="report",
        target_id=report.reference,
        reason=f"{reason_code}: {reason}",
        details={"expires_at": grant.expires_at.isoformat(), "notified": len(watchers)},
    )
    return grant
