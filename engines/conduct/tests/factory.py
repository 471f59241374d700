"""Small builders for recording cases in tests (synthetic people V1, V2, S1, S2 only)."""

from __future__ import annotations

from typing import Any

from engines.conduct import Case


def ev(eid: str, when: str, **kw: Any) -> dict[str, Any]:
    """An event dict: occurred at ``when`` (ISO date-time, Z), reported an hour later."""
    base: dict[str, Any] = {
        "id": eid,
        "occurred": f"{when}:00Z",
        "reported": kw.pop("reported", f"{when}:30Z"),
        "by": ["S1"],
        "towards": ["V1"],
        "behaviours": [],
        "risk_cues": [],
        "effects": ["alarm_or_distress"],
        "message": None,
        "offences": [],
        "aggravation": None,
        "breaches": [],
    }
    base.update(kw)
    return base


def case(
    events: list[dict[str, Any]],
    rel: str = "acquaintance",
    as_at: str | None = None,
    rules: str = "2026-04-01",
    ages: tuple[int | None, int | None] = (30, 32),
    **kw: Any,
) -> Case:
    """A case between V1 (victim) and S1 (suspect), decided an hour after the last report."""
    last = max(e["reported"] for e in events) if events else "2026-05-01T10:00:00Z"
    people = {"V1": {"role": "victim", "age": ages[0]}, "S1": {"role": "suspect", "age": ages[1]}}
    people.update(kw.pop("people", {}))
    raw = {
        "id": "T",
        "rules_in_force": rules,
        "as_at": as_at or last,
        "people": people,
        "relationships": [{"a": "V1", "b": "S1", "type": rel}],
        "events": events,
    }
    raw.update(kw)
    return Case.model_validate(raw)


def classes(decision: Any) -> list[tuple[str, str]]:
    """(class, basis) of each crime, sorted."""
    return sorted((c.class_, c.basis) for c in decision.crimes)
