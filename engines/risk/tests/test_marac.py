"""MARAC criteria: each fires on its own, with its reason; none fires below the thresholds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from engines.risk import (
    ProfessionalJudgement,
    dash_config,
    default_rules,
    marac_referral,
    score_dash,
)

NOW = datetime(2026, 11, 1, 12, tzinfo=UTC)
IDS = dash_config().question_ids()


def dash(yes: int, *, complete: bool = True):
    answers = {q: ("yes" if n < yes else "no") for n, q in enumerate(IDS)}
    if not complete:
        answers.pop(IDS[-1])
    return score_dash(answers)


def codes(decision):
    return {c.code for c in decision.criteria}


def test_nothing_fires():
    d = marac_referral(dash=dash(13), incident_times=[NOW - timedelta(days=3)], as_at=NOW)
    assert not d.refer
    assert d.criteria == ()
    assert d.rules_version.startswith("mosaic-risk-rules@")


def test_dash_14_yes_fires():
    d = marac_referral(dash=dash(14), incident_times=[], as_at=NOW)
    assert d.refer
    assert codes(d) == {"dash_threshold"}
    assert "14 DASH yes" in d.criteria[0].reason
    assert len(d.criteria[0].evidence) == 14


def test_dash_14_yes_in_draft_fires_and_says_draft():
    d = marac_referral(dash=dash(14, complete=False), incident_times=[], as_at=NOW)
    assert codes(d) == {"dash_threshold"}
    assert "draft" in d.criteria[0].reason


def test_professional_judgement_fires():
    pj = ProfessionalJudgement(
        "PC 1234", "victim describes fixation on her new partner", None, True
    )
    d = marac_referral(dash=None, incident_times=[], as_at=NOW, professional_judgement=pj)
    assert codes(d) == {"professional_judgement"}
    assert "PC 1234" in d.criteria[0].reason


def test_judgement_without_referral_request_does_not_fire():
    pj = ProfessionalJudgement("PC 1234", "noted")
    d = marac_referral(dash=None, incident_times=[], as_at=NOW, professional_judgement=pj)
    assert not d.refer


def test_potential_escalation_three_in_twelve_months():
    times = [NOW - timedelta(days=d) for d in (10, 100, 300)]
    d = marac_referral(dash=None, incident_times=times, as_at=NOW)
    assert codes(d) == {"potential_escalation"}
    assert len(d.criteria[0].evidence) == 3


def test_escalation_ignores_old_and_future_incidents():
    times = [NOW - timedelta(days=d) for d in (10, 100, 400)] + [NOW + timedelta(days=1)]
    assert not marac_referral(dash=None, incident_times=times, as_at=NOW).refer


def test_escalation_threshold_is_configurable():
    rules = default_rules()
    rules["marac"]["escalation_incidents"] = 2
    times = [NOW - timedelta(days=d) for d in (10, 100)]
    d = marac_referral(dash=None, incident_times=times, as_at=NOW, rules=rules)
    assert codes(d) == {"potential_escalation"}


def test_repeat_within_twelve_months_of_referral():
    referral = NOW - timedelta(days=200)
    d = marac_referral(
        dash=None,
        incident_times=[NOW - timedelta(days=5)],
        as_at=NOW,
        previous_referrals=[referral],
    )
    assert codes(d) == {"repeat_referral"}
    assert referral.strftime("%Y-%m-%d") in d.criteria[0].reason


def test_no_repeat_when_referral_old_or_no_incident_since():
    old = marac_referral(
        dash=None,
        incident_times=[NOW - timedelta(days=5)],
        as_at=NOW,
        previous_referrals=[NOW - timedelta(days=400)],
    )
    quiet = marac_referral(
        dash=None,
        incident_times=[NOW - timedelta(days=50)],
        as_at=NOW,
        previous_referrals=[NOW - timedelta(days=20)],
    )
    assert not old.refer
    assert not quiet.refer


def test_all_criteria_together():
    pj = ProfessionalJudgement("DS 1", "high concern", None, True)
    times = [NOW - timedelta(days=d) for d in (1, 2, 3)]
    d = marac_referral(
        dash=dash(20),
        incident_times=times,
        as_at=NOW,
        previous_referrals=[NOW - timedelta(days=30)],
        professional_judgement=pj,
    )
    assert codes(d) == {
        "dash_threshold",
        "potential_escalation",
        "repeat_referral",
        "professional_judgement",
    }


def test_naive_datetime_refused():
    with pytest.raises(ValueError, match="as_at"):
        marac_referral(dash=None, incident_times=[], as_at=datetime(2026, 1, 1))
