"""``{% load masking %}``: ``{{ identifier|shown_as:role }}`` masks protected details."""

from __future__ import annotations

from typing import Any

from django import template

from mosaic.security.masking import identifier_shown

register = template.Library()


@register.filter
def shown_as(identifier: Any, role: str) -> str:
    """The identifier as someone in ``role`` may see it without a reveal."""
    return identifier_shown(identifier, role)
