"""What the narrative engine read in a report, and what officers made of it.

``Tag``: one behaviour or risk cue in a report's narrative, at character offsets, with the
engine's explanation (rule, trigger, lexicon version) or the officer who added it, and its
review. ``ExtractedIdentifier``: a phone, e-mail, handle, vehicle or postcode written in the
narrative. ``Reading``: the engine's whole-report view at intake (FOUR view, misclassification
signal), stored with the lexicon version that made it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q


class Source(models.TextChoices):
    ENGINE = "engine", "Narrative engine"
    OFFICER = "officer", "Officer"


class ReviewState(models.TextChoices):
    UNREVIEWED = "unreviewed", "Not reviewed"
    CONFIRMED = "confirmed", "Confirmed"
    CORRECTED = "corrected", "Corrected"
    REJECTED = "rejected", "Rejected"


class TagQuerySet(models.QuerySet["Tag"]):
    def in_text_order(self) -> TagQuerySet:
        return self.order_by("start", "-end", "pk")

    def standing(self) -> TagQuerySet:
        """Tags that still count: every tag an officer has not rejected."""
        return self.exclude(review_state=ReviewState.REJECTED)

    def happened(self) -> TagQuerySet:
        """Standing tags whose (possibly corrected) status is ``happened``: what counts."""
        return self.standing().filter(status="happened")

    def reviewed(self) -> TagQuerySet:
        return self.exclude(review_state=ReviewState.UNREVIEWED)

    def from_engine(self) -> TagQuerySet:
        return self.filter(source=Source.ENGINE)


class Tag(models.Model):
    """A behaviour or risk cue in one report's narrative (``narrative[start:end] == text``)."""

    report = models.ForeignKey("reports.Report", on_delete=models.CASCADE, related_name="tags")
    code = models.CharField(max_length=40, help_text="engines.vocabulary code")
    kind = models.CharField(max_length=10, help_text="behaviour or risk_cue")
    status = models.CharField(max_length=12, help_text="happened, negated, hypothetical, …")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    trigger = models.CharField(max_length=200, blank=True, help_text="cue that set the status")
    rule = models.CharField(max_length=300, blank=True, help_text="lexicon template that matched")
    lexicon_version = models.CharField(max_length=40, blank=True)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.ENGINE)
    review_state = models.CharField(
        max_length=10, choices=ReviewState.choices, default=ReviewState.UNREVIEWED
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(max_length=500, blank=True)
    # What the engine said before an officer corrected it: {code, kind, status, start, end, text}.
    original = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["report", "start"])]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="tag_span_nonempty")
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.status}) {self.text!r}"

    def values(self) -> dict[str, Any]:
        """The reading an officer may correct, as plain data (kept in ``original``)."""
        return {
            "code": self.code,
            "kind": self.kind,
            "status": self.status,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }


class ExtractedIdentifierQuerySet(models.QuerySet["ExtractedIdentifier"]):
    def readable(self) -> ExtractedIdentifierQuerySet:
        return self.exclude(value="")


class ExtractedIdentifier(models.Model):
    """An identifier written in a report's narrative, normalised by ``engines.linkage``."""

    report = models.ForeignKey(
        "reports.Report", on_delete=models.CASCADE, related_name="extracted_identifiers"
    )
    type = models.CharField(max_length=10)
    raw = models.CharField(max_length=256)
    value = models.CharField(max_length=256, blank=True, db_index=True)
    platform = models.CharField(max_length=32, blank=True)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    lexicon_version = models.CharField(max_length=40, blank=True)

    objects = ExtractedIdentifierQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["type", "value"])]

    def __str__(self) -> str:
        return f"{self.type}: {self.value or self.raw}"


class Reading(models.Model):
    """The engine's view of a whole report at intake, with the version that made it."""

    report = models.OneToOneField(
        "reports.Report", on_delete=models.CASCADE, related_name="narrative_reading"
    )
    lexicon_version = models.CharField(max_length=40)
    truncated = models.BooleanField(default=False)
    problems = models.JSONField(default=list, blank=True)
    four = models.JSONField(help_text="engines.narrative.FourView.to_dict()")
    misclassification = models.JSONField(
        null=True, blank=True, help_text="MisclassificationSignal.to_dict(), or null"
    )
    read_at = models.DateTimeField(auto_now=True)

    objects: models.Manager[Reading] = models.Manager()

    def __str__(self) -> str:
        return f"narrative reading ({self.lexicon_version})"
