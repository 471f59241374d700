"""Dynamic signals: frequency and severity trends, new cues, proxy pattern, serial perpetrator."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from engines.risk import Incident, RiskBand, default_rules, signals

NOW = datetime(2026, 11, 1, 12, tzinfo=UTC)


def inc(rid: str, days_ago: float, **kw) -> Incident:
    return Incident(
        report_id=rid,
        occurred_at=NOW - timedelta(days=days_ago),
        suspect_id="S1",
        victim_ids=kw.pop("victim_ids", ("V1",)),
        **kw,
    )


def by_kind(sigs, kind):
    return [s for s in sigs if s.kind == kind]


def test_frequency_rising():
    incidents = [inc(f"R{n}", 40 + n) for n in range(2)] + [inc(f"N{n}", n + 1) for n in range(5)]
    (freq,) = by_kind(signals(incidents, NOW), "frequency")
    assert freq.rising
    assert freq.code == "frequency_rising"
    assert freq.metrics["current"] == 5
    assert freq.metrics["previous"] == 2
    assert freq.floor is RiskBand.MEDIUM
    assert {e.report_id for e in freq.evidence} == {f"N{n}" for n in range(5)}


def test_frequency_falling_and_steady():
    falling = [inc(f"R{n}", 40 + n) for n in range(4)] + [inc("N", 1)]
    (f1,) = by_kind(signals(falling, NOW), "frequency")
    assert f1.code == "frequency_falling"
    assert not f1.rising
    (f2,) = by_kind(signals([inc("A", 40), inc("B", 5)], NOW), "frequency")
    assert f2.code == "frequency_steady"


def test_a_course_that_began_in_the_window_is_new_not_rising():
    """No earlier period to compare with: the start of a course is not an acceleration."""
    (freq,) = by_kind(signals([inc(f"N{n}", n + 1) for n in range(4)], NOW), "frequency")
    assert (freq.code, freq.rising, freq.floor) == ("frequency_new", False, None)
    # the same burst after a quiet spell (an incident long before) is a rise
    resumed = [inc("OLD", 200), *(inc(f"N{n}", n + 1) for n in range(4))]
    (freq,) = by_kind(signals(resumed, NOW), "frequency")
    assert (freq.code, freq.rising) == ("frequency_rising", True)


def test_window_is_configurable():
    rules = default_rules()
    rules["signals"]["window_days"] = 7
    incidents = [inc("A", 1), inc("B", 2), inc("C", 20)]
    (freq,) = by_kind(signals(incidents, NOW, rules), "frequency")
    assert freq.metrics == {"current": 2.0, "previous": 0.0, "window_days": 7}


def test_future_incidents_ignored():
    (freq,) = by_kind(signals([inc("F", -3), inc("A", 1)], NOW), "frequency")
    assert freq.metrics["current"] == 1


def test_severity_rising_with_evidence_words():
    old = [inc("O1", 45, behaviours=("contacting",)), inc("O2", 50, behaviours=("contacting",))]
    new = [
        inc(
            "N1",
            2,
            behaviours=("uninvited_visit",),
            risk_cues=("threat_of_violence",),
            words={"threat_of_violence": ("you'll regret it",)},
        )
    ]
    (sev,) = by_kind(signals(old + new, NOW), "severity")
    assert sev.rising
    assert sev.metrics["current_mean"] > sev.metrics["previous_mean"]
    assert sev.evidence[0].report_id == "N1"
    assert "you'll regret it" in sev.evidence[0].words


def test_severity_not_rising_without_history():
    (sev,) = by_kind(signals([inc("N1", 2, risk_cues=("weapon",))], NOW), "severity")
    assert not sev.rising


@pytest.mark.parametrize(
    "cue", ["threat_to_kill", "weapon", "strangulation", "separation", "breach_of_order"]
)
def test_new_risk_cue(cue):
    incidents = [
        inc("A", 60, behaviours=("contacting",)),
        inc("B", 3, risk_cues=(cue,), words={cue: ("the words",)}),
    ]
    new = by_kind(signals(incidents, NOW), "new_risk_cue")
    assert [s.code for s in new] == [cue]
    assert new[0].evidence[0].report_id == "B"
    assert new[0].evidence[0].words == ("the words",)
    assert new[0].floor is not None


def test_breach_flag_counts_as_breach_cue():
    new = by_kind(signals([inc("B", 3, breached_order=True)], NOW), "new_risk_cue")
    assert [s.code for s in new] == ["breach_of_order"]


def test_old_cue_is_not_new():
    incidents = [
        inc("A", 90, risk_cues=("threat_to_kill",)),
        inc("B", 3, risk_cues=("threat_to_kill",)),
    ]
    assert by_kind(signals(incidents, NOW), "new_risk_cue") == []


def test_proxy_pattern():
    incidents = [
        inc("A", 10, behaviours=("third_party_contact",)),
        inc("B", 5, channel="third_party"),
        inc("C", 2, risk_cues=("recruits_others",), words={"recruits_others": ("his brother",)}),
    ]
    (proxy,) = by_kind(signals(incidents, NOW), "proxy_pattern")
    assert [e.report_id for e in proxy.evidence] == ["A", "B", "C"]
    assert proxy.evidence[2].words == ("his brother",)
    assert not by_kind(signals(incidents[:1], NOW), "proxy_pattern")


def test_serial_perpetrator():
    (serial,) = by_kind(signals([inc("A", 3, suspect_other_victims=2)], NOW), "serial_perpetrator")
    assert serial.metrics["other_victims"] == 2
    assert serial.evidence[0].report_id == "A"
    two = [inc("A", 3, victim_ids=("V1",)), inc("B", 2, victim_ids=("V2",))]
    assert by_kind(signals(two, NOW), "serial_perpetrator")
    assert not by_kind(signals(two[:1], NOW), "serial_perpetrator")


def test_every_signal_records_rules_version():
    sigs = signals([inc("A", 3, risk_cues=("weapon",), suspect_other_victims=1)], NOW)
    assert sigs
    assert all(s.rules_version.startswith("mosaic-risk-rules@") for s in sigs)


def test_bad_input_refused():
    with pytest.raises(ValueError, match="R9"):
        signals([Incident("R9", datetime(2026, 1, 1))], NOW)
    with pytest.raises(ValueError, match="suspect_other_victims"):
        signals([inc("A", 1, suspect_other_victims=-1)], NOW)


def test_severity_compares_with_earlier_history_when_the_window_before_is_empty():
    """Incidents weeks apart: the previous 30 days are empty, the course's history is not."""
    old = [inc("O1", 100, behaviours=("contacting",)), inc("O2", 75, behaviours=("contacting",))]
    new = [inc("N1", 2, behaviours=("uninvited_visit", "following"))]
    (sev,) = by_kind(signals(old + new, NOW), "severity")
    assert sev.rising
    assert sev.metrics["previous_mean"] == 1.0
    assert "over 2 earlier incident(s)" in sev.reason
