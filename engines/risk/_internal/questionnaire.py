"""DASH and S-DASH scoring, completeness and answer validation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .config import Questionnaire, RiskBand, dash_config, resolve_rules, sdash_config
from .prompts import Prompt


class Status(StrEnum):
    """Whether a questionnaire has every question answered."""

    COMPLETE = "complete"
    DRAFT = "draft"


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer: ``yes``, ``no`` or ``not_known``, with free-text notes."""

    value: str
    notes: str = ""


@dataclass(frozen=True, slots=True)
class AnswerProblem:
    """Why one answer was refused."""

    question_id: str
    reason: str


class InvalidAnswers(ValueError):
    """Answers refused: unknown question ids or values outside the allowed set."""

    def __init__(self, problems: tuple[AnswerProblem, ...]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.question_id}: {p.reason}" for p in problems))


@dataclass(frozen=True, slots=True)
class DashResult:
    """A scored DASH. A draft carries ``band=None``: it is never presented as complete.

    ``provisional_band`` is the band the yes answers so far reach (yes counts only rise as
    the draft is completed, so it is a lower bound, never a final score).
    """

    status: Status
    yes_count: int
    band: RiskBand | None
    provisional_band: RiskBand
    yes_items: tuple[str, ...]
    not_known_items: tuple[str, ...]
    unanswered: tuple[str, ...]
    notes: Mapping[str, str]
    sdash_triggered: bool
    config_id: str
    config_version: str

    @property
    def is_complete(self) -> bool:
        """True only when every question has an allowed answer."""
        return self.status is Status.COMPLETE


@dataclass(frozen=True, slots=True)
class SdashResult:
    """A scored S-DASH: the yes count and the yes items as evidence (no fixed cut-off)."""

    status: Status
    yes_count: int
    yes_items: tuple[tuple[str, str], ...]
    not_known_items: tuple[str, ...]
    unanswered: tuple[str, ...]
    notes: Mapping[str, str]
    safety_plan_prompt: str
    config_id: str
    config_version: str


def _normalise(answers: Mapping[str, Answer | str], config: Questionnaire) -> dict[str, Answer]:
    known = set(config.question_ids())
    problems: list[AnswerProblem] = []
    clean: dict[str, Answer] = {}
    for qid, raw in answers.items():
        answer = Answer(raw) if isinstance(raw, str) else raw
        if qid not in known:
            problems.append(AnswerProblem(str(qid), f"unknown question id for {config.id}"))
        elif not isinstance(answer, Answer) or answer.value not in config.answer_values:
            allowed = ", ".join(config.answer_values)
            value = getattr(answer, "value", answer)
            problems.append(AnswerProblem(qid, f"answer {value!r} is not one of: {allowed}"))
        else:
            clean[qid] = answer
    if problems:
        raise InvalidAnswers(tuple(problems))
    return clean


def _band_for(yes_count: int, config: Questionnaire) -> RiskBand:
    band = RiskBand.STANDARD
    for b in config.bands:  # sorted by min_yes on load
        if yes_count >= b.min_yes:
            band = b.level
    return band


def _tally(
    clean: Mapping[str, Answer], config: Questionnaire
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], dict[str, str]]:
    ids = config.question_ids()
    yes = tuple(q for q in ids if q in clean and clean[q].value == "yes")
    not_known = tuple(q for q in ids if q in clean and clean[q].value == "not_known")
    unanswered = tuple(q for q in ids if q not in clean)
    notes = {q: a.notes for q, a in clean.items() if a.notes}
    return yes, not_known, unanswered, notes


def score_dash(
    answers: Mapping[str, Answer | str], config: Questionnaire | None = None
) -> DashResult:
    """Score a DASH: yes count, band and completeness.

    ``answers`` maps question id to an ``Answer`` (or the bare value). Raises
    ``InvalidAnswers`` listing every unknown id and disallowed value. A questionnaire with any
    question unanswered is a ``draft`` with ``band=None``.
    """
    cfg = config or dash_config()
    clean = _normalise(answers, cfg)
    yes, not_known, unanswered, notes = _tally(clean, cfg)
    provisional = _band_for(len(yes), cfg)
    complete = not unanswered
    triggers = {q.id for q in cfg.questions if q.triggers_sdash}
    return DashResult(
        status=Status.COMPLETE if complete else Status.DRAFT,
        yes_count=len(yes),
        band=provisional if complete else None,
        provisional_band=provisional,
        yes_items=yes,
        not_known_items=not_known,
        unanswered=unanswered,
        notes=notes,
        sdash_triggered=bool(triggers & set(yes)),
        config_id=cfg.id,
        config_version=cfg.version,
    )


def score_sdash(
    answers: Mapping[str, Answer | str], config: Questionnaire | None = None
) -> SdashResult:
    """Score an S-DASH: count of yes answers and the yes items (id, question) as evidence.

    There is no fixed cut-off: more yes answers mean higher risk; the result always prompts a
    safety plan. Raises ``InvalidAnswers`` like ``score_dash``.
    """
    cfg = config or sdash_config()
    clean = _normalise(answers, cfg)
    yes, not_known, unanswered, notes = _tally(clean, cfg)
    text = {q.id: q.text for q in cfg.questions}
    return SdashResult(
        status=Status.DRAFT if unanswered else Status.COMPLETE,
        yes_count=len(yes),
        yes_items=tuple((q, text[q]) for q in yes),
        not_known_items=not_known,
        unanswered=unanswered,
        notes=notes,
        safety_plan_prompt="Link these answers to the victim's safety plan.",
        config_id=cfg.id,
        config_version=cfg.version,
    )


def sdash_prompt(
    incident_count: int,
    victim_very_frightened: bool,
    rules: dict[str, Any] | None = None,
) -> Prompt | None:
    """Prompt for an S-DASH when the course has 2+ incidents or the victim is very frightened."""
    if incident_count < 0:
        raise ValueError(f"incident_count: must not be negative, got {incident_count}")
    minimum = int(resolve_rules(rules)["sdash_prompt"]["min_incidents"])
    reasons = []
    if incident_count >= minimum:
        reasons.append(f"{incident_count} incidents in the course of conduct (>= {minimum})")
    if victim_very_frightened:
        reasons.append("the victim is very frightened")
    if not reasons:
        return None
    return Prompt(
        code="complete_sdash",
        text="Complete the S-DASH stalking questions with the victim.",
        reasons=tuple(reasons),
        decision_required=False,
    )
