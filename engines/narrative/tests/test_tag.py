"""Behaviour tagging and status through the public API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engines.narrative import LEXICON_VERSION, STATUSES, NarrativeResult, tag
from engines.vocabulary import BEHAVIOURS, RISK_CUES

EVAL = Path(__file__).resolve().parent.parent / "eval"


def statuses(text: str) -> dict[str, str]:
    return {h.code: h.status for h in tag(text).hits}


@pytest.mark.parametrize(
    ("text", "code", "status"),
    [
        ("He followed me home from the station again tonight.", "following", "happened"),
        ("He did not follow her today.", "following", "negated"),
        ("No threats were made.", "threat_of_violence", "negated"),
        ("If he turns up again I will call 999.", "uninvited_visit", "hypothetical"),
        ("I'm worried he will follow me when I leave work.", "following", "hypothetical"),
        ("Years ago he used to follow me home from school.", "following", "historical"),
        ("He breached a restraining order years ago.", "breach_of_order", "historical"),
        (
            "Another victim reported that he had threatened to kill her.",
            "threat_to_kill",
            "reported",
        ),
        ("He won't stop calling me.", "contacting", "happened"),
        ("Not long after, he turned up at my door.", "uninvited_visit", "happened"),
        ("He said he'd jump off the bridge if she left.", "suicide_threat", "happened"),
        ("Has he ever waited outside your house?", "loitering", "hypothetical"),
    ],
)
def test_status(text: str, code: str, status: str) -> None:
    assert statuses(text)[code] == status


def test_negation_stops_at_but() -> None:
    found = statuses("He didn't follow me but he rang me six times.")
    assert found == {"following": "negated", "contacting": "happened"}


def test_month_may_is_not_a_modal() -> None:
    assert statuses("In May he followed me to work.")["following"] == "happened"


def test_hit_explains_itself() -> None:
    text = "Officers attended. She says he has not contacted her since Friday."
    (hit,) = tag(text).hits
    assert (hit.code, hit.kind, hit.status, hit.trigger) == (
        "contacting",
        "behaviour",
        "negated",
        "not",
    )
    assert text[hit.start : hit.end] == hit.text
    assert text[hit.trigger_start : hit.trigger_end] == "not"
    assert text[hit.sentence_start : hit.sentence_end].startswith("She says")
    assert hit.rule


def test_officers_contacting_the_victim_is_not_contacting() -> None:
    assert tag("PC 4471 contacted the victim to arrange a statement.").hits == ()


def test_offsets_survive_odd_whitespace_and_case() -> None:
    text = "HE   FOLLOWED\n\tME   home.\u2019 Then he\u00a0rang me."
    for hit in tag(text).hits:
        assert text[hit.start : hit.end] == hit.text
    assert {h.code for h in tag(text).hits} == {"following", "contacting"}


def test_every_code_is_found_in_the_eval_set() -> None:
    rows = [json.loads(x) for x in (EVAL / "sentences.jsonl").read_text().splitlines()]
    found = {h.code for row in rows for h in tag(row["text"]).hits if h.happened}
    assert found >= set(BEHAVIOURS) | set(RISK_CUES)


def test_no_negated_or_hypothetical_label_counts_as_happened() -> None:
    rows = [json.loads(x) for x in (EVAL / "sentences.jsonl").read_text().splitlines()]
    for row in rows:
        happened = {h.code for h in tag(row["text"]).hits if h.happened}
        for label in row["labels"]:
            if label["status"] in ("negated", "hypothetical"):
                assert label["code"] not in happened, row["text"]


def test_result_is_json_serialisable() -> None:
    result = tag("He sent me 40 texts yesterday from 07700 900123.", doc_id="r1")
    data = json.loads(json.dumps(result.to_dict()))
    assert data["lexicon_version"] == LEXICON_VERSION
    assert data["doc_id"] == "r1"
    assert data["hits"][0]["status"] in STATUSES
    assert isinstance(result, NarrativeResult)


@pytest.mark.parametrize(
    ("text", "code", "status"),
    [
        ("I have asked him to stop texting me.", "contacting", "happened"),
        ("He has previously breached a restraining order.", "breach_of_order", "historical"),
        ("He once choked her, but that was over five years ago.", "strangulation", "historical"),
        ("I got six texts from a new number.", "contacting", "happened"),
    ],
)
def test_status_regressions(text: str, code: str, status: str) -> None:
    assert statuses(text)[code] == status


def test_third_party_contact_is_not_also_contact() -> None:
    assert statuses("He has been ringing her workplace.") == {"third_party_contact": "happened"}
