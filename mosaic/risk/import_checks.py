"""Checks of an imported record's orders and risk assessments that need no database.

The mapping from the import format (docs/import-format.md §3.3, §3.4) to the risk engine's
orders and questionnaires, and the problems that refuse a line as it is read. The database
side (turning staged rows into risk rows) is :mod:`mosaic.risk.importing`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from engines.risk import (
    Answer,
    Condition,
    ConditionKind,
    InvalidAnswers,
    InvalidOrder,
    OrderKind,
    score_dash,
    score_sdash,
    validate_order,
)
from engines.risk import Order as RiskOrder
from engines.synth import ReportRecord

LONDON = ZoneInfo("Europe/London")

# Format order types (docs/import-format.md §3.3) -> the risk engine's kinds. The format does
# not say whether a restraining order was made on conviction or acquittal; conviction (PHA
# 1997 s.5) is the common case and its breach is notifiable as is acquittal's (CRR p.90).
ORDER_KINDS = {
    "restraining_order": OrderKind.RESTRAINING_CONVICTION,
    "stalking_protection_order": OrderKind.SPO_FULL,
    "interim_stalking_protection_order": OrderKind.SPO_INTERIM,
    "non_molestation_order": OrderKind.NON_MOLESTATION,
    "bail_conditions": OrderKind.BAIL,
}

# Format question keys q1..qN are the questionnaire's questions in order.
QUESTION_PREFIX = {"dash": "dash", "sdash": "sdash"}


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LONDON)


def condition_of(item: Mapping[str, Any]) -> dict[str, Any]:
    """One format condition as a stored order condition (the shape ``risk_order`` reads).

    ``no_contact`` is indirect too when its wording says so ("directly or indirectly");
    ``no_approach`` is direct contact only; ``no_online_contact`` forbids posting about the
    protected person; an ``exclusion_zone`` is its postcode (Mosaic compares postcodes, not
    distances: ``radius_m`` is kept for the reader, and the zone is the postcode itself).
    """
    kind, text = str(item["kind"]), str(item.get("text", ""))
    out: dict[str, Any] = {"kind": kind, "protected": [], "text": text}
    if kind == "no_contact":
        out.update(indirect="indirect" in text.casefold())
    elif kind == "no_approach":
        out.update(kind=ConditionKind.NO_CONTACT.value, indirect=False)
    elif kind == "no_online_contact":
        out.update(kind=ConditionKind.NO_SOCIAL_MEDIA_POSTING.value)
    elif kind == "exclusion_zone":
        out.update(postcodes=[item["postcode"]] if item.get("postcode") else [])
        out.update(radius_m=item.get("radius_m"))
    out["source_kind"] = kind
    return out


def engine_order(data: Mapping[str, Any], subject: str, protected: Sequence[str]) -> RiskOrder:
    conditions = [condition_of(c) for c in data["conditions"]]
    valid_to = data.get("valid_to")
    return RiskOrder(
        order_id=str(data["order_ref"]),
        kind=ORDER_KINDS.get(data["type"], data["type"]),
        subject_id=subject,
        protected_ids=tuple(protected),
        starts_at=_day_start(date.fromisoformat(data["valid_from"])),
        # ``valid_to`` is inclusive: the order ends at the start of the next day.
        ends_at=_day_start(date.fromisoformat(valid_to) + timedelta(days=1)) if valid_to else None,
        conditions=tuple(
            Condition(
                kind=c["kind"],
                indirect=bool(c.get("indirect", True)),
                postcodes=tuple(c.get("postcodes", ())),
            )
            for c in conditions
        ),
    )


def order_problems(n: int, data: Mapping[str, Any], subject: str) -> list[tuple[str, str]]:
    at = f"orders.{n}"
    if data.get("type") not in ORDER_KINDS:
        return [(f"{at}.type", f"unknown order type {data.get('type')!r}")]
    try:
        validate_order(engine_order(data, subject, data.get("protects", [])))
    except InvalidOrder as exc:
        fields = {"ends_at": "valid_to", "starts_at": "valid_from", "subject_id": "against"}
        return [
            (f"{at}.{fields.get(p.field, p.field.replace('[', '.').replace(']', ''))}", p.reason)
            for p in exc.problems
        ]
    return []


def answers_of(data: Mapping[str, Any]) -> dict[str, Answer]:
    """The file's ``q1``..``qN`` answers under the questionnaire's own question ids."""
    prefix = QUESTION_PREFIX[data["tool"]]
    out = {}
    for key, value in data["answers"].items():
        number = key[1:] if key.startswith("q") and key[1:].isdigit() else key
        out[f"{prefix}{int(number):02d}" if number.isdigit() else key] = Answer(str(value))
    return out


def score(data: Mapping[str, Any]) -> Any:
    answers = answers_of(data)
    return score_dash(answers) if data["tool"] == "dash" else score_sdash(answers)


def assessment_problems(n: int, data: Mapping[str, Any]) -> list[tuple[str, str]]:
    at = f"risk_assessments.{n}"
    if data.get("tool") not in QUESTION_PREFIX:
        return [(f"{at}.tool", f"unknown tool {data.get('tool')!r}")]
    try:
        score(data)
    except InvalidAnswers as exc:
        return [(f"{at}.answers.{p.question_id}", p.reason) for p in exc.problems]
    return []


def record_refusals(record: ReportRecord) -> list[tuple[str, str]]:
    """Every problem with a record's orders and assessments that linkage cannot change
    (a full SPO under two years, an exclusion zone whose postcode is not a postcode, answers
    outside the allowed values), as (field, reason). No database: the import refuses the line
    with them, as it refuses any other bad field, so nothing of it is half stored."""
    problems: list[tuple[str, str]] = []
    for n, order in enumerate(record.orders):
        problems += order_problems(n, order.model_dump(mode="json"), "subject")
    for n, item in enumerate(record.risk_assessments):
        problems += assessment_problems(n, item.model_dump(mode="json"))
    return problems
