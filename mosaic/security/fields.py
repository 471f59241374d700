"""``EncryptedField``: a model field stored sealed (AES-256-GCM) and opened on first read.

The database column holds only ``enc1:…`` tokens. A value read from the database stays sealed
until the attribute is first used, and is opened with the row's identity (the model's
``row_key`` field, a UUID set before insert) so ciphertexts cannot be moved between rows.
Writes go through ``save()`` (or ``create``/``bulk_create``); ``QuerySet.update`` and filters
on the field are refused, because they would compare or store plaintext.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.db import models
from django.db.models.query_utils import DeferredAttribute
from django.dispatch import receiver

from mosaic.security.crypto import PREFIX, Context, KeyRing, blind_index, seal, unseal

DEV_PHRASE = "mosaic development mode: synthetic data only"


@lru_cache(maxsize=4)
def _ring(spec: str, index_key: str, dev: bool) -> KeyRing:
    if not spec and dev:
        return KeyRing.derived(DEV_PHRASE)
    return KeyRing.parse(spec, index_key)


_KEY_SETTINGS = frozenset({"MOSAIC_FIELD_KEYS", "MOSAIC_FIELD_INDEX_KEY", "DEV"})
_current: list[KeyRing] = []  # the ring of the present settings, once read


def keyring() -> KeyRing:
    """The configured key ring (``MOSAIC_FIELD_KEYS``; derived in development mode).

    Read once and kept until one of its settings changes (``setting_changed``): three lazy
    settings lookups cost more than the encryption of a short value."""
    if not _current:
        _current.append(
            _ring(settings.MOSAIC_FIELD_KEYS, settings.MOSAIC_FIELD_INDEX_KEY, settings.DEV)
        )
    return _current[0]


@receiver(setting_changed)
def _forget_ring(*, setting: str, **_: Any) -> None:
    if setting in _KEY_SETTINGS:
        _current.clear()


def index_of(purpose: str, value: str) -> str:
    """The blind index of ``value`` (empty for an empty value, so blanks never match)."""
    return blind_index(keyring(), purpose, value) if value else ""


class Sealed(str):
    """A token as read from the database, not yet opened."""


class EncryptedAttribute(DeferredAttribute):
    """Opens a sealed value the first time it is read, then keeps the plaintext."""

    field: EncryptedField

    def __get__(self, instance: Any, cls: Any = None) -> Any:
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if isinstance(value, Sealed):
            value = self.field.open(instance, value)
            instance.__dict__[self.field.attname] = value
        return value

    def __set__(self, instance: Any, value: Any) -> None:
        # A data descriptor, so reads always pass through __get__ (and get opened).
        instance.__dict__[self.field.attname] = value


class EncryptedField(models.TextField):  # type: ignore[type-arg]
    """Text (or any JSON value) encrypted at rest, bound to table, row and field."""

    descriptor_class = EncryptedAttribute

    def __init__(self, *args: Any, row_key: str = "uid", **kwargs: Any) -> None:
        self.row_key = row_key
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["row_key"] = self.row_key
        return name, path, args, kwargs

    def context(self, instance: Any) -> Context:
        row = getattr(instance, self.row_key)
        # Not ``row in (None, "")``: comparing a UUID with both costs two Python-level __eq__
        # calls, for every value sealed or opened.
        if row is None or (isinstance(row, str) and not row):
            raise ValueError(f"{instance._meta.label} needs its {self.row_key} before sealing")
        return Context(table=instance._meta.db_table, row=str(row), field=str(self.column))

    def open(self, instance: Any, token: str) -> Any:
        return unseal(keyring(), token, self.context(instance))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return None if value is None else Sealed(value)

    def pre_save(self, model_instance: Any, add: bool) -> Any:
        value = model_instance.__dict__.get(self.attname)
        if value is None or isinstance(value, Sealed):
            return None if value is None else str(value)
        if self.max_length is not None and isinstance(value, str) and len(value) > self.max_length:
            raise ValueError(f"{self.name} is longer than {self.max_length} characters")
        return seal(keyring(), value, self.context(model_instance))

    def get_prep_value(self, value: Any) -> Any:
        if value is None or (isinstance(value, str) and value.startswith(PREFIX + ":")):
            return value
        raise TypeError(
            f"{self.name} is encrypted: write it through save() and look it up by its index"
        )

    def to_python(self, value: Any) -> Any:
        return value

    def formfield(self, **kwargs: Any) -> Any:
        return None  # never edited through a generic model form
