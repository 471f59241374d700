"""Property tests: decide() never crashes on valid cases and is deterministic."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from engines.conduct import Case, ConductReport, ReportAction, assemble, decide
from engines.vocabulary import BEHAVIOURS, EFFECTS, RELATIONSHIPS, RISK_CUES

START = datetime(2026, 4, 1, tzinfo=UTC)
OFFENCES = ["008/06", "149/00", "105/01", "008/77", "019/08", "008/67", "theft", "068/25", "999/99"]


@st.composite
def cases(draw: st.DrawFn) -> Case:
    n = draw(st.integers(min_value=0, max_value=8))
    events: list[dict[str, Any]] = []
    for i in range(n):
        occurred = START + timedelta(hours=draw(st.integers(0, 24 * 200)))
        events.append(
            {
                "id": f"E{i}",
                "occurred": occurred,
                "reported": occurred + timedelta(hours=draw(st.integers(0, 24 * 30))),
                "by": ["S1"],
                "towards": draw(st.sampled_from([["V1"], ["V2"], ["V1", "V2"]])),
                "behaviours": draw(st.lists(st.sampled_from(sorted(BEHAVIOURS)), max_size=3)),
                "risk_cues": draw(st.lists(st.sampled_from(sorted(RISK_CUES)), max_size=2)),
                "effects": draw(st.lists(st.sampled_from(sorted(EFFECTS)), min_size=1, max_size=2)),
                "message": draw(
                    st.sampled_from(
                        [None, "none", "grossly_offensive", "indecent", "threatening", "false"]
                    )
                ),
                "offences": draw(st.lists(st.sampled_from(OFFENCES), max_size=2)),
                "aggravation": draw(st.sampled_from([None, None, "racial", "religious"])),
                "breaches": draw(st.lists(st.just("O1"), max_size=1)),
            }
        )
    as_at = max([e["reported"] for e in events], default=START) + timedelta(
        hours=draw(st.integers(0, 48))
    )
    actions = [
        {
            "date": (START + timedelta(days=draw(st.integers(0, 200)))).date(),
            "against": "S1",
            "type": draw(
                st.sampled_from(["charged", "summonsed", "cautioned", "convicted", "acquitted"])
            ),
        }
        for _ in range(draw(st.integers(0, 2)))
    ]
    return Case.model_validate(
        {
            "id": "H",
            "rules_in_force": draw(st.sampled_from(["2026-04-01", "2021-04-01", "2019-04-01"])),
            "as_at": as_at,
            "people": {
                "V1": {"role": "victim", "age": draw(st.sampled_from([None, 14, 30]))},
                "V2": {"role": "victim", "age": 40},
                "S1": {"role": "suspect", "age": draw(st.sampled_from([None, 15, 45]))},
            },
            "relationships": [
                {"a": "V1", "b": "S1", "type": draw(st.sampled_from(sorted(RELATIONSHIPS)))}
            ],
            "orders": [
                {
                    "id": "O1",
                    "type": draw(
                        st.sampled_from(
                            ["restraining_order", "stalking_protection_order", "bail_conditions"]
                        )
                    ),
                    "against": "S1",
                    "protects": ["V1"],
                    "from": "2026-03-01",
                    "to": None,
                }
            ],
            "events": events,
            "police_actions": actions,
        }
    )


@settings(max_examples=150, deadline=None)
@given(cases())
def test_decide_never_crashes_and_is_deterministic(c: Case) -> None:
    first = decide(c)
    assert decide(c) == first
    assert first.ruleset_version
    known = {e.id for e in c.events}
    for crime in first.crimes:
        assert set(crime.events) <= known
        assert crime.events


@settings(max_examples=60, deadline=None)
@given(cases())
def test_decision_does_not_depend_on_event_order(c: Case) -> None:
    shuffled = c.model_copy(update={"events": list(reversed(c.events))})
    assert decide(shuffled).crimes == decide(c).crimes


@settings(max_examples=100, deadline=None)
@given(cases())
def test_harassment_is_never_chosen_without_a_reason_p51(c: Case) -> None:
    """CRR 2026/27 p.51: every harassment classification records why it is not stalking."""
    d = decide(c)
    harassment = {"195/94", "008/30"} & ({x.class_ for x in d.crimes} | set(d.included))
    if harassment:
        assert d.reasons_for("HARASS-NOT-STALK")


@st.composite
def report_lists(draw: st.DrawFn) -> list[ConductReport]:
    reports = []
    for i in range(draw(st.integers(0, 12))):
        occurred = START + timedelta(days=draw(st.integers(0, 400)))
        reports.append(
            ConductReport(
                id=f"R{i}",
                occurred_from=occurred,
                reported_at=occurred + timedelta(hours=draw(st.integers(0, 96))),
                victims=[draw(st.sampled_from(["V1", "V2"]))],
                suspects=[draw(st.sampled_from(["S1", "S2"]))],
                behaviours=draw(st.lists(st.sampled_from(sorted(BEHAVIOURS)), max_size=2)),
                risk_cues=draw(st.lists(st.sampled_from(sorted(RISK_CUES)), max_size=2)),
                effects=draw(st.lists(st.sampled_from(sorted(EFFECTS)), min_size=1, max_size=2)),
                message=draw(st.sampled_from([None, "none", "grossly_offensive", "threatening"])),
                offences=draw(st.lists(st.sampled_from(OFFENCES), max_size=1)),
                recorded_classification=draw(
                    st.sampled_from(
                        ["none", "stalking", "harassment", "PIN", "criminal_damage", "asb"]
                    )
                ),
                police_actions=draw(
                    st.lists(
                        st.builds(
                            ReportAction,
                            date=st.just(occurred.date()),
                            against=st.just("S1"),
                            type=st.sampled_from(["convicted", "charged", "harassment_warning"]),
                        ),
                        max_size=1,
                    )
                ),
            )
        )
    return reports


@settings(max_examples=80, deadline=None)
@given(report_lists())
def test_assemble_never_crashes_and_keeps_every_report(reports: list[ConductReport]) -> None:
    courses = assemble(reports)
    assert sorted(r.id for c in courses for r in c.reports) == sorted(r.id for r in reports)
    again = assemble(list(reversed(reports)))
    assert [c.decision for c in again] == [c.decision for c in courses]
