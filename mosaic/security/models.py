"""Break-the-glass grants and the security notices they raise."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class BreakGlassReason(models.TextChoices):
    URGENT_SAFEGUARDING = "urgent_safeguarding", "Urgent safeguarding: someone may be at risk now"
    LINKED_INCIDENT = "linked_incident", "An incident I am dealing with links to this report"
    OWNER_UNAVAILABLE = "owner_unavailable", "The owning unit cannot be reached out of hours"
    OTHER = "other", "Other (explain)"


class AccessGrantQuerySet(models.QuerySet["AccessGrant"]):
    def active(self) -> AccessGrantQuerySet:
        return self.filter(expires_at__gt=timezone.now())


class AccessGrant(models.Model):
    """Read access to one report for one user outside its access list, for at most a shift."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    report = models.ForeignKey("reports.Report", on_delete=models.CASCADE, related_name="+")
    reason_code = models.CharField(max_length=24, choices=BreakGlassReason.choices)
    reason = models.CharField(max_length=500)
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    objects = AccessGrantQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["user", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.report_id} until {self.expires_at:%Y-%m-%d %H:%M}"


class SecurityNotice(models.Model):
    """Something a supervisor or the data protection officer must look at (e.g. a break-glass)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=32)
    text = models.CharField(max_length=500)
    report = models.ForeignKey(
        "reports.Report", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"
