"""Forces, units (teams) and the people who use Mosaic, with their roles."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models


class Force(models.Model):
    """A police force (a territorial force of England and Wales, or a test force)."""

    code = models.CharField(max_length=8, unique=True, help_text="Short code, e.g. 'NW'.")
    name = models.CharField(max_length=120)

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A team within a force: a response team, a CID team, a stalking unit."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="units")
    code = models.CharField(max_length=16)
    name = models.CharField(max_length=120)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["force", "code"], name="unit_code_per_force")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.force.code})"


class Role(models.TextChoices):
    CALL_HANDLER = "call_handler", "Call handler"
    OFFICER = "officer", "Officer"
    INVESTIGATOR = "investigator", "Investigator"
    SUPERVISOR = "supervisor", "Supervisor"
    COORDINATOR = "coordinator", "Stalking coordinator"
    ANALYST = "analyst", "Analyst"
    INSPECTOR = "inspector", "Inspector"
    FORCE_ADMIN = "force_admin", "Force administrator"
    REGISTRAR = "registrar", "Force crime registrar"
    DATA_PROTECTION = "data_protection", "Data protection officer"


# Roles whose work is force-wide (pattern analysis, coordination, inspection, administration);
# everyone else works within their unit.
FORCE_WIDE_ROLES = frozenset(
    {Role.COORDINATOR, Role.ANALYST, Role.INSPECTOR, Role.FORCE_ADMIN, Role.REGISTRAR}
)
# Roles that may reclassify a course of conduct (the FCR decides disputed and upgraded
# classifications, CRR 2026/27 p.13; supervisors review their unit's).
RECLASSIFY_ROLES = frozenset({Role.SUPERVISOR, Role.REGISTRAR})
# Roles that record reports (intake).
INTAKE_ROLES = frozenset(
    {Role.CALL_HANDLER, Role.OFFICER, Role.INVESTIGATOR, Role.SUPERVISOR, Role.COORDINATOR}
)
# Roles that may only read.
READ_ONLY_ROLES = frozenset({Role.ANALYST, Role.INSPECTOR})
# Roles that oversee the access trail of their force (issue 8): they read who saw what, never
# the records themselves.
OVERSIGHT_ROLES = frozenset({Role.DATA_PROTECTION, Role.FORCE_ADMIN})


class User(AbstractUser):
    """A member of staff. Every user belongs to exactly one unit (and so one force)."""

    role = models.CharField(max_length=20, choices=Role.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="members", null=True)

    @property
    def force_id(self) -> int | None:
        return self.unit.force_id if self.unit is not None else None

    @property
    def is_force_wide(self) -> bool:
        return self.role in FORCE_WIDE_ROLES

    @property
    def can_record_reports(self) -> bool:
        return self.is_active and self.role in INTAKE_ROLES


def _hash_token(token: str) -> str:
    # Tokens are 256-bit random values, so an unkeyed digest is enough to store them safely;
    # the raw token is shown once and never stored.
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A bearer token for the API (records systems, scripts). Only its digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @staticmethod
    def new_secret() -> tuple[str, str]:
        """A fresh token and its digest."""
        token = "mos_" + secrets.token_urlsafe(32)
        return token, _hash_token(token)

    @classmethod
    def user_for(cls, token: str) -> User | None:
        """The active user a presented token belongs to, or None."""
        found = cls.objects.active().select_related("user").filter(digest=_hash_token(token))
        row = found.first()
        return row.user if row else None
