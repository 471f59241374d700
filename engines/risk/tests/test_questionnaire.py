"""DASH and S-DASH: scoring, bands, completeness, refusal of bad answers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engines.risk import (
    Answer,
    InvalidAnswers,
    RiskBand,
    Status,
    dash_config,
    questionnaire_from_dict,
    score_dash,
    score_sdash,
    sdash_config,
    sdash_prompt,
)

DASH_IDS = dash_config().question_ids()
SDASH_IDS = sdash_config().question_ids()


def full(yes: int) -> dict[str, str]:
    return {q: ("yes" if n < yes else "no") for n, q in enumerate(DASH_IDS)}


def test_dash_has_27_questions_and_sdash_11():
    assert len(DASH_IDS) == 27
    assert len(SDASH_IDS) == 11
    assert dash_config().version
    assert sdash_config().version


@pytest.mark.parametrize(
    ("yes", "band"),
    [
        (0, RiskBand.STANDARD),
        (9, RiskBand.STANDARD),
        (10, RiskBand.MEDIUM),
        (13, RiskBand.MEDIUM),
        (14, RiskBand.HIGH),
        (27, RiskBand.HIGH),
    ],
)
def test_bands_at_their_edges(yes, band):
    result = score_dash(full(yes))
    assert result.status is Status.COMPLETE
    assert result.yes_count == yes
    assert result.band is band
    assert result.config_id == "dash-police-2009"


def test_not_known_counts_as_answered_but_not_yes():
    answers = dict.fromkeys(DASH_IDS, "not_known")
    result = score_dash(answers)
    assert result.is_complete
    assert result.yes_count == 0
    assert result.not_known_items == DASH_IDS


def test_incomplete_is_a_draft_without_band():
    answers = full(15)
    del answers["dash27"]
    result = score_dash(answers)
    assert result.status is Status.DRAFT
    assert not result.is_complete
    assert result.band is None
    assert result.provisional_band is RiskBand.HIGH
    assert result.unanswered == ("dash27",)


@given(st.sets(st.sampled_from(DASH_IDS), max_size=26), st.data())
def test_incomplete_questionnaire_is_never_complete(subset, data):
    answers = {q: data.draw(st.sampled_from(["yes", "no", "not_known"])) for q in subset}
    result = score_dash(answers)
    assert result.status is Status.DRAFT
    assert result.band is None
    assert set(result.unanswered) == set(DASH_IDS) - subset


def test_question_8_triggers_sdash():
    answers = full(0)
    answers["dash08"] = "yes"
    assert score_dash(answers).sdash_triggered
    assert not score_dash(full(0)).sdash_triggered


def test_notes_are_kept():
    answers: dict[str, Answer | str] = dict(full(0))
    answers["dash03"] = Answer("yes", "afraid he will come back at night")
    result = score_dash(answers)
    assert result.notes == {"dash03": "afraid he will come back at night"}


def test_bad_value_and_unknown_id_rejected_with_each_problem():
    answers = {"dash01": "maybe", "dash99": "yes", "dash02": "yes"}
    with pytest.raises(InvalidAnswers) as err:
        score_dash(answers)
    problems = {p.question_id: p.reason for p in err.value.problems}
    assert set(problems) == {"dash01", "dash99"}
    assert "maybe" in problems["dash01"]
    assert "unknown question id" in problems["dash99"]


@given(st.text(min_size=1).filter(lambda v: v not in {"yes", "no", "not_known"}))
def test_any_value_outside_allowed_is_rejected(value):
    with pytest.raises(InvalidAnswers) as err:
        score_dash({"dash05": value})
    assert err.value.problems[0].question_id == "dash05"


@given(st.text().filter(lambda q: q not in DASH_IDS))
def test_any_unknown_question_id_is_rejected(qid):
    with pytest.raises(InvalidAnswers):
        score_dash({qid: "yes"})


def test_local_variant_with_other_bands():
    data = {
        "id": "dash-local",
        "version": "1",
        "questions": [{"id": f"l{n}", "number": n, "text": f"Q{n}"} for n in range(1, 4)],
        "bands": [{"level": "standard", "min_yes": 0}, {"level": "high", "min_yes": 2}],
    }
    cfg = questionnaire_from_dict(data)
    result = score_dash({"l1": "yes", "l2": "yes", "l3": "no"}, cfg)
    assert result.band is RiskBand.HIGH
    assert result.config_id == "dash-local"


def test_sdash_counts_yes_and_lists_them():
    answers = dict.fromkeys(SDASH_IDS, "no")
    answers["sdash01"] = "yes"
    answers["sdash06"] = "yes"
    result = score_sdash(answers)
    assert result.status is Status.COMPLETE
    assert result.yes_count == 2
    assert [q for q, _ in result.yes_items] == ["sdash01", "sdash06"]
    assert "frightened" in result.yes_items[0][1]
    assert result.safety_plan_prompt


def test_sdash_draft_and_bad_answers():
    assert score_sdash({"sdash01": "yes"}).status is Status.DRAFT
    with pytest.raises(InvalidAnswers):
        score_sdash({"dash01": "yes"})


@pytest.mark.parametrize(
    ("count", "frightened", "prompted"),
    [(0, False, False), (1, False, False), (2, False, True), (1, True, True), (5, True, True)],
)
def test_sdash_prompt(count, frightened, prompted):
    prompt = sdash_prompt(count, frightened)
    assert (prompt is not None) is prompted
    if prompt:
        assert prompt.code == "complete_sdash"
        assert prompt.reasons


def test_sdash_prompt_refuses_negative_count():
    with pytest.raises(ValueError, match="incident_count"):
        sdash_prompt(-1, False)
