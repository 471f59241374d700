"""The access trail: who did what to which record, when and why (DPA 2018 s.62).

Events form a hash chain: each stores the digest of its predecessor, so a changed, deleted or
reordered event breaks every digest after it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Operation(models.TextChoices):
    """The processing operations that DPA 2018 Part 3 s.62 requires to be logged."""

    COLLECTION = "collection", "Collection"
    ALTERATION = "alteration", "Alteration"
    CONSULTATION = "consultation", "Consultation"
    DISCLOSURE = "disclosure", "Disclosure"
    COMBINATION = "combination", "Combination"
    ERASURE = "erasure", "Erasure"


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def for_target(self, target_type: str, target_id: str) -> AuditEventQuerySet:
        return self.filter(target_type=target_type, target_id=target_id)

    def by(self, user_id: int) -> AuditEventQuerySet:
        return self.filter(actor_id=user_id)


class AuditEvent(models.Model):
    """One logged operation on personal data. Rows are only ever inserted."""

    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    operation = models.CharField(max_length=16, choices=Operation.choices)
    action = models.CharField(max_length=64, help_text="The action or view, e.g. report_record.")
    target_type = models.CharField(max_length=32)
    target_id = models.CharField(max_length=64)
    reason = models.CharField(max_length=500, blank=True)
    recipient = models.CharField(max_length=200, blank=True, help_text="For disclosures.")
    details = models.JSONField(default=dict)
    prev_digest = models.CharField(max_length=64)
    digest = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["target_type", "target_id"])]
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.operation} {self.target_type}:{self.target_id}"


class AuditHead(models.Model):
    """The newest event's sequence number and digest, in a single row.

    Appends lock this row, which serialises writers on every database, and verification
    compares the chain's end with it, so deleting the newest events is detected too.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    digest = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"head #{self.seq}"
