"""Writes made by the security app: each atomic, each with exactly one audit event."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from mosaic.accounts.models import User
from mosaic.audit.models import Operation
from mosaic.audit.trail import write_event
from mosaic.reports.models import Mention, Report


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
