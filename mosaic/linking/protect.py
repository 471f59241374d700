"""Identifiers in the linkage tables as keyed tokens, never as the values (docs/adr/0007).

The engine compares phones, e-mails, handles, vehicles and devices only for equality (exact
level or else), so a record whose identifier values are replaced by their blind index
(``mosaic.people.models.identifier_index``: HMAC-SHA256 under ``MOSAIC_FIELD_INDEX_KEY``)
scores exactly as before, and its blocking keys (``ph:<token>``) meet the same people. What
must see the plain value runs before this: normalising, the generic-number list and the
victim's-own-identifier check all happen inside ``prepare``.

Nothing here opens a value; the identifiers themselves stay encrypted in ``people_identifier``.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from engines.linkage import Issue, Record
from mosaic.people.models import identifier_index
from mosaic.security.masking import MASK

IDENTIFIER_FIELDS = ("phone", "email", "handle", "vehicle", "device")
PREFIXES = {"ph": "phone", "em": "email", "hd": "handle", "vh": "vehicle", "dv": "device"}
_TOKEN = re.compile(r"[0-9a-f]{64}")


def is_token(value: str) -> bool:
    return bool(_TOKEN.fullmatch(value))


def token(kind: str, value: str) -> str:
    """The token of one normalised identifier (a token is left as it is)."""
    return value if is_token(value) else identifier_index(kind, value)


def _issue_raw(field: str, raw: str) -> str:
    # An unusable identifier (generic, unreadable, the victim's own) is kept as a reason only.
    return "" if field in IDENTIFIER_FIELDS and not is_token(raw) else raw


def protect(record: Record) -> Record:
    """The record with identifier values as tokens and no identifier text in its issues."""

    def tokens(kind: str) -> tuple[str, ...]:
        return tuple(sorted({token(kind, v) for v in getattr(record, kind)}))

    return dataclasses.replace(
        record,
        phone=tokens("phone"),
        email=tokens("email"),
        handle=tokens("handle"),
        vehicle=tokens("vehicle"),
        device=tokens("device"),
        issues=tuple(Issue(i.field, _issue_raw(i.field, i.raw), i.reason) for i in record.issues),
    )


def protect_json(data: dict[str, Any]) -> dict[str, Any]:
    """The same for a stored record's JSON (the data migration of existing rows)."""
    out = dict(data)
    for f in IDENTIFIER_FIELDS:
        out[f] = sorted({token(f, v) for v in data.get(f, [])})
    out["issues"] = [
        {**i, "raw": _issue_raw(i.get("field", ""), i.get("raw", ""))}
        for i in data.get("issues", [])
    ]
    return out


def protect_key(key: str) -> str:
    """A blocking key with an identifier value as its token (``ph:+44…`` -> ``ph:<token>``)."""
    prefix, sep, value = key.partition(":")
    if sep and prefix in PREFIXES and value:
        return f"{prefix}:{token(PREFIXES[prefix], value)}"
    return key


def protect_explanation(fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A field waterfall without identifier values (tokens mean nothing to a reader)."""
    out = []
    for f in fields:
        if f.get("field") in IDENTIFIER_FIELDS:
            left, right = (MASK if f.get(side) else "" for side in ("left", "right"))
            f = {**f, "left": left, "right": right}
        out.append(f)
    return out
