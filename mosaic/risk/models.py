"""Risk: questionnaires (DASH, S-DASH), the course's risk level history, protective orders,
their breaches, and alerts to the people on the case."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from engines.risk import OrderKind

_REF_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_order_ref() -> str:
    """A stable public id for an order, e.g. ``O-7K3M9Q2D``."""
    return "O-" + "".join(secrets.choice(_REF_ALPHABET) for _ in range(8))


class Tool(models.TextChoices):
    DASH = "dash", "DASH (27 questions)"
    SDASH = "sdash", "S-DASH stalking screening (11 questions)"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft (not scored as complete)"
    COMPLETE = "complete", "Complete"


class RiskAssessment(models.Model):
    """A questionnaire for a course: the answers as given and the engine's scoring of them.

    A draft (any question unanswered) is kept with its provisional band only, never a band.
    """

    course = models.ForeignKey(
        "conduct.CourseOfConduct", on_delete=models.CASCADE, related_name="assessments"
    )
    tool = models.CharField(max_length=8, choices=Tool.choices)
    status = models.CharField(max_length=8, choices=AssessmentStatus.choices)
    answers = models.JSONField(help_text="question id -> {value, notes}")
    result = models.JSONField(help_text="the engine's scoring, with its config version")
    config_version = models.CharField(max_length=80)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # When the questionnaire was completed: now for one asked in Mosaic, the file's
    # ``completed_at`` for one imported (so the newest DASH is the newest in time).
    assessed_at = models.DateTimeField(default=timezone.now)
    # Where an imported assessment came from (the import's key; blank when asked in Mosaic).
    source_system = models.CharField(max_length=64, blank=True)
    source_ref = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-assessed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_system", "source_ref"],
                condition=~models.Q(source_ref=""),
                name="assessment_imported_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.tool} ({self.status})"

    @property
    def band(self) -> str | None:
        value = self.result.get("band")
        return str(value) if value else None


class RiskLevelChange(models.Model):
    """One step of a course's risk level (or a refused request to lower it), with its reason."""

    course = models.ForeignKey(
        "conduct.CourseOfConduct", on_delete=models.CASCADE, related_name="risk_changes"
    )
    at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=40)
    from_level = models.CharField(max_length=8, blank=True)
    to_level = models.CharField(max_length=8)
    reason = models.TextField()
    applied = models.BooleanField(default=True)
    rules_version = models.CharField(max_length=80)
    report = models.ForeignKey(
        "reports.Report", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_level or 'none'} -> {self.to_level}"


class OrderQuerySet(models.QuerySet["Order"]):
    def active_at(self, when: Any) -> OrderQuerySet:
        return self.filter(starts_at__lte=when).filter(
            models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=when)
        )


class Order(models.Model):
    """A protective order (SPO, restraining, non-molestation, bail, DVPN/DVPO) over a person,
    protecting others; its conditions are data so each new report is checked for a breach."""

    ref = models.CharField(max_length=12, unique=True, default=new_order_ref, editable=False)
    force = models.ForeignKey("accounts.Force", on_delete=models.PROTECT, related_name="+")
    # The case the order was made in. An imported order whose report is in no course yet
    # (its suspect is known, the course is not) is kept without one, checked for breaches all
    # the same, and attached when its report joins a course (mosaic.risk.importing).
    course = models.ForeignKey(
        "conduct.CourseOfConduct",
        on_delete=models.PROTECT,
        related_name="orders",
        null=True,
        blank=True,
    )
    kind = models.CharField(max_length=24, choices=[(k.value, k.value) for k in OrderKind])
    subject = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    protected = models.ManyToManyField("people.Person", related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    served_at = models.DateTimeField(null=True, blank=True)
    conditions = models.JSONField(help_text="each: kind, protected (person refs), postcodes, …")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Where an imported order came from: the source system and its ``order_ref`` (blank when
    # recorded in Mosaic). One order per key and force, so re-processing never doubles it.
    source_system = models.CharField(max_length=64, blank=True)
    source_ref = models.CharField(max_length=64, blank=True)

    objects = OrderQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["subject", "starts_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["force", "source_system", "source_ref"],
                condition=~models.Q(source_ref=""),
                name="order_imported_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.ref} ({self.kind})"


class Breach(models.Model):
    """A likely breach of one condition of an order by a report, with the evidence."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="breaches")
    report = models.ForeignKey("reports.Report", on_delete=models.PROTECT, related_name="+")
    condition_index = models.PositiveSmallIntegerField()
    condition = models.CharField(max_length=32)
    evidence = models.JSONField(default=list)
    notifiable = models.BooleanField()
    home_office_class = models.CharField(max_length=16, blank=True)
    rules_version = models.CharField(max_length=80)
    detected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["order", "report", "condition_index"], name="breach_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.condition}"


class AlertQuerySet(models.QuerySet["Alert"]):
    def unread(self) -> AlertQuerySet:
        return self.filter(read_at__isnull=True)


class Alert(models.Model):
    """Something the officer in case or supervisor must see (risk rising, a likely breach)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(
        "conduct.CourseOfConduct", on_delete=models.CASCADE, related_name="alerts"
    )
    kind = models.CharField(max_length=24)
    text = models.CharField(max_length=400)
    details: Any = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.text
