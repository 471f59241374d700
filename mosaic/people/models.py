"""People and the identifiers that point at them (the P and O of the POLE model)."""

from __future__ import annotations

import base64
import secrets
from typing import Any

from django.db import models

from engines.linkage import Normalised, normalise
from engines.vocabulary import IDENTIFIER_TYPES
from mosaic.security.fields import EncryptedField, index_of, row_uid

# Crockford base32 without I, L, O, U: easy to read aloud over a radio.
_REF_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_person_ref() -> str:
    """A stable public id for a person, e.g. ``P-7K3M9Q2D``; never reused, never renumbered."""
    return new_person_refs(1)[0]


# Base32 turns each 5 bytes into 8 symbols of 5 bits, most significant first; mapping RFC 4648's
# alphabet onto ours gives the refs in one C call instead of a Python loop a person.
_FROM_BASE32 = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", _REF_ALPHABET.encode())


def new_person_refs(count: int) -> list[str]:
    """``count`` fresh refs at once (bulk import): one draw of 40 random bits for each."""
    text = base64.b32encode(secrets.token_bytes(5 * count)).translate(_FROM_BASE32).decode()
    return ["P-" + text[start : start + 8] for start in range(0, 8 * count, 8)]


class PersonQuerySet(models.QuerySet["Person"]):
    def with_report_counts(self) -> PersonQuerySet:
        return self.annotate(report_count=models.Count("mentions__report", distinct=True))


class Person(models.Model):
    """A resolved human being. Names as written live on their mentions and in ``names``."""

    ref = models.CharField(max_length=12, unique=True, default=new_person_ref, editable=False)
    display_name = models.CharField(max_length=200)
    date_of_birth = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PersonQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.display_name} ({self.ref})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Refs are 40 random bits: among a million people a new one is already taken about
        # once in a million draws, which would fail the unique index (an error at intake).
        # Mosaic assigns every ref, so a taken one is simply drawn again.
        if self._state.adding:
            while Person.objects.filter(ref=self.ref).exists():
                self.ref = new_person_ref()
        super().save(*args, **kwargs)


class PersonName(models.Model):
    """A name or alias a person has been recorded under."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    written = models.CharField(max_length=200)
    normalised = models.CharField(max_length=200, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "written"], name="person_name_once")
        ]

    def __str__(self) -> str:
        return self.written


# Identifier types come from the shared vocabulary; names are kept on mentions, not here.
IDENTIFIER_CHOICES = [(code, code.replace("_", " ")) for code in IDENTIFIER_TYPES if code != "name"]


def identifier_index(type: str, value: str | None) -> str:
    """The blind index (keyed HMAC-SHA256, ADR 0006/0007) of a normalised identifier.

    The one token for equality on identifiers: ``Identifier.value_index``, search, and the
    linkage tables' blocking keys and stored records all use it, so they agree with each
    other without holding the value. Empty for an unreadable value, which matches nothing.
    """
    return index_of(f"identifier:{type}", value) if value else ""


def identifier_columns(type: str, written: str, platform: str = "") -> dict[str, Any]:
    """Every stored column of an identifier as written (intake, import and edits share it).

    ``raw`` and ``value`` are sealed by the model's encrypted fields on save (one AES-GCM
    each); ``value_index`` is computed here (one HMAC). Unreadable text keeps its ``problem``.
    """
    found = normalise(type, written, platform=platform)
    return {
        "type": type,
        "raw": written,
        "value": found.value,
        "value_index": identifier_index(type, found.value),
        "platform": found.platform,
        "problem": found.problem,
    }


class IdentifierQuerySet(models.QuerySet["Identifier"]):
    def matching(self, keys: list[Normalised]) -> IdentifierQuerySet:
        """Identifiers equal to any of the normalised search keys (through the blind index)."""
        query = models.Q(pk__in=[])
        for key in keys:
            if key.value:
                query |= models.Q(type=key.type, value_index=identifier_index(key.type, key.value))
        return self.filter(query)


class Identifier(models.Model):
    """A typed identifier as written and normalised, seen on one mention in one report.

    ``person`` is empty for a suspect known only by this identifier; ``value`` is empty (and
    ``problem`` says why) when the written text could not be read: it is kept, never dropped or
    "corrected" into another value.

    Phone numbers and e-mail addresses lead to a victim's door, so every identifier is
    encrypted at rest (``raw`` and ``value``, AES-256-GCM bound to this row by ``uid``) and
    found only through ``value_index``, a keyed HMAC (docs/adr/0007). Build new rows with
    :func:`identifier_columns`.
    """

    mention = models.ForeignKey(
        "reports.Mention", on_delete=models.CASCADE, related_name="identifiers"
    )
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="identifiers"
    )
    uid = models.UUIDField(default=row_uid, unique=True, editable=False)
    type = models.CharField(max_length=16, choices=IDENTIFIER_CHOICES)
    raw = EncryptedField(max_length=256)
    # NULL, not "", marks an unreadable value: it must never equal another unreadable one.
    value = EncryptedField(max_length=256, null=True, blank=True)
    value_index = models.CharField(max_length=64, blank=True)
    platform = models.CharField(max_length=32, blank=True)
    problem = models.CharField(max_length=200, blank=True)

    objects = IdentifierQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["type", "value_index"])]

    def __str__(self) -> str:
        return f"{self.type}: {self.value or self.raw}"

    @property
    def shown(self) -> str:
        """The value as officers expect to read it."""
        if self.value is None:
            return str(self.raw)
        return f"{self.platform}:{self.value}" if self.platform else str(self.value)
