"""Courses of conduct: the case that links a suspect's reports about the same victims.

A course is opened by the conduct step of intake once two or more reports about the same
suspect link (PHA 1997 s.7(3): a course needs at least two occasions). Every recording
decision the engine (or a supervisor) makes is kept as a ``ClassificationDecision`` row with
its reasons and rule-set version; nothing is rewritten in place.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models

from engines.vocabulary import HOME_OFFICE_CLASSES

_REF_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32, as person refs


def new_case_ref() -> str:
    """A stable public id for a course, e.g. ``C-7K3M9Q2D``; never reused or renumbered."""
    return "C-" + "".join(secrets.choice(_REF_ALPHABET) for _ in range(8))


def class_label(code: str) -> str:
    """The Home Office label of a class code (the code itself when it is not a known class)."""
    known = HOME_OFFICE_CLASSES.get(code)
    return f"{code} {known['label']}" if known else code


class Status(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    MERGED = "merged", "Merged into another course"


class Source(models.TextChoices):
    ENGINE = "engine", "Recording rules (automatic)"
    RECLASSIFICATION = "reclassification", "Reclassified by a supervisor or registrar"


class CourseQuerySet(models.QuerySet["CourseOfConduct"]):
    def open(self) -> CourseQuerySet:
        return self.filter(status=Status.OPEN)

    def awaiting_recording(self) -> CourseQuerySet:
        """Open courses the rules say hold a crime that nobody has recorded yet."""
        return self.open().exclude(classification="").filter(recorded_at__isnull=True)

    def soonest_deadline_first(self) -> CourseQuerySet:
        return self.order_by(models.F("recording_deadline").asc(nulls_last=True), "pk")

    def with_people(self) -> CourseQuerySet:
        return self.select_related("unit__force", "officer_in_case", "supervisor").prefetch_related(
            "victims", "suspects"
        )


class CourseOfConduct(models.Model):
    """The case: victims, suspect(s), reports, classification, clocks, flags and people."""

    ref = models.CharField(max_length=12, unique=True, default=new_case_ref, editable=False)
    force = models.ForeignKey("accounts.Force", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="courses")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True)
    victims = models.ManyToManyField("people.Person", related_name="courses_as_victim")
    suspects = models.ManyToManyField("people.Person", related_name="courses_as_suspect")
    officer_in_case = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The current classification (principal class code; "" while no crime is recordable),
    # copied from the newest decision that governs it, so queues can filter and sort on it.
    classification = models.CharField(max_length=16, blank=True)
    classification_source = models.CharField(max_length=16, choices=Source.choices, blank=True)
    included = models.JSONField(default=list)
    refer_to_registrar = models.BooleanField(default=False)
    # The engine's clocks (CRR 2026/27 p.10; MCA 1980 s.127) and link explanations.
    timeliness = models.JSONField(default=dict)
    links = models.JSONField(default=list)
    recording_deadline = models.DateTimeField(null=True, blank=True)
    crime_reference = models.CharField(max_length=40, blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)
    risk_level = models.CharField(max_length=8, blank=True)
    # The risk engine's latest reading (signals with evidence, re-assessment reasons, prompts),
    # kept so the page shows it without re-running the engine.
    risk_summary = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["unit", "status", "recording_deadline"])]

    def __str__(self) -> str:
        return self.ref

    def get_absolute_url(self) -> str:
        return f"/cases/{self.ref}/"

    @property
    def classification_label(self) -> str:
        return class_label(self.classification) if self.classification else "No crime yet"


class CourseReport(models.Model):
    """A report's membership of a course, with the engine's reason for linking it."""

    course = models.ForeignKey(CourseOfConduct, on_delete=models.CASCADE, related_name="members")
    report = models.ForeignKey("reports.Report", on_delete=models.PROTECT, related_name="courses")
    reason = models.CharField(max_length=300)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course", "report"], name="course_report_once")
        ]

    def __str__(self) -> str:
        return f"{self.report_id} in {self.course_id}"


class ClassificationDecision(models.Model):
    """One recording decision for a course: the engine's, or a supervisor's reclassification.

    ``decision`` is the engine's ``RecordingDecision`` as JSON (crimes, included
    classifications, reasons with CRR pages) and ``ruleset_version`` the rules that made it.
    """

    course = models.ForeignKey(CourseOfConduct, on_delete=models.CASCADE, related_name="decisions")
    made_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=16, choices=Source.choices)
    classification = models.CharField(max_length=16, blank=True)
    decision = models.JSONField()
    ruleset_version = models.CharField(max_length=80)
    report = models.ForeignKey(
        "reports.Report", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-made_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.source}: {self.classification or 'no crime'}"

    @property
    def classification_label(self) -> str:
        return class_label(self.classification) if self.classification else "No crime"

    @property
    def reasons(self) -> list[dict[str, Any]]:
        return list(self.decision.get("reasons", []))

    @property
    def crimes(self) -> list[dict[str, Any]]:
        return list(self.decision.get("crimes", []))


class Flag(models.Model):
    """A recording problem on a course (the engine's flags, and disagreements after a
    reclassification), with the reports that evidence it. Cleared, never deleted."""

    course = models.ForeignKey(CourseOfConduct, on_delete=models.CASCADE, related_name="flags")
    code = models.CharField(max_length=48)
    text = models.CharField(max_length=300)
    page = models.CharField(max_length=80, blank=True)
    evidence = models.JSONField(default=list)
    raised_at = models.DateTimeField(auto_now_add=True)
    cleared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course", "code"], name="flag_once")]
        ordering = ["cleared_at", "code"]

    def __str__(self) -> str:
        return self.code
