"""Linking: the key index and stored records the linkage engine reads, and every decision it
(or a person) made about who is who, with its explanation and model version."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PersonKey(models.Model):
    """One blocking key of one person (the engine's candidate index, one row per key).

    Retrieval reads ``WHERE key = ? LIMIT n`` through the (key, person) btree, so its cost
    depends on a record's few keys, not on how many people are on file.
    """

    key = models.CharField(max_length=200)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "person"], name="person_key_once")]

    def __str__(self) -> str:
        return self.key


class PersonRecord(models.Model):
    """A mention as the engine prepared it (the engine's record store): what it scores."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    mention = models.OneToOneField(
        "reports.Mention", on_delete=models.CASCADE, related_name="link_record"
    )
    record_json = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["person"])]

    def __str__(self) -> str:
        return f"record of mention {self.mention_id}"


class Status(models.TextChoices):
    AUTO = "auto", "Linked automatically"
    REVIEW = "review", "Waiting for review"
    CONFIRMED = "confirmed", "Confirmed by a person"
    REJECTED = "rejected", "Rejected by a person"
    NEW = "new", "New person"


class LinkDecisionQuerySet(models.QuerySet["LinkDecision"]):
    def waiting(self) -> LinkDecisionQuerySet:
        """Review-band decisions nobody has confirmed or rejected yet."""
        return self.filter(status=Status.REVIEW, followed_by__isnull=True)

    def labels(self) -> LinkDecisionQuerySet:
        """Human decisions, the training labels: confirmed (same) and rejected (different)."""
        return self.filter(status__in=[Status.CONFIRMED, Status.REJECTED])

    def newest_first(self) -> LinkDecisionQuerySet:
        return self.order_by("-decided_at", "-pk")


class LinkDecision(models.Model):
    """Who a mention was found to be: the candidate, the score and the field-by-field reasons.

    Decisions are never rewritten: a review outcome or a re-link is a new row that
    ``follows`` the earlier one, so the history of every link stays readable.
    """

    mention = models.ForeignKey(
        "reports.Mention", on_delete=models.CASCADE, related_name="link_decisions"
    )
    candidate = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    score = models.FloatField(null=True, blank=True, help_text="Match weight in bits.")
    probability = models.FloatField(null=True, blank=True)
    explanation = models.JSONField(default=list, help_text="The field waterfall.")
    status = models.CharField(max_length=10, choices=Status.choices)
    model_version = models.CharField(max_length=60)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=500, blank=True)
    follows = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="followed_by"
    )

    objects = LinkDecisionQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["status", "decided_at"])]

    def __str__(self) -> str:
        return f"{self.status}: mention {self.mention_id}"

    @property
    def prior_weight(self) -> float:
        return float((self.score or 0.0) - sum(f.get("weight", 0.0) for f in self.explanation))


class PersonChange(models.Model):
    """A merge (``absorbed_ref`` folded into ``person``) or a split (``new_ref`` carved out).

    Person refs never change and are never reused: an absorbed ref redirects to its survivor.
    """

    class Kind(models.TextChoices):
        MERGE = "merge", "Merge"
        SPLIT = "split", "Split"

    kind = models.CharField(max_length=5, choices=Kind.choices)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    other_ref = models.CharField(max_length=12, db_index=True)
    mentions = models.JSONField(default=list, help_text="Mention ids that moved.")
    reason = models.CharField(max_length=500)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=20, default="person", help_text="person or relink")

    def __str__(self) -> str:
        return f"{self.kind} {self.other_ref} -> {self.person_id}"
