"""System checks for the security settings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register


@register(Tags.security, deploy=True)
def check_mfa_required(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """A deployment must require a second factor of every user."""
    if settings.DEV or settings.MOSAIC_REQUIRE_MFA:
        return []
    return [
        Error(
            "MOSAIC_REQUIRE_MFA is off outside development mode.",
            hint="Unset MOSAIC_REQUIRE_MFA (it defaults to on) or set it to 1.",
            id="mosaic.E010",
        )
    ]


@register(Tags.security)
def check_field_keys(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Outside development mode the field-encryption keys must be set and well formed."""
    from mosaic.security.crypto import KeyRing, KeyRingError

    if settings.DEV and not settings.MOSAIC_FIELD_KEYS:
        return []
    try:
        KeyRing.parse(settings.MOSAIC_FIELD_KEYS, settings.MOSAIC_FIELD_INDEX_KEY)
    except KeyRingError as exc:
        return [
            Error(
                f"Field encryption keys: {exc}.",
                hint=(
                    "Set MOSAIC_FIELD_KEYS (or _FILE) to 'k1:<key>' and MOSAIC_FIELD_INDEX_KEY "
                    "(or _FILE) to another key; make one with python -c 'import base64,os; "
                    "print(base64.urlsafe_b64encode(os.urandom(32)).decode())'"
                ),
                id="mosaic.E011",
            )
        ]
    return []
