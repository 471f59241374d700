"""Course-of-conduct assembly: linking, ending, clocks and flags (through the public API)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from engines.conduct import AssemblyConfig, ConductReport, assemble, reevaluate

T0 = datetime(2026, 5, 1, 9, tzinfo=UTC)


def rep(rid: str, day: int, **kw: Any) -> ConductReport:
    occurred = T0 + timedelta(days=day)
    base: dict[str, Any] = {
        "id": rid,
        "occurred_from": occurred,
        "reported_at": occurred + timedelta(hours=1),
        "recorded_at": occurred + timedelta(hours=2),
        "victims": ["V1"],
        "suspects": ["S1"],
        "ages": {"V1": 30, "S1": 33},
        "behaviours": ["following"],
        "effects": ["alarm_or_distress"],
        "recorded_classification": "stalking",
    }
    base.update(kw)
    return ConductReport.model_validate(base)


def flag_codes(course: Any) -> set[str]:
    return {f.code for f in course.flags}


def test_reports_within_the_gap_are_one_course_with_reasons() -> None:
    [c] = assemble([rep("R1", 0), rep("R2", 10)])
    assert [r.id for r in c.reports] == ["R1", "R2"]
    assert "10 days after the last act" in c.links[1].reason
    assert [x.class_ for x in c.decision.crimes] == ["195/12"]


def test_reports_too_far_apart_are_not_joined_and_say_why() -> None:
    courses = assemble([rep("R1", 0), rep("R2", 150)])
    assert len(courses) == 2
    refused = [x for x in courses[1].links if not x.joined]
    assert refused
    assert "too far apart" in refused[0].reason


def test_a_linking_context_bridges_a_longer_gap() -> None:
    courses = assemble([rep("R1", 0), rep("R2", 120, risk_cues=["escalation"])])
    assert len(courses) == 1
    assert "linked by context" in courses[0].links[1].reason


def test_gap_is_configurable() -> None:
    cfg = AssemblyConfig(max_gap_days=5)
    assert len(assemble([rep("R1", 0), rep("R2", 10)], cfg)) == 2


def test_conviction_ends_the_course_p52() -> None:
    """CRR 2026/27 p.52: a conviction ends the course; later reports start a new one."""
    r1 = rep(
        "R1",
        0,
        police_actions=[
            {"date": T0.date() + timedelta(days=2), "against": "S1", "type": "convicted"}
        ],
    )
    courses = assemble([r1, rep("R2", 10), rep("R3", 12)])
    assert [len(c.reports) for c in courses] == [1, 2]
    assert courses[0].ended_by
    assert "convicted" in courses[0].ended_by


def test_conduct_towards_several_people_is_one_course_one_crime_each_p55() -> None:
    """PHA s.7(3); CRR 2026/27 p.55: one course, one crime per victim."""
    [c] = assemble(
        [rep("R1", 0), rep("R2", 3), rep("R3", 5, victims=["V2"]), rep("R4", 6, victims=["V2"])]
    )
    assert c.victims == ("V1", "V2")
    assert sorted(x.victim for x in c.decision.crimes) == ["V1", "V2"]


def test_separate_incidents_and_stalking_misrecorded_are_flagged() -> None:
    [c] = assemble(
        [
            rep("R1", 0, recorded_classification="malicious_communications"),
            rep("R2", 4, recorded_classification="criminal_damage"),
            rep("R3", 8, recorded_classification="harassment"),
        ]
    )
    codes = flag_codes(c)
    assert {
        "SEPARATE_INCIDENTS",
        "STALKING_RECORDED_AS_MALICIOUS_COMMUNICATIONS",
        "STALKING_RECORDED_AS_CRIMINAL_DAMAGE",
        "STALKING_RECORDED_AS_HARASSMENT",
    } <= codes
    sep = next(f for f in c.flags if f.code == "SEPARATE_INCIDENTS")
    assert sep.evidence == ("R1", "R2")


def test_pin_in_a_stalking_case_is_flagged() -> None:
    [c] = assemble(
        [
            rep(
                "R1",
                0,
                police_actions=[{"date": T0.date(), "against": "S1", "type": "harassment_warning"}],
            ),
            rep("R2", 3),
        ]
    )
    assert "PIN_IN_STALKING" in flag_codes(c)


def test_late_recording_is_flagged_and_the_clock_missed_p10() -> None:
    """CRR 2026/27 p.10: record within 24 hours of the report."""
    late = T0 + timedelta(days=5)
    [c] = assemble(
        [
            rep("R1", 0, recorded_at=None, recorded_classification="none"),
            rep("R2", 1, recorded_at=late),
        ]
    )
    assert "NOT_RECORDED_IN_24H" in flag_codes(c)
    assert c.timeliness.recording_status == "missed"
    assert c.timeliness.recordable_from_report == "R2"


def test_recording_clock_running_and_met() -> None:
    [c] = assemble(
        [
            rep("R1", 0, recorded_at=None, recorded_classification="none"),
            rep("R2", 1, recorded_at=None, recorded_classification="none"),
        ]
    )
    assert c.timeliness.recording_status == "running"
    [m] = assemble([rep("R1", 0), rep("R2", 1)])
    assert m.timeliness.recording_status == "met"


def test_summary_time_limit_six_months_from_last_act_p57() -> None:
    """CRR 2026/27 p.57: s.2/2A are summary only; 6 months from the last act."""
    [c] = assemble(
        [rep("R1", 0), rep("R2", 30, occurred_to=T0 + timedelta(days=31))],
        as_at=T0 + timedelta(days=40),
    )
    assert c.timeliness.summary_limit_applies
    assert c.timeliness.summary_deadline == date(2026, 12, 1)
    assert c.timeliness.summary_days_left == (date(2026, 12, 1) - date(2026, 6, 10)).days


def test_breach_not_recorded_is_flagged_p89() -> None:
    """CRR 2026/27 p.89: notifiable breaches are recorded in addition."""
    order = {
        "id": "O1",
        "type": "stalking_protection_order",
        "against": "S1",
        "protects": ["V1"],
        "from": "2026-01-01",
        "to": None,
    }
    [c] = assemble([rep("R1", 0, orders=[order], breaches=["O1"])])
    assert [x.class_ for x in c.decision.crimes] == ["008/74"]
    assert "BREACH_NOT_RECORDED" in flag_codes(c)


def test_reevaluate_agrees_with_full_assembly() -> None:
    reports = [
        rep(f"R{i}", i, behaviours=["contacting"], message="grossly_offensive") for i in range(6)
    ]
    [course] = assemble(reports[:5])
    again = reevaluate(course, reports[5])
    [full] = assemble(reports)
    assert again.decision.crimes == full.decision.crimes
    assert again.decision.included == full.decision.included
    with pytest.raises(ValueError, match="already in course"):
        reevaluate(again, reports[5])


def test_bad_reports_rejected() -> None:
    with pytest.raises(ValidationError, match="occurred_to before occurred_from"):
        rep("R1", 0, occurred_to=T0 - timedelta(days=1))
    with pytest.raises(ValidationError, match="reported before it occurred"):
        rep("R1", 0, reported_at=T0 - timedelta(days=1))
    with pytest.raises(ValueError, match="duplicate report id"):
        assemble([rep("R1", 0), rep("R1", 1)])


def test_reevaluate_refuses_a_report_that_does_not_continue_the_course() -> None:
    [course] = assemble([rep("R1", 0), rep("R2", 2)])
    with pytest.raises(ValueError, match="too far apart"):
        reevaluate(course, rep("R3", 200))
    with pytest.raises(ValueError, match="no suspect in common"):
        reevaluate(course, rep("R4", 3, suspects=["S2"]))


def test_never_recorded_past_the_clock_is_flagged_p10() -> None:
    """CRR 2026/27 p.10: a recordable course not recorded after 24 hours is flagged."""
    reports = [
        rep("R1", 0, recorded_at=None, recorded_classification="none"),
        rep("R2", 1, recorded_at=None, recorded_classification="none"),
    ]
    [c] = assemble(reports, as_at=T0 + timedelta(days=4))
    assert c.timeliness.recording_status == "missed"
    late = next(f for f in c.flags if f.code == "NOT_RECORDED_IN_24H")
    assert late.evidence == ("R2",)


def test_reports_breaching_an_order_all_stay_with_the_course_p52_p89() -> None:
    """An order granted mid-course, then two reports that breach it: both stay in the course
    (before, a breach carried the order and ended the course at its grant, which shut out the
    second breach: a lost report). The recording decision counts the conduct after the grant
    apart (CRR 2026/27 p.52) and records each notifiable breach (p.89)."""
    order = {
        "id": "O1",
        "type": "stalking_protection_order",
        "against": "S1",
        "protects": ["V1"],
        "from": (T0 + timedelta(days=12)).date().isoformat(),
        "to": None,
    }
    before = [rep("R1", 0), rep("R2", 9)]
    after = [rep(f"R{i}", day, orders=[order], breaches=["O1"]) for i, day in ((3, 20), (4, 25))]
    [course] = assemble([*before, *after])
    assert [r.id for r in course.reports] == ["R1", "R2", "R3", "R4"]
    assert course.ended_by is None
    breach_crimes = [c for c in course.decision.crimes if c.basis == "breach"]
    assert {e for c in breach_crimes for e in c.events} >= {"R3", "R4"}
    assert {c.class_ for c in breach_crimes} == {"008/74"}
    # grown one report at a time, the same
    [grown] = assemble(before)
    for r in after:
        grown = reevaluate(grown, r)
    assert [r.id for r in grown.reports] == ["R1", "R2", "R3", "R4"]
