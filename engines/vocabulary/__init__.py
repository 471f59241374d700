"""The shared vocabulary (behaviours, risk cues, identifier types, relationships, effects,
Home Office classes) that every engine speaks.

``taxonomy.json`` is Mosaic's own vocabulary file, kept in step with ``shared/data/taxonomy.json``
(a test checks they agree where the shared copy is present).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

__all__ = [
    "BEHAVIOURS",
    "EFFECTS",
    "HOME_OFFICE_CLASSES",
    "IDENTIFIER_TYPES",
    "RELATIONSHIPS",
    "RISK_CUES",
    "taxonomy",
]


@cache
def taxonomy() -> dict[str, Any]:
    """The whole vocabulary document, parsed once."""
    text = resources.files(__package__).joinpath("taxonomy.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


BEHAVIOURS: dict[str, str] = taxonomy()["behaviours"]
RISK_CUES: dict[str, str] = taxonomy()["risk_cues"]
IDENTIFIER_TYPES: dict[str, str] = taxonomy()["identifier_types"]
RELATIONSHIPS: dict[str, str] = taxonomy()["relationships"]
EFFECTS: dict[str, str] = taxonomy()["effects"]
HOME_OFFICE_CLASSES: dict[str, dict[str, str]] = taxonomy()["home_office_classes"]
