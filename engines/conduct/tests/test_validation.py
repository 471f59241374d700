"""Contradictory or dangling facts are rejected with the reason, never silently resolved."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from .factory import case, ev


def _order(**kw: object) -> dict[str, object]:
    o: dict[str, object] = {
        "id": "O1",
        "type": "restraining_order",
        "against": "S1",
        "protects": ["V1"],
        "from": "2026-01-01",
        "to": None,
    }
    o.update(kw)
    return o


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"events": [ev("E1", "2026-05-01T10:00", reported="2026-04-30T10:00:00Z")]},
            "reported before it occurred",
        ),
        ({"events": [ev("E1", "2026-05-01T10:00", by=["S9"])]}, "unknown people"),
        ({"events": [ev("E1", "2026-05-01T10:00", breaches=["O9"])]}, "unknown orders"),
        ({"events": [ev("E1", "2026-05-01T10:00", by=["V1"])]}, "both actor and target"),
        (
            {"events": [ev("E1", "2026-05-01T10:00"), ev("E1", "2026-05-02T10:00")]},
            "duplicate event ids",
        ),
        (
            {"events": [ev("E1", "2026-05-01T10:00", behaviours=["teleporting"])]},
            "unknown behaviours",
        ),
        ({"events": [ev("E1", "1990-05-01T10:00")], "as_at": "2026-05-01T12:00:00Z"}, "was born"),
        (
            {
                "events": [ev("E1", "2026-05-01T10:00")],
                "orders": [_order(**{"from": "2026-03-01", "to": "2026-02-01"})],
            },
            "ends (2026-02-01) before it starts",
        ),
        (
            {
                "events": [ev("E1", "2026-05-01T10:00")],
                "police_actions": [{"date": "2026-05-02", "against": "S7", "type": "charged"}],
            },
            "unknown people",
        ),
        (
            {"events": [ev("E1", "2026-05-01T10:00")], "as_at": "2026-04-01T00:00:00Z"},
            "reported after as_at",
        ),
    ],
)
def test_contradictions_rejected_with_reason(kwargs: dict[str, object], message: str) -> None:
    events = kwargs.pop("events")
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        case(events, **kwargs)  # type: ignore[arg-type]


def test_self_relationship_is_a_cyclic_reference() -> None:
    with pytest.raises(ValidationError, match="cyclic"):
        case(
            [ev("E1", "2026-05-01T10:00")], relationships=[{"a": "V1", "b": "V1", "type": "family"}]
        )


def test_breach_of_an_order_not_in_force_is_flagged_not_counted() -> None:
    from engines.conduct import decide

    d = decide(
        case(
            [ev("E1", "2026-05-01T10:00", breaches=["O1"])],
            orders=[_order(**{"from": "2026-06-01"})],
        )
    )
    assert d.crimes == ()
    assert "not in force" in d.reasons_for("BREACH")[0].text


def test_unknown_case_fields_are_errors_not_dropped() -> None:
    with pytest.raises(ValidationError, match="polic_actions"):
        case([ev("E1", "2026-05-01T10:00")], polic_actions=[])


def test_case_file_metadata_is_accepted() -> None:
    c = case([ev("E1", "2026-05-01T10:00")], expected={"crimes": []}, source="x", paraphrased=True)
    assert c.id == "T"
