"""Aware-datetime guard: naive datetimes are refused, never guessed."""

from __future__ import annotations

from datetime import datetime


def require_aware(field: str, value: datetime) -> None:
    """Raise ``ValueError`` naming ``field`` if ``value`` is not a timezone-aware datetime."""
    if not isinstance(value, datetime):
        raise ValueError(f"{field}: expected a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{field}: datetime must be timezone-aware (UTC in storage)")
