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


@pytest.mark.parametrize(
    ("text", "code", "status"),
    [
        # "last year", "back in 2019", "when they were together", "in the past": history
        (
            "Caller states that suspect grabbed her round the throat during a row last year.",
            "strangulation",
            "historical",
        ),
        ("A year ago he punched her in the face.", "physical_violence", "historical"),
        ("He punched her when they lived together.", "physical_violence", "historical"),
        ("He choked her during their relationship.", "strangulation", "historical"),
        ("Back in 2019 he followed her home.", "following", "historical"),
        # ... but "last week", "last night" and "over the last year" are now
        ("He followed her home last night.", "following", "happened"),
        ("He followed her home last week.", "following", "happened"),
        ("Over the last year he has followed her home most days.", "following", "happened"),
        # a separation that began last year holds now
        ("Since they split up last year he has rung her daily.", "separation", "happened"),
        ("They separated years ago and have had no issues since.", "separation", "historical"),
        # "since" does not rescue an act that is itself history
        ("He has not called since he strangled her years ago.", "strangulation", "historical"),
    ],
)
def test_historical_scope(text: str, code: str, status: str) -> None:
    assert statuses(text)[code] == status


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # a threat reported with its condition was made: the "if" is part of what he said
        ("He told her that if she went to the police he would slit her throat.", "happened"),
        ("She said he warned her that if she left he would kill her.", "happened"),
        # ... but a threat that is itself conditional, feared or denied was not
        ("If he threatens to kill her again she will call 999.", "hypothetical"),
        ("She is worried he would kill her if she went to the police.", "hypothetical"),
        ("He never said he would kill her.", "negated"),
    ],
)
def test_a_reported_conditional_threat_was_made(text: str, status: str) -> None:
    assert statuses(text)["threat_to_kill"] == status


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # frames: a verb family, a bounded gap in one clause, an object slot
        ("He sent her a long rambling voice note at 3am.", "contacting"),
        ("He slipped a handwritten note under her door.", "contacting"),
        ("She has changed her mobile number twice.", "victim_changed_behaviour"),
        ("IP has started getting taxis home from work.", "victim_changed_behaviour"),
        ("He scratched the paintwork on her car.", "interfering_with_property"),
        ("He keeps viewing her Instagram stories.", "monitoring_online"),
        ("He shared a load of her private photos on a fake Facebook page.", "publishing"),
        ("He keeps taking her back to the family court.", "vexatious_process"),
        ("He texted that she would be dead by Friday.", "threat_to_kill"),
        ("Her mum has been contacted by him twice.", "third_party_contact"),
    ],
)
def test_frames_find_paraphrase(text: str, code: str) -> None:
    hits = [h for h in tag(text).hits if h.code == code]
    assert hits, [(h.code, h.status) for h in tag(text).hits]
    assert hits[0].happened
    assert hits[0].rule


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("She sent him a message asking him to stop.", "contacting"),  # the victim's act
        ("He changed the password on her Snapchat.", "victim_changed_behaviour"),  # his act
        ("He sent the messages when he was drunk. Then he left.", "contacting"),  # "the"
        ("She has changed; the number he rings is the same.", "victim_changed_behaviour"),
        ("His new girlfriend has been sending her abusive messages.", "contacting"),  # not his
    ],
)
def test_frames_respect_subject_and_clause(text: str, code: str) -> None:
    assert code not in {h.code for h in tag(text).hits if h.happened}


def test_a_frame_hit_explains_itself() -> None:
    text = "Since Friday he has sent her a long voice note every night."
    [hit] = [h for h in tag(text).hits if h.code == "contacting"]
    assert hit.rule == "frame: send/leave + a message"
    assert text[hit.start : hit.end] == hit.text == "sent her a long voice note"
    assert text[hit.sentence_start : hit.sentence_end] == text
    assert hit.status == "happened"


@pytest.mark.parametrize(
    ("text", "code", "status"),
    [
        # a cue in a frame's gap governs it; a cue inside its first part does not
        ("He was not seen outside her address last night.", "loitering", "negated"),
        ("She fears he will be waiting outside her work.", "loitering", "hypothetical"),
        ("He has not sent her a single message since the order.", "contacting", "negated"),
        ("I stopped going to the gym.", "victim_changed_behaviour", "happened"),
        ("Susp attended V's home address uninvited at 23:00.", "uninvited_visit", "happened"),
        ("He said if she didn't come back he'd end it all.", "suicide_threat", "happened"),
    ],
)
def test_frame_status(text: str, code: str, status: str) -> None:
    assert statuses(text)[code] == status


def test_an_order_in_force_is_a_breach_only_with_his_prohibited_act() -> None:
    text = "He is on bail not to contact her. Yesterday he texted her forty times."
    [breach] = [h for h in tag(text).hits if h.code == "breach_of_order"]
    assert breach.happened
    assert breach.text == "on bail not to"
    assert breach.rule.startswith("inferred: ")
    assert "contacting ('texted her forty times') happened" in breach.rule
    # no act, an act he did not do, or an act that did not happen: no breach
    for quiet in (
        "He is on bail not to contact her and has kept to it.",
        "He is on bail not to contact her. His brother has been texting her.",
        "He is on bail not to contact her. He has not texted her since.",
    ):
        assert "breach_of_order" not in {h.code for h in tag(quiet).hits}, quiet


@pytest.mark.parametrize(
    ("text", "code", "status"),
    [
        # one cue governs a list of acts across its commas (1.7.0)
        ("She has never approached, messaged or followed him.", "contacting", "negated"),
        (
            "He has not followed her, been violent or approached her.",
            "physical_violence",
            "negated",
        ),
        # a sentence that opens with "if" is conditional throughout
        ("If he texts me after the hearing that's a breach.", "breach_of_order", "hypothetical"),
        # "he'll": the clitic is a modal; dread and worry are fears
        ("I'm scared that one day he'll turn up with a weapon.", "weapon", "hypothetical"),
        ("I'm dreading him sending the kids presents.", "unsolicited_gifts", "hypothetical"),
        # an old year is history; this year is not
        ("He choked me in the kitchen in 2021.", "strangulation", "historical"),
        ("He choked me in the kitchen in March 2026.", "strangulation", "happened"),
        (
            "She says he threatened to share her photos back in their uni days.",
            "threat_to_share_images",
            "historical",
        ),
        # hearsay about someone else's case
        (
            "V's mum says the suspect's brother threatened to stab her husband.",
            "threat_of_violence",
            "reported",
        ),
        ("Nothing's been ordered in my name as far as I can see.", "identity_misuse", "negated"),
        # a reputation is not an act; a man "known to her" still acts
        ("She says the family are known for carrying knives.", "weapon", "hypothetical"),
        ("A man known to her has been following her home from work.", "following", "happened"),
        # a negation between the speech verb and the harm is not part of the threat
        ("He said he would never hurt her.", "threat_of_violence", "negated"),
        ("He is yet to contact her.", "contacting", "negated"),
    ],
)
def test_status_scope_1_7(text: str, code: str, status: str) -> None:
    assert statuses(text)[code] == status


def test_a_year_is_read_against_the_report_date() -> None:
    from datetime import UTC, datetime

    text = "He choked me in the kitchen in 2025."
    assert statuses(text)["strangulation"] == "happened"
    late = tag(text, reported_at=datetime(2028, 1, 5, tzinfo=UTC))
    assert {h.code: h.status for h in late.hits}["strangulation"] == "historical"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("IP has received approx 200 WhatsApps from the suspect since Friday.", "contacting"),
        ("Another load of messages on X from his new account.", "contacting"),
        ("Now he's at my door every weekend and texting nonstop.", "contacting"),
        ("He said if she called the police he'd 'put her in hospital'.", "threat_of_violence"),
        (
            "The account demanded money or the video would be sent to his followers.",
            "threat_to_share_images",
        ),
        (
            "A man from church has sent her nine cards, a box of chocolates and a silk scarf.",
            "unsolicited_gifts",
        ),
        (
            "The suspect, his neighbour at no. 22, has slashed his garden hose.",
            "interfering_with_property",
        ),
        ("IP says she is frightened.", "victim_very_frightened"),
        ("She ended her relationship with the suspect in August.", "separation"),
        ("On Saturday he was waiting on the wall opposite the halls for 90 minutes.", "loitering"),
    ],
)
def test_broader_families_1_7(text: str, code: str) -> None:
    assert statuses(text).get(code) == "happened"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("I choked on my coffee when I saw the bill.", "strangulation"),
        ("I hacked my way through the brambles to the back gate.", "hacking"),
        ("My in-laws turned up unannounced for Sunday lunch.", "uninvited_visit"),
        ("Mum sent me a parcel of biscuits and a card.", "unsolicited_gifts"),
        ("The argument escalated and the pub was cleared.", "escalation"),
        ("Suspect made an allegation that IP had assaulted him.", "physical_violence"),
        ("I'm scared he will start messaging me again.", "victim_very_frightened"),
        ("We split the bill and I walked home.", "separation"),
        ("He left on 3 May to work abroad.", "separation"),
        ("She doesn't want him to know where she lives.", "threat_of_violence"),
        ("He was arrested before he could hurt her.", "threat_of_violence"),
        ("She thinks he has put a tracker on her car.", "unsolicited_gifts"),
    ],
)
def test_precision_rules_1_7(text: str, code: str) -> None:
    assert statuses(text).get(code) != "happened"
