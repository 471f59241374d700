"""Which details are protected (masked until revealed) and what a masked detail looks like.

A victim's address and a victim's phone numbers and e-mail addresses are what a stalker most
wants; they are hidden by default on every page and API answer, and shown one at a time
through an audited reveal with a reason (``mosaic.security.reveal``).
"""

from __future__ import annotations

from typing import Any

MASK = "•••• protected"
PROTECTED_IDENTIFIER_TYPES = frozenset({"phone", "email"})
PROTECTED_ROLES = frozenset({"victim"})


def identifier_protected(identifier: Any, role: str) -> bool:
    """Whether an identifier of someone in ``role`` is masked by default."""
    return role in PROTECTED_ROLES and identifier.type in PROTECTED_IDENTIFIER_TYPES


def identifier_shown(identifier: Any, role: str) -> str:
    """The identifier as a page shows it: masked when protected."""
    return MASK if identifier_protected(identifier, role) else str(identifier.shown)


def identifier_data(identifier: Any, role: str) -> dict[str, Any]:
    """The identifier in the API's ``IdentifierOut`` shape, masked when protected."""
    if identifier_protected(identifier, role):
        return {"type": identifier.type, "raw": MASK, "value": None, "platform": "", "problem": ""}
    return {
        "type": identifier.type,
        "raw": identifier.raw,
        "value": identifier.value,
        "platform": identifier.platform,
        "problem": identifier.problem,
    }
