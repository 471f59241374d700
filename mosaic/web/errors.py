"""Validation errors in the one shape every client sees: ``{"field", "reason"}``."""

from __future__ import annotations

import re
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
