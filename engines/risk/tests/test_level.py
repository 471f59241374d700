"""Risk level: combines DASH and signals, never lowers an assessed level."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from engines.risk import (
    Incident,
    ProfessionalJudgement,
    RiskBand,
    assess,
    dash_config,
    default_rules,
    score_dash,
    signals,
)

NOW = datetime(2026, 11, 1, 12, tzinfo=UTC)
IDS = dash_config().question_ids()
CUES = ["threat_to_kill", "weapon", "contacting", "separation", "breach_of_order", "escalation"]


def dash(yes: int):
    return score_dash({q: ("yes" if n < yes else "no") for n, q in enumerate(IDS)})


def test_dash_band_sets_level():
    result = assess(dash(11), [], None)
    assert result.level is RiskBand.MEDIUM
    assert not result.rising  # a first assessment is not a rise
    assert result.changes[0].source == "dash"


def test_new_threat_to_kill_raises_to_high_and_alerts():
    sigs = signals([Incident("R1", NOW - timedelta(days=1), risk_cues=("threat_to_kill",))], NOW)
    result = assess(dash(3), sigs, RiskBand.STANDARD)
    assert result.level is RiskBand.HIGH
    assert result.rising
    assert result.alerts == ("officer_in_case", "supervisor")
    assert result.reassess_prompt
    assert any("threat_to_kill" in r for r in result.reassess_reasons)
    assert any(c.source == "signal:new_risk_cue" for c in result.changes)


def test_low_dash_does_not_lower_previous_high():
    result = assess(dash(2), [], RiskBand.HIGH)
    assert result.level is RiskBand.HIGH
    assert not result.rising
    assert result.changes == ()


def test_judgement_raises():
    pj = ProfessionalJudgement("PC 1", "victim's account of fixation", RiskBand.HIGH)
    result = assess(dash(2), [], RiskBand.STANDARD, pj)
    assert result.level is RiskBand.HIGH
    assert result.changes[-1].source == "professional_judgement"
    assert result.changes[-1].applied


def test_judgement_cannot_lower_and_says_so():
    pj = ProfessionalJudgement("PC 1", "seems calmer", RiskBand.STANDARD)
    result = assess(dash(15), [], None, pj)
    assert result.level is RiskBand.HIGH
    refused = result.changes[-1]
    assert not refused.applied
    assert "never lower" in refused.reason


def test_missing_or_draft_dash_prompts_reassessment():
    assert assess(None, [], None).reassess_prompt
    draft = score_dash({"dash01": "yes"})
    result = assess(draft, [], None)
    assert result.reassess_prompt
    assert "draft" in result.reassess_reasons[0]


incident = st.builds(
    Incident,
    report_id=st.text(min_size=1, max_size=5),
    occurred_at=st.integers(0, 120).map(lambda d: NOW - timedelta(days=d)),
    behaviours=st.lists(st.sampled_from(CUES), max_size=3).map(tuple),
    risk_cues=st.lists(st.sampled_from(CUES), max_size=3).map(tuple),
    breached_order=st.booleans(),
    suspect_other_victims=st.integers(0, 3),
)
bands = st.sampled_from(list(RiskBand))


@given(
    st.lists(incident, max_size=15),
    st.one_of(st.none(), bands),
    st.one_of(st.none(), st.integers(0, 27).map(dash)),
    st.one_of(st.none(), bands),
)
def test_never_lowers_an_assessed_level(incidents, previous, latest, judged):
    pj = None if judged is None else ProfessionalJudgement("PC 1", "judgement", judged)
    result = assess(latest, signals(incidents, NOW), previous, pj)
    if previous is not None:
        assert result.level.rank >= previous.rank
        assert result.rising == (result.level.rank > previous.rank)
    if latest is not None and latest.band is not None:
        assert result.level.rank >= latest.band.rank
    for change in result.changes:
        assert change.to_level.rank >= change.from_level.rank


def test_steady_signal_that_raises_level_prompts_reassessment():
    sigs = signals([Incident("R1", NOW - timedelta(days=90), suspect_other_victims=2)], NOW)
    result = assess(dash(27), [], None)
    assert result.level is RiskBand.HIGH
    raised = assess(dash(0), sigs, RiskBand.STANDARD)
    assert raised.level is RiskBand.MEDIUM
    assert raised.reassess_prompt
    assert any("serial_perpetrator" in r for r in raised.reassess_reasons)


def _rising_course() -> list[Incident]:
    """A quiet course (contact now and then) that speeds up and gets worse this month."""
    old = [
        Incident(f"O{n}", NOW - timedelta(days=60 + 20 * n), behaviours=("contacting",))
        for n in range(3)
    ]
    new = [
        Incident(f"N{n}", NOW - timedelta(days=n + 1), behaviours=("following", "uninvited_visit"))
        for n in range(3)
    ]
    return old + new


def test_two_kinds_of_rising_signal_at_once_raise_medium_to_high():
    sigs = signals(_rising_course(), NOW)
    assert {s.kind for s in sigs if s.rising} == {"frequency", "severity"}
    result = assess(None, sigs, RiskBand.MEDIUM)
    assert result.level is RiskBand.HIGH
    assert result.rising
    [change] = [c for c in result.changes if c.source == "signal:concurrent"]
    assert "2 kinds of rising signal at once" in change.reason


def test_one_rising_signal_alone_stays_at_its_floor_and_the_rule_is_configurable():
    one = [
        Incident("O", NOW - timedelta(days=90)),
        *(Incident(f"N{n}", NOW - timedelta(days=n + 1)) for n in range(3)),
    ]
    sigs = signals(one, NOW)
    assert [s.kind for s in sigs if s.rising] == ["frequency"]
    assert assess(None, sigs, RiskBand.STANDARD).level is RiskBand.MEDIUM
    rules = default_rules()
    del rules["level_floors"]["concurrent_rising"]
    both = signals(_rising_course(), NOW, rules)
    assert assess(None, both, RiskBand.MEDIUM, rules=rules).level is RiskBand.MEDIUM
