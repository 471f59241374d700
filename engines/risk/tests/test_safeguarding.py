"""Safeguarding prompts and the refusal of PINs in stalking cases."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from engines.risk import (
    CaseFacts,
    ProfessionalJudgement,
    check_pin_allowed,
    default_rules,
    marac_referral,
    safeguarding_prompts,
)

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def codes(prompts):
    return [p.code for p in prompts]


def test_stalking_case_prompts_spo_and_advocate_with_decision():
    prompts = safeguarding_prompts(CaseFacts(is_stalking=True))
    assert codes(prompts) == ["consider_spo", "refer_isa"]
    assert all(p.decision_required for p in prompts)


def test_recorded_decisions_close_prompts():
    facts = CaseFacts(is_stalking=True, spo_decision_recorded=True, isa_referral_recorded=True)
    assert safeguarding_prompts(facts) == []


def test_not_stalking_no_spo_prompt():
    assert safeguarding_prompts(CaseFacts(is_stalking=False)) == []


def test_marac_prompt_when_criteria_met():
    pj = ProfessionalJudgement("DS 2", "serious concern", None, True)
    decision = marac_referral(dash=None, incident_times=[], as_at=NOW, professional_judgement=pj)
    facts = CaseFacts(is_stalking=False, marac=decision)
    (prompt,) = safeguarding_prompts(facts)
    assert prompt.code == "refer_marac"
    assert "professional_judgement" in prompt.reasons[0]
    made = CaseFacts(is_stalking=False, marac=decision, marac_referral_made=True)
    assert safeguarding_prompts(made) == []


def test_sdash_prompt_until_completed():
    facts = CaseFacts(is_stalking=False, incident_count=3)
    assert codes(safeguarding_prompts(facts)) == ["complete_sdash"]
    done = CaseFacts(is_stalking=False, incident_count=3, sdash_completed=True)
    assert safeguarding_prompts(done) == []


@pytest.mark.parametrize("classification", ["195/12", "008/65", "008/66", "8Q", "Stalking s.2A"])
def test_pin_refused_in_stalking(classification):
    decision = check_pin_allowed(classification)
    assert not decision.allowed
    assert "2017" in decision.reason
    assert "protocol" in decision.reason


def test_pin_outside_stalking_reminds_to_consider_stalking():
    decision = check_pin_allowed("195/94")
    assert decision.allowed
    assert "consider stalking first" in decision.reason


def test_force_may_refuse_pins_for_harassment():
    rules = default_rules()
    rules["pin"]["refuse_for_harassment"] = True
    assert not check_pin_allowed("195/94", rules).allowed
