"""Reports: one contact with the police (or one diary entry) and the people in it."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from mosaic.security.fields import EncryptedField, index_of, row_uid


class Channel(models.TextChoices):
    """How the report reached the police."""

    CALL_999 = "call_999", "999 call"
    CALL_101 = "call_101", "101 call"
    FRONT_COUNTER = "front_counter", "Front counter"
    ONLINE = "online", "Online report"
    OFFICER = "officer", "Officer generated"
    PROFESSIONAL = "professional", "Professional referral"
    DIARY = "diary", "Victim's diary"
    EMAIL = "email", "E-mail"
    THIRD_PARTY = "third_party", "Third-party report"
    IMPORT = "import", "Imported record"


class Classification(models.TextChoices):
    """What the report was recorded as at the time (which may have missed the pattern)."""

    NONE = "none", "Incident only (no crime recorded)"
    STALKING = "stalking", "Stalking (PHA s.2A)"
    STALKING_FEAR = "stalking_fear", "Stalking with fear of violence or serious alarm (s.4A)"
    HARASSMENT = "harassment", "Harassment (PHA s.2)"
    HARASSMENT_FEAR = "harassment_fear", "Putting people in fear of violence (s.4)"
    CONTROLLING = "controlling_coercive", "Controlling or coercive behaviour"
    MALICIOUS_COMMS = "malicious_communications", "Malicious communications"
    THREATENING_COMMS = "threatening_communications", "Threatening communications"
    CRIMINAL_DAMAGE = "criminal_damage", "Criminal damage"
    ASSAULT = "assault", "Assault"
    BREACH = "breach_of_order", "Breach of an order"
    CONCERN = "concern_for_welfare", "Concern for welfare"
    ASB = "asb", "Anti-social behaviour"
    WARNING = "harassment_warning", "Harassment warning / PIN issued"
    PUBLIC_ORDER = "public_order", "Public order offence"
    OTHER = "other", "Other"


class Role(models.TextChoices):
    VICTIM = "victim", "Victim"
    SUSPECT = "suspect", "Suspect"
    WITNESS = "witness", "Witness"
    REPORTER = "reporter", "Reporter"


class LocationQuerySet(models.QuerySet["Location"]):
    def at_postcode(self, postcode: str) -> LocationQuerySet:
        """Locations with this normalised postcode, found through its blind index."""
        return (
            self.filter(postcode_index=index_of("postcode", postcode)) if postcode else self.none()
        )


class Location(models.Model):
    """Where something happened or someone lives.

    Victims' addresses are the most dangerous thing Mosaic holds, so every location is
    encrypted at rest (AES-256-GCM, bound to this row by ``uid``; docs/adr/0006) and found by
    postcode only through a keyed HMAC (``postcode_index``).
    """

    uid = models.UUIDField(default=row_uid, unique=True, editable=False)
    address = EncryptedField(max_length=300, blank=True)
    postcode_raw = EncryptedField(max_length=16, blank=True)
    postcode = EncryptedField(max_length=8, blank=True)
    postcode_index = models.CharField(max_length=64, blank=True, db_index=True)

    objects = LocationQuerySet.as_manager()

    def __str__(self) -> str:
        return ", ".join(p for p in (self.address, self.postcode or self.postcode_raw) if p)


class ReportQuerySet(models.QuerySet["Report"]):
    def newest_first(self) -> ReportQuerySet:
        return self.order_by("-occurred_from", "-pk")

    def involving(self, person_id: int) -> ReportQuerySet:
        return self.filter(mentions__person_id=person_id).distinct()

    def for_engines(self) -> ReportQuerySet:
        """What the engines read of a report (its place, its people, its narrative's stored
        reading and tags, see ``mosaic.narratives.facts.happened_tags``), in three queries."""
        mentions = Mention.objects.select_related("person")
        return self.select_related("location", "narrative_reading").prefetch_related(
            models.Prefetch("mentions", queryset=mentions), "tags"
        )

    def with_people(self) -> ReportQuerySet:
        """Everything a report page or API answer shows, in a fixed number of queries."""
        # Mentions in the order they were written (victim first on the form): rows that were
        # updated since (linkage sets their person) come back in any order on PostgreSQL.
        mentions = models.Prefetch("mentions", queryset=Mention.objects.order_by("pk"))
        return self.select_related("unit__force", "location").prefetch_related(
            mentions, "mentions__person", "mentions__identifiers", "mentions__address"
        )


class Report(models.Model):
    """One contact with the police about what one or more people did."""

    reference = models.CharField(max_length=32, unique=True)
    force = models.ForeignKey("accounts.Force", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="reports")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField()
    occurred_from = models.DateTimeField()
    occurred_to = models.DateTimeField(null=True, blank=True)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    classification = models.CharField(
        max_length=32, choices=Classification.choices, default=Classification.NONE
    )
    location = models.ForeignKey(Location, on_delete=models.PROTECT, null=True, blank=True)
    narrative = models.TextField()
    # When (and under which number) a crime was recorded; empty = not recorded as a crime.
    crime_recorded_at = models.DateTimeField(null=True, blank=True)
    crime_reference = models.CharField(max_length=64, blank=True)
    # First update given to the victim after this report; empty = none recorded.
    victim_updated_at = models.DateTimeField(null=True, blank=True)
    # Identifiers written on the report but against nobody (a 999 or 101 call's number):
    # kept as written, never linked, so never Identifier rows.
    loose_identifiers = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Where an imported report came from: the idempotency key for bulk import.
    source_system = models.CharField(max_length=64, blank=True)
    source_ref = models.CharField(max_length=80, blank=True)
    # SHA-256 of the imported record: tells a re-import (same digest) from a correction.
    source_digest = models.CharField(max_length=64, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["unit", "-occurred_from"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source_system", "source_ref"],
                condition=~models.Q(source_ref=""),
                name="report_source_ref_once",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return f"/reports/{self.reference}/"


class Mention(models.Model):
    """A person as they appear in one report: their role and the details written down then."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="mentions")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="mentions"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    name = models.CharField(max_length=200, blank=True)
    description = models.CharField(max_length=300, blank=True)
    date_of_birth_raw = models.CharField(max_length=40, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    age = models.PositiveSmallIntegerField(null=True, blank=True)
    sex = models.CharField(max_length=1, blank=True, help_text="F, M or U as recorded.")
    address = models.ForeignKey(Location, on_delete=models.PROTECT, null=True, blank=True)
    problems = models.JSONField(default=list, help_text="Details kept as written but unreadable.")

    class Meta:
        indexes = [models.Index(fields=["person", "role"])]

    def __str__(self) -> str:
        return f"{self.role}: {self.name or self.description or 'unknown'}"

    @property
    def label(self) -> str:
        return self.name or self.description or "Unknown"
