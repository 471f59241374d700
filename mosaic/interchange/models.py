"""Bulk import and export in the import format v1 (docs/import-format.md).

An :class:`ImportJob` is one file being imported into one force. Its counters are updated in
the same transaction as each batch it stores, so a job that stops (crash, kill, power cut)
knows exactly which lines are in: running it again resumes after them.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models


def new_job_ref() -> str:
    """A public id for an import job, e.g. ``IMP-3F9A2C7D1B``."""
    return "IMP-" + secrets.token_hex(5).upper()


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Importing"
    DONE = "done", "Finished"
    FAILED = "failed", "Stopped with an error"


class JobForm(models.TextChoices):
    JSONL = "jsonl", "JSON Lines"
    CSV = "csv", "CSV folder"


class OtherForces(models.TextChoices):
    """What to do with a row for a force other than the job's."""

    REJECT = "reject", "Reject with a reason"
    SKIP = "skip", "Count as skipped"


class ImportJobQuerySet(models.QuerySet["ImportJob"]):
    def newest_first(self) -> ImportJobQuerySet:
        return self.order_by("-created_at", "-pk")

    def unfinished(self) -> ImportJobQuerySet:
        return self.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.FAILED])


class ImportJob(models.Model):
    """One file imported into one force by one user, with its progress and validation summary."""

    ref = models.CharField(max_length=16, unique=True, default=new_job_ref, editable=False)
    force = models.ForeignKey("accounts.Force", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    source_name = models.CharField(max_length=200, help_text="The file name as uploaded.")
    path = models.CharField(max_length=500, help_text="Where the file is kept while importing.")
    form = models.CharField(max_length=8, choices=JobForm.choices, default=JobForm.JSONL)
    sha256 = models.CharField(max_length=64, db_index=True)
    process = models.BooleanField(default=False, help_text="Run the intake steps per report.")
    other_forces = models.CharField(
        max_length=8, choices=OtherForces.choices, default=OtherForces.REJECT
    )
    status = models.CharField(max_length=8, choices=JobStatus.choices, default=JobStatus.QUEUED)
    error = models.CharField(max_length=500, blank=True)
    bytes_total = models.BigIntegerField(default=0)
    bytes_done = models.BigIntegerField(default=0)
    # Every line up to lines_done is accounted for in the counts below (committed together).
    lines_done = models.BigIntegerField(default=0)
    accepted = models.BigIntegerField(default=0)
    unchanged = models.BigIntegerField(default=0)
    skipped = models.BigIntegerField(default=0)
    rejected = models.BigIntegerField(default=0)

    objects = ImportJobQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.ref} ({self.source_name})"

    def get_absolute_url(self) -> str:
        return f"/import/{self.ref}/"

    @property
    def percent(self) -> int:
        """How far through the file the job is, by bytes read."""
        if self.status == JobStatus.DONE:
            return 100
        return int(100 * self.bytes_done / self.bytes_total) if self.bytes_total else 0

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


class ImportReject(models.Model):
    """A line the import refused, with its reason and its text as read (to fix and re-import).

    Stored in the batch's transaction, so a resumed job never loses or repeats a reject."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="rejects")
    line = models.BigIntegerField()
    source_ref = models.CharField(max_length=80, blank=True)
    reason = models.TextField()
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["line", "pk"]

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


class ImportedOrder(models.Model):
    """A protective order as the file gave it, kept until the conduct app can own it.

    Validated against the format (``engines.synth.Order``) before it is stored; ``record`` is
    its JSON with mention ids resolved to the report's mention rows in ``mentions``.
    """

    report = models.ForeignKey(
        "reports.Report", on_delete=models.CASCADE, related_name="imported_orders"
    )
    order_ref = models.CharField(max_length=64)
    record = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "order_ref"], name="imported_order_once")
        ]

    def __str__(self) -> str:
        return self.order_ref


class ImportedAssessment(models.Model):
    """A risk assessment as the file gave it, kept until the risk app can own it."""

    report = models.ForeignKey(
        "reports.Report", on_delete=models.CASCADE, related_name="imported_assessments"
    )
    assessment_ref = models.CharField(max_length=64)
    record = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "assessment_ref"], name="imported_assessment_once"
            )
        ]

    def __str__(self) -> str:
        return self.assessment_ref
