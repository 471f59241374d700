"""The model shipped with the engine, used until a trained one is loaded.

Its m/u values are set by hand (rounded from what Splink's training finds on synthetic and
FEBRL data); identifier u values reflect that two random people almost never share a phone
or e-mail. Train a force's own model with ``batch.train`` and load it with ``load_model``.
"""

from __future__ import annotations

from typing import Any

from engines.linkage._internal.model import FORMAT, FORMAT_VERSION, Model, model_from_json


def _lv(
    label: str, kind: str, m: float, u: float, threshold: float | None = None
) -> dict[str, Any]:
    level: dict[str, Any] = {"label": label, "kind": kind, "m": m, "u": u}
    if threshold is not None:
        level["threshold"] = threshold
    return level


def _ident(field: str, m: float, u: float) -> dict[str, Any]:
    return {
        "field": field,
        "levels": [_lv(f"same {field}", "exact", m, u), _lv("different", "else", 1 - m, 1 - u)],
    }


DEFAULT_MODEL_DOC: dict[str, Any] = {
    "format": FORMAT,
    "format_version": FORMAT_VERSION,
    "model_version": "default-2026.2",
    "probability_two_random_records_match": 1e-4,
    "thresholds": {"link": 0.99, "review": 0.5},
    "comparisons": [
        {
            "field": "first_name",
            "levels": [
                _lv("exact", "exact", 0.82, 0.004),
                _lv("first and last names transposed", "transposed", 0.01, 0.00001),
                _lv(
                    "transposed, one with a typo (Jaro-Winkler >= 0.90)",
                    "transposed_jw",
                    0.005,
                    0.00001,
                    0.90,
                ),
                _lv("nickname", "nickname", 0.04, 0.002),
                _lv("Jaro-Winkler >= 0.92", "jw", 0.07, 0.002, 0.92),
                _lv("sounds alike (metaphone)", "phonetic", 0.01, 0.003),
                _lv("Jaro-Winkler >= 0.80", "jw", 0.03, 0.03, 0.80),
                _lv("initial only", "initial", 0.01, 0.004),
                # Nicknames, typos and initials have their own levels: a first name that is
                # none of them is strong evidence of another person (a relative on the same
                # household line), which one shared identifier must not outweigh.
                _lv("different", "else", 0.01, 0.955),
            ],
        },
        {
            "field": "last_name",
            "levels": [
                _lv("exact", "exact", 0.82, 0.001),
                _lv("first and last names transposed", "transposed", 0.01, 0.00001),
                _lv(
                    "transposed, one with a typo (Jaro-Winkler >= 0.90)",
                    "transposed_jw",
                    0.005,
                    0.00001,
                    0.90,
                ),
                _lv("Jaro-Winkler >= 0.92", "jw", 0.09, 0.001, 0.92),
                _lv("sounds alike (metaphone)", "phonetic", 0.01, 0.002),
                _lv("Jaro-Winkler >= 0.80", "jw", 0.03, 0.02, 0.80),
                _lv("different", "else", 0.04, 0.976),
            ],
        },
        {
            "field": "date_of_birth",
            "levels": [
                _lv("exact", "exact", 0.88, 0.00005),
                _lv("day and month swapped", "swap", 0.02, 0.00001),
                _lv("same year and month", "year_month", 0.04, 0.001),
                _lv("same birth year or compatible age", "age_compatible", 0.05, 0.015),
                _lv("different", "else", 0.01, 0.98394),
            ],
        },
        # A specific phone, e-mail, handle, vehicle or device shared by two different people
        # is rare (values held by many people are suppressed as generic before scoring), so
        # one shared identifier carries a mention that names nobody past the link threshold,
        # while a disagreeing first and last name (a household line) pull it back to review.
        _ident("phone", 0.5, 0.0000001),
        _ident("email", 0.5, 0.0000001),
        _ident("handle", 0.5, 0.0000001),
        _ident("vehicle", 0.4, 0.0000002),
        _ident("device", 0.5, 0.00000005),
        {
            "field": "postcode",
            "levels": [
                _lv("exact", "exact", 0.6, 0.0005),
                _lv("same sector", "sector", 0.05, 0.002),
                _lv("same district", "district", 0.05, 0.01),
                _lv("different", "else", 0.3, 0.9875),
            ],
        },
        {
            "field": "street_address",
            "levels": [
                _lv("exact", "exact", 0.6, 0.0001),
                _lv("Jaro-Winkler >= 0.90", "jw", 0.2, 0.001, 0.90),
                _lv("most words shared (>= 0.6 of the shorter)", "tokens", 0.08, 0.005, 0.6),
                _lv("Jaro-Winkler >= 0.75", "jw", 0.05, 0.05, 0.75),
                _lv("different", "else", 0.1, 0.9489),
            ],
        },
    ],
    "trained": {"by": "hand-set defaults"},
}


def default_model() -> Model:
    """The shipped model (validated on each call, so a bad edit fails loudly in tests)."""
    return model_from_json(DEFAULT_MODEL_DOC)
