"""``EncryptedField``: a model field stored sealed (AES-256-GCM) and opened on first read.

The database column holds only ``enc1:…`` tokens. A value read from the database stays sealed
until the attribute is first used, and is opened with the row's identity (the model's
``row_key`` field, a UUID set before insert) so ciphertexts cannot be moved between rows.
Writes go through ``save()`` (or ``create``/``bulk_create``); ``QuerySet.update`` and filters
on the field are refused, because they would compare or store plaintext.
"""

from __future__ import annotations

import uuid
from functools import cache, lru_cache
from typing import Any

import uuid_utils.compat as uuid_utils
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


def row_uid() -> uuid.UUID:
    """A new row identity for sealed values: a UUIDv7 (RFC 9562; ``uuid_utils``), 48 bits of
    milliseconds then 74 random bits, so rows made one after another get keys in order and the
    ``uid`` index is appended to instead of written all over (a bulk import of a million
    reports touched pages across the whole B-tree with ``uuid4``; docs/adr/0012)."""
    value: uuid.UUID = uuid_utils.uuid7()
    return value


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
        return self.sealed(keyring(), value, self.context(model_instance))

    def sealed(self, ring: KeyRing, value: Any, context: Context) -> str:
        """``value`` (not None, not yet sealed) sealed for ``context``: what is stored."""
        if self.max_length is not None and isinstance(value, str) and len(value) > self.max_length:
            raise ValueError(f"{self.name} is longer than {self.max_length} characters")
        return seal(ring, value, context)

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


@cache
def encrypted_fields(model: type[models.Model]) -> tuple[EncryptedField, ...]:
    """The model's encrypted fields, in declaration order."""
    return tuple(f for f in model._meta.concrete_fields if isinstance(f, EncryptedField))


@cache
def _row_key_field(model: type[models.Model]) -> models.Field[Any, Any]:
    row_keys = {f.row_key for f in encrypted_fields(model)}
    if len(row_keys) != 1:
        raise ValueError(f"{model._meta.label}: sealed_row needs one row key, not {row_keys}")
    field = model._meta.get_field(row_keys.pop())
    if not isinstance(field, models.Field):
        raise TypeError(f"{model._meta.label}: the row key must be a concrete field")
    return field


def sealed_row(model: type[models.Model], **values: Any) -> tuple[uuid.UUID, dict[str, Any]]:
    """A new row identity and ``values`` (every encrypted field of ``model``, by attribute
    name) sealed for it, byte for byte what ``save()`` would store, without a model instance:
    bulk import builds rows as tuples and seals millions of values."""
    fields = encrypted_fields(model)
    uid = _row_key_field(model).get_default()
    ring, table, row = keyring(), model._meta.db_table, str(uid)
    return uid, {
        f.attname: None
        if (value := values[f.attname]) is None
        else f.sealed(ring, value, Context(table=table, row=row, field=str(f.column)))
        for f in fields
    }
