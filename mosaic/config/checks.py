"""System checks: a dangerous or broken configuration stops start-up with a clear message."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.db import connections


@register(Tags.security, deploy=False)
def check_secrets_and_hosts(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Outside development mode Mosaic needs a real secret key and an explicit host list."""
    errors: list[CheckMessage] = []
    if settings.DEV:
        return errors
    if len(settings.SECRET_KEY) < 50:
        errors.append(
            Error(
                "MOSAIC_SECRET_KEY (or MOSAIC_SECRET_KEY_FILE) must be set to at least 50 "
                "random characters outside development mode.",
                hint="Generate one: python -c 'import secrets; print(secrets.token_urlsafe(50))'",
                id="mosaic.E001",
            )
        )
    if not settings.ALLOWED_HOSTS:
        errors.append(
            Error(
                "MOSAIC_ALLOWED_HOSTS must list the host names Mosaic is served on.",
                id="mosaic.E002",
            )
        )
    return errors


@register(Tags.database)
def check_sqlite_durability(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """SQLite must run in WAL mode with synchronous=FULL so committed reports survive a crash."""
    conn = connections["default"]
    if conn.vendor != "sqlite" or kwargs.get("databases") is None:
        return []
    with conn.cursor() as cursor:
        journal = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        sync = cursor.execute("PRAGMA synchronous").fetchone()[0]
    if str(journal).lower() == "memory":  # the in-memory test database cannot use WAL
        return []
    if str(journal).lower() != "wal" or int(sync) != 2:
        return [
            Error(
                f"SQLite is in journal_mode={journal}, synchronous={sync}; "
                "Mosaic needs WAL and FULL (2).",
                id="mosaic.E003",
            )
        ]
    return []
