"""Versioned configuration: the questionnaires and the rule set, loaded from JSON data.

Every config is plain JSON so a force can ship local wording or thresholds without code; every
result records the ``id`` and ``version`` of the config that produced it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any


class RiskBand(StrEnum):
    """A risk level, ordered standard < medium < high."""

    STANDARD = "standard"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        """Position in the ordering (0 = standard)."""
        return _RANKS[self]


_RANKS = {RiskBand.STANDARD: 0, RiskBand.MEDIUM: 1, RiskBand.HIGH: 2}


def highest(*bands: RiskBand) -> RiskBand:
    """The highest of the given bands (standard when none)."""
    return max(bands, key=lambda b: b.rank, default=RiskBand.STANDARD)


class ConfigError(ValueError):
    """A questionnaire or rule set that cannot be used, with the field and the reason."""


@dataclass(frozen=True, slots=True)
class Question:
    """One question of a questionnaire."""

    id: str
    number: int
    text: str
    risk_cue: str | None = None
    triggers_sdash: bool = False


@dataclass(frozen=True, slots=True)
class Band:
    """A scoring band: ``level`` applies from ``min_yes`` yes answers upwards."""

    level: RiskBand
    min_yes: int


@dataclass(frozen=True, slots=True)
class Questionnaire:
    """A versioned questionnaire (DASH, S-DASH or a local variant)."""

    id: str
    version: str
    title: str
    answer_values: tuple[str, ...]
    questions: tuple[Question, ...]
    bands: tuple[Band, ...] = ()

    def question_ids(self) -> tuple[str, ...]:
        """The question ids in questionnaire order."""
        return tuple(q.id for q in self.questions)


def questionnaire_from_dict(data: dict[str, Any]) -> Questionnaire:
    """Build a questionnaire from its JSON form; raises ``ConfigError`` naming the bad field."""
    try:
        questions = tuple(
            Question(
                id=str(q["id"]),
                number=int(q["number"]),
                text=str(q["text"]),
                risk_cue=q.get("risk_cue"),
                triggers_sdash=bool(q.get("triggers_sdash", False)),
            )
            for q in data["questions"]
        )
        bands = tuple(
            Band(level=RiskBand(b["level"]), min_yes=int(b["min_yes"]))
            for b in data.get("bands", [])
        )
        result = Questionnaire(
            id=str(data["id"]),
            version=str(data["version"]),
            title=str(data.get("title", data["id"])),
            answer_values=tuple(data.get("answer_values", ["yes", "no", "not_known"])),
            questions=questions,
            bands=tuple(sorted(bands, key=lambda b: b.min_yes)),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"questionnaire config: missing or bad field {exc}") from exc
    ids = result.question_ids()
    if len(set(ids)) != len(ids):
        raise ConfigError("questionnaire config: questions: duplicate question id")
    return result


def _load_json(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def dash_config() -> Questionnaire:
    """The default DASH (police 2009, 27 questions, Mosaic wording)."""
    return questionnaire_from_dict(_load_json("dash_police_2009.json"))


@cache
def sdash_config() -> Questionnaire:
    """The default S-DASH (11 stalking questions)."""
    return questionnaire_from_dict(_load_json("sdash.json"))


@cache
def _rules_cached() -> dict[str, Any]:
    return _load_json("risk_rules.json")


def default_rules() -> dict[str, Any]:
    """A fresh copy of the default rule set (MARAC, signals, levels, orders, PIN); edit freely."""
    return json.loads(json.dumps(_rules_cached()))  # type: ignore[no-any-return]


def rules_version(rules: dict[str, Any]) -> str:
    """``id@version`` of a rule set, recorded on every result."""
    return f"{rules.get('id', 'rules')}@{rules.get('version', '?')}"


def resolve_rules(rules: dict[str, Any] | None) -> dict[str, Any]:
    """The given rule set, or the default one (shared, not copied: do not mutate it)."""
    return rules if rules is not None else _rules_cached()
