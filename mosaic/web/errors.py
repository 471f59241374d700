"""Validation errors in the one shape every client sees: ``{"field", "reason"}``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any


def field_errors(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Pydantic errors as ``{"field", "reason"}`` pairs, fields written as dotted paths.

    Cross-field validators name their field as a ``"field: reason"`` prefix, since pydantic
    gives model-level errors no location of their own.
    """
    out = []
    for error in errors:
        loc = [
            str(p) for p in error.get("loc", ()) if p not in ("body", "payload", "query", "path")
        ]
        reason = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        named = re.match(r"^([a-z_]+): (.+)$", reason)
        if named:
            loc, reason = [*loc, named.group(1)], named.group(2)
        out.append({"field": ".".join(loc) or "body", "reason": reason})
    return out


class InputRefused(ValueError):
    """Input that validated but that an action cannot apply as given; nothing was written.

    Every app's refusal derives from this, so the API answers all of them the same way
    (422 with ``{"field", "reason"}`` pairs, in ``mosaic.config.api``) and views can show each
    reason on its field.
    """

    def __init__(self, errors: Sequence[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{f}: {r}" for f, r in errors))
        self.errors = list(errors)

    @property
    def field(self) -> str:
        return self.errors[0][0]

    @property
    def reason(self) -> str:
        return self.errors[0][1]


class FieldRefused(InputRefused):
    """A refusal about one field."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__([(field, reason)])
