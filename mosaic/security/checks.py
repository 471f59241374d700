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
