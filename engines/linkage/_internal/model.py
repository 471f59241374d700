"""The Fellegi–Sunter model as a versioned JSON document.

One document drives the online scorer and the batch (Splink) run, so both score a pair the
same way. ``load_model`` validates everything it reads and raises :class:`ModelError` with the
offending path; the caller keeps the model it had (see :class:`ModelHolder`).
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMAT = "mosaic-linkage-model"
FORMAT_VERSION = 1

# Field -> the level kinds it may use, in the order they are tested (first match wins).
LEVEL_KINDS: dict[str, tuple[str, ...]] = {
    "first_name": (
        "exact",
        "transposed",
        "transposed_jw",
        "nickname",
        "jw",
        "phonetic",
        "initial",
        "else",
    ),
    "last_name": ("exact", "transposed", "transposed_jw", "jw", "phonetic", "else"),
    "date_of_birth": ("exact", "swap", "year_month", "age_compatible", "else"),
    "phone": ("exact", "else"),
    "email": ("exact", "else"),
    "handle": ("exact", "else"),
    "vehicle": ("exact", "else"),
    "device": ("exact", "else"),
    "postcode": ("exact", "sector", "district", "else"),
    "street_address": ("exact", "jw", "tokens", "else"),
}


class ModelError(ValueError):
    """A model document that cannot be used; the message names the part and the reason."""


@dataclass(frozen=True, slots=True)
class Level:
    """One comparison level: how two values relate, and how likely that is among matches (m)
    and among non-matches (u)."""

    label: str
    kind: str
    m: float
    u: float
    threshold: float | None = None

    @property
    def weight(self) -> float:
        """log2(m/u): the evidence this level carries, in bits."""
        return math.log2(self.m / self.u)


@dataclass(frozen=True, slots=True)
class Comparison:
    """A field and its levels (the null level is implicit: missing on either side, weight 0)."""

    field: str
    levels: tuple[Level, ...]


@dataclass(frozen=True)
class Model:
    """A complete, validated linkage model."""

    version: str
    prior: float
    link_threshold: float
    review_threshold: float
    comparisons: tuple[Comparison, ...]
    trained: Mapping[str, Any] = field(default_factory=dict)

    @property
    def prior_weight(self) -> float:
        """log2 of the prior odds that two random records are the same person."""
        return math.log2(self.prior / (1.0 - self.prior))

    def to_json(self) -> dict[str, Any]:
        """The model as a JSON-serialisable document."""
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "model_version": self.version,
            "probability_two_random_records_match": self.prior,
            "thresholds": {"link": self.link_threshold, "review": self.review_threshold},
            "comparisons": [
                {
                    "field": c.field,
                    "levels": [
                        {"label": lv.label, "kind": lv.kind, "m": lv.m, "u": lv.u}
                        | ({"threshold": lv.threshold} if lv.threshold is not None else {})
                        for lv in c.levels
                    ],
                }
                for c in self.comparisons
            ],
            "trained": dict(self.trained),
        }


def _prob(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ModelError(f"{where}: expected a number, got {type(value).__name__}")
    number = float(value)
    if not (0.0 < number < 1.0) or math.isnan(number):
        raise ModelError(f"{where}: {number} is not a probability strictly between 0 and 1")
    return number


def _level(raw: Any, fld: str, where: str) -> Level:
    if not isinstance(raw, dict):
        raise ModelError(f"{where}: expected an object")
    kind = raw.get("kind")
    if kind not in LEVEL_KINDS[fld]:
        raise ModelError(f"{where}.kind: {kind!r} is not a level kind for {fld}")
    threshold = raw.get("threshold")
    if kind in ("jw", "transposed_jw", "tokens"):
        threshold = _prob(threshold, f"{where}.threshold")
    return Level(
        label=str(raw.get("label") or kind),
        kind=kind,
        m=_prob(raw.get("m"), f"{where}.m"),
        u=_prob(raw.get("u"), f"{where}.u"),
        threshold=threshold,
    )


def _comparison(raw: Any, where: str) -> Comparison:
    if not isinstance(raw, dict) or raw.get("field") not in LEVEL_KINDS:
        raise ModelError(f"{where}.field: unknown or missing field")
    fld = raw["field"]
    levels = raw.get("levels")
    if not isinstance(levels, list) or not levels:
        raise ModelError(f"{where}.levels: expected a non-empty list")
    parsed = tuple(_level(lv, fld, f"{where}.levels[{i}]") for i, lv in enumerate(levels))
    if parsed[-1].kind != "else":
        raise ModelError(f"{where}.levels: the last level must be 'else'")
    return Comparison(field=fld, levels=parsed)


def model_from_json(doc: Any) -> Model:
    """Validate a parsed model document and build the :class:`Model`; raises :class:`ModelError`."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ModelError(f"format: not a {FORMAT} document")
    if doc.get("format_version") != FORMAT_VERSION:
        raise ModelError(
            f"format_version: {doc.get('format_version')!r} is not {FORMAT_VERSION} "
            "(a model written by a different version of the engine)"
        )
    version = doc.get("model_version")
    if not isinstance(version, str) or not version:
        raise ModelError("model_version: expected a non-empty string")
    thresholds = doc.get("thresholds")
    if not isinstance(thresholds, dict):
        raise ModelError("thresholds: expected an object with 'link' and 'review'")
    link = _prob(thresholds.get("link"), "thresholds.link")
    review = _prob(thresholds.get("review"), "thresholds.review")
    if review > link:
        raise ModelError("thresholds: 'review' must not be above 'link'")
    comps = doc.get("comparisons")
    if not isinstance(comps, list) or not comps:
        raise ModelError("comparisons: expected a non-empty list")
    parsed = tuple(_comparison(c, f"comparisons[{i}]") for i, c in enumerate(comps))
    if len({c.field for c in parsed}) != len(parsed):
        raise ModelError("comparisons: a field appears twice")
    trained = doc.get("trained", {})
    return Model(
        version=version,
        prior=_prob(doc.get("probability_two_random_records_match"), "probability"),
        link_threshold=link,
        review_threshold=review,
        comparisons=parsed,
        trained=trained if isinstance(trained, dict) else {},
    )


def load_model(path: str | Path) -> Model:
    """Read and validate a model file; raises :class:`ModelError` (never a bare JSON error)."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path}: cannot read a JSON model ({exc})") from exc
    return model_from_json(doc)


def save_model(model: Model, path: str | Path) -> None:
    """Write the model document (pretty-printed, stable key order)."""
    Path(path).write_text(json.dumps(model.to_json(), indent=2) + "\n", encoding="utf-8")


class ModelHolder:
    """The model in use. ``replace`` swaps in a new file only if it validates."""

    def __init__(self, model: Model) -> None:
        self._model = model
        self._lock = threading.Lock()

    @property
    def model(self) -> Model:
        """The current model."""
        return self._model

    def replace(self, path: str | Path) -> Model:
        """Load ``path``; on :class:`ModelError` the previous model stays, the error propagates."""
        new = load_model(path)
        with self._lock:
            self._model = new
        return new
