"""One test per coded rule; each names the CRR 2026/27 page it rests on."""

from __future__ import annotations

from engines.conduct import decide, default_ruleset

from .factory import case, classes, ev


def _stalking_pair() -> list[dict[str, object]]:
    return [
        ev("E1", "2026-05-01T10:00", behaviours=["following"]),
        ev("E2", "2026-05-03T10:00", behaviours=["loitering"]),
    ]


def test_single_incident_is_not_a_course_of_conduct_p50() -> None:
    """CRR 2026/27 p.50-51: one incident is not harassment; an incident is recorded."""
    d = decide(case([ev("E1", "2026-05-01T10:00")]))
    assert d.crimes == ()
    assert d.reasons_for("COC-NONE")


def test_nuisance_calls_without_offensive_content_are_an_incident_p50() -> None:
    """CRR 2026/27 p.50-51: nuisance calls that cause no alarm or distress are not a crime."""
    evs = [
        ev(
            f"E{i}",
            f"2026-05-0{i}T10:00",
            behaviours=["contacting"],
            message="none",
            effects=["none"],
        )
        for i in range(1, 4)
    ]
    d = decide(case(evs))
    assert d.crimes == ()
    assert d.reasons_for("NUISANCE")


def test_think_stalking_first_acts_beyond_contact_p51() -> None:
    """CRR 2026/27 p.51-52: any act associated with stalking beyond contact makes it stalking."""
    d = decide(case(_stalking_pair()))
    assert classes(d) == [("195/12", "principal")]
    assert d.reasons_for("STALK-FIRST")


def test_contact_alone_is_harassment_with_a_recorded_reason_p51() -> None:
    """CRR 2026/27 p.51: harassment is chosen only with a reason why it is not stalking."""
    evs = [
        ev("E1", "2026-05-01T10:00", behaviours=["contacting"], message="grossly_offensive"),
        ev("E2", "2026-05-02T10:00", behaviours=["contacting"], message="grossly_offensive"),
    ]
    d = decide(case(evs))
    assert classes(d) == [("195/94", "principal")]
    assert "008/72" in d.included
    [why] = d.reasons_for("HARASS-NOT-STALK")
    assert "contact alone" in why.text
    assert why.page == "CRR 2026/27 p.51"


def test_former_partners_both_16_or_over_are_stalking_p55() -> None:
    """CRR 2026/27 p.55: former partners (both 16+): stalking unless the FCR decides otherwise."""
    evs = [
        ev("E1", "2026-05-01T10:00", behaviours=["contacting"], message="none"),
        ev("E2", "2026-05-02T10:00", behaviours=["contacting"], message="none"),
    ]
    assert classes(decide(case(evs, rel="former_intimate_partner"))) == [("195/12", "principal")]
    young = decide(case(evs, rel="former_intimate_partner", ages=(15, 15)))
    assert classes(young) == [("195/94", "principal")]
    assert "under 16" in young.reasons_for("HARASS-NOT-STALK")[0].text


def test_former_partner_presumption_not_before_april_2020_p55() -> None:
    """CRR 2026/27 p.55 (history): the presumption applies from April 2020 only."""
    evs = [
        ev("E1", "2019-05-01T10:00", behaviours=["contacting"], message="none"),
        ev("E2", "2019-05-02T10:00", behaviours=["contacting"], message="none"),
    ]
    d = decide(case(evs, rel="former_intimate_partner", rules="2019-04-01"))
    assert classes(d) == [("195/94", "principal")]


def test_fear_of_violence_on_two_occasions_is_s4a_p52() -> None:
    """CRR 2026/27 p.52: fear of violence on two occasions makes stalking s.4A (008/65)."""
    evs = [
        ev("E1", "2026-05-01T10:00", behaviours=["following"], effects=["fear_of_violence"]),
        ev("E2", "2026-05-02T10:00", behaviours=["loitering"], effects=["fear_of_violence"]),
    ]
    assert classes(decide(case(evs))) == [("008/65", "principal")]


def test_fear_on_one_occasion_is_not_s4_p52() -> None:
    """CRR 2026/27 p.52: one occasion of fear is not enough for s.4/s.4A."""
    evs = [
        ev("E1", "2026-05-01T10:00", behaviours=["contacting"], effects=["fear_of_violence"]),
        ev("E2", "2026-05-02T10:00", behaviours=["contacting"]),
    ]
    assert classes(decide(case(evs))) == [("195/94", "principal")]


def test_harassment_with_fear_twice_is_s4_p56() -> None:
    """CRR 2026/27 p.56: harassment with fear of violence on two occasions is 008/30."""
    evs = [
        ev(f"E{i}", f"2026-05-0{i}T10:00", behaviours=["contacting"], effects=["fear_of_violence"])
        for i in (1, 2)
    ]
    assert classes(decide(case(evs))) == [("008/30", "principal")]


def test_serious_alarm_or_distress_is_s4a_ii_p52() -> None:
    """CRR 2026/27 p.52: serious alarm/distress with substantial adverse effect: 008/66."""
    evs = _stalking_pair()
    evs[1]["effects"] = ["serious_alarm_or_distress"]
    assert classes(decide(case(evs))) == [("008/66", "principal")]


def test_racially_aggravated_forms_p56_p57() -> None:
    """CRR 2026/27 p.56-57: aggravated conduct is 008/58 (with fear) or 008/56 (without)."""
    evs = _stalking_pair()
    evs[0]["aggravation"] = "racial"
    assert classes(decide(case(evs))) == [("008/56", "principal")]
    for e in evs:
        e["effects"] = ["fear_of_violence"]
    assert classes(decide(case(evs))) == [("008/58", "principal")]


def test_ccb_needs_personal_connection_p54() -> None:
    """CRR 2026/27 p.54-55: 8U only where personally connected; else stalking/harassment."""
    evs = [
        ev("E1", "2026-05-01T10:00", offences=["008/67"], effects=["serious_alarm_or_distress"]),
        ev("E2", "2026-05-09T10:00", offences=["008/67"], behaviours=["watching_spying"]),
    ]
    assert classes(decide(case(evs, rel="neighbour"))) == [("008/66", "principal")]
    d = decide(case(evs, rel="current_intimate_partner"))
    assert classes(d) == [("008/66", "principal")]
    assert "008/67" in d.included


def test_most_serious_conduct_offence_only_p55() -> None:
    """CRR 2026/27 p.55-56: 8U ranks above s.2 harassment: one conduct crime, other included."""
    evs = [
        ev("E1", "2026-05-01T10:00", offences=["008/67"], effects=["serious_alarm_or_distress"]),
        ev("E2", "2026-05-09T10:00", offences=["008/67"], effects=["serious_alarm_or_distress"]),
    ]
    d = decide(case(evs, rel="current_intimate_partner"))
    assert classes(d) == [("008/67", "principal")]
    assert d.included == ("195/94",)
    assert d.reasons_for("MOST-SERIOUS-CONDUCT")


def test_one_crime_per_intended_victim_p55() -> None:
    """CRR 2026/27 p.55: conduct towards two victims is one crime for each."""
    evs = [
        ev(f"E{i}", f"2026-05-0{i}T10:00", behaviours=["following"], towards=["V1", "V2"])
        for i in (1, 2)
    ]
    d = decide(case(evs, people={"V2": {"role": "victim", "age": 40}}))
    assert sorted(c.victim for c in d.crimes) == ["V1", "V2"]


def test_ladder_stalking_principal_over_abh_p57() -> None:
    """CRR 2026/27 p.57: s.2A stalking is principal over ABH and damage reported with it."""
    evs = _stalking_pair()
    evs[1]["offences"] = ["008/06", "149/00"]
    d = decide(case(evs))
    assert classes(d) == [("195/12", "principal")]
    assert set(d.included) == {"008/06", "149/00"}


def test_ladder_exception_strangulation_is_principal_p57() -> None:
    """CRR 2026/27 p.57: s.2A is not principal over 008/77; the stalking is included."""
    evs = _stalking_pair()
    evs[1]["offences"] = ["008/77"]
    d = decide(case(evs))
    assert classes(d) == [("008/77", "principal")]
    assert d.included == ("195/12",)


def test_ladder_s4a_beats_strangulation_p56() -> None:
    """CRR 2026/27 p.56: s.4A stalking is principal over all offences up to and including 8N."""
    evs = _stalking_pair()
    for e in evs:
        e["effects"] = ["fear_of_violence"]
    evs[1]["offences"] = ["008/77"]
    assert classes(decide(case(evs))) == [("008/65", "principal")]


def test_unclear_principal_goes_to_the_registrar_p57() -> None:
    """CRR 2026/27 p.57: an offence outside the ladder, gravity unclear: the FCR decides."""
    evs = _stalking_pair()
    evs[1]["offences"] = ["999/99"]
    d = decide(case(evs))
    assert d.refer_to_registrar
    assert d.reasons_for("LADDER-FCR")


def test_continuation_within_three_months_p58() -> None:
    """CRR 2026/27 p.58: continued conduct within 3 months is added to the recorded crime."""
    evs = [*_stalking_pair(), ev("E3", "2026-07-20T10:00", behaviours=["following"])]
    d = decide(case(evs))
    assert [c.events for c in d.crimes] == [("E1", "E2", "E3")]


def test_three_month_gap_needs_a_new_decision_p58() -> None:
    """CRR 2026/27 p.58: after 3 months from the last incident, a new recording decision."""
    evs = [
        *_stalking_pair(),
        ev("E3", "2026-08-10T10:00", behaviours=["following"]),
        ev("E4", "2026-08-11T10:00", behaviours=["following"]),
    ]
    d = decide(case(evs))
    assert [c.events for c in d.crimes] == [("E1", "E2"), ("E3", "E4")]


def test_charge_ends_continuation_p58() -> None:
    """CRR 2026/27 p.58: a charge, summons or caution means later conduct is a new decision."""
    evs = [
        *_stalking_pair(),
        ev("E3", "2026-05-20T10:00", behaviours=["following"]),
        ev("E4", "2026-05-21T10:00", behaviours=["following"]),
    ]
    acts = [{"date": "2026-05-10", "against": "S1", "type": "cautioned"}]
    d = decide(case(evs, police_actions=acts))
    assert len(d.crimes) == 2


def test_conviction_ends_the_course_p52() -> None:
    """CRR 2026/27 p.52: a conviction, acquittal or order ends a course of conduct."""
    evs = [*_stalking_pair(), ev("E3", "2026-05-20T10:00", behaviours=["following"])]
    acts = [{"date": "2026-05-10", "against": "S1", "type": "convicted"}]
    d = decide(case(evs, police_actions=acts))
    assert [c.events for c in d.crimes] == [("E1", "E2")]
    assert d.reasons_for("COC-ENDS")


def test_threatening_communication_after_recording_is_additional_p58() -> None:
    """CRR 2026/27 p.58: a later 005/28 threat is recorded additionally."""
    evs = [
        *_stalking_pair(),
        ev("E3", "2026-05-20T10:00", behaviours=["contacting"], message="threatening"),
    ]
    d = decide(case(evs))
    assert classes(d) == [("005/28", "additional"), ("195/12", "principal")]


def test_later_malicious_message_is_absorbed_p57() -> None:
    """CRR 2026/27 p.57-58: a later 008/72 continuing the conduct is included, not counted."""
    evs = [
        *_stalking_pair(),
        ev("E3", "2026-05-20T10:00", behaviours=["contacting"], message="indecent"),
    ]
    d = decide(case(evs))
    assert classes(d) == [("195/12", "principal")]
    assert d.included == ("008/72",)


def test_new_notifiable_offence_after_recording_is_additional_p58() -> None:
    """CRR 2026/27 p.58: a later ABH is recorded additionally and added to the conduct crime."""
    evs = [*_stalking_pair(), ev("E3", "2026-05-20T10:00", offences=["abh"])]
    d = decide(case(evs))
    assert classes(d) == [("008/06", "additional"), ("195/12", "principal")]
    assert next(c for c in d.crimes if c.basis == "principal").events == ("E1", "E2", "E3")


def test_upgrade_review_refers_reclassification_p58_p13() -> None:
    """CRR 2026/27 p.58 and p.13: escalation after recording is reclassified by the FCR."""
    evs = [
        *_stalking_pair(),
        ev(
            "E3",
            "2026-05-20T10:00",
            behaviours=["following"],
            effects=["serious_alarm_or_distress"],
        ),
    ]
    d = decide(case(evs))
    assert classes(d) == [("008/66", "principal")]
    assert d.refer_to_registrar
    assert d.reasons_for("UPGRADE-REVIEW")
    assert d.reasons_for("RECLASSIFY-FCR")


def test_malicious_communications_one_per_recipient_p58() -> None:
    """CRR 2026/27 p.58: one 008/72 crime for each recipient of a single message."""
    evs = [
        ev(
            "E1",
            "2026-05-01T10:00",
            behaviours=["contacting"],
            message="grossly_offensive",
            towards=["V1", "V2"],
        )
    ]
    d = decide(case(evs, people={"V2": {"role": "victim", "age": 40}}))
    assert classes(d) == [("008/72", "principal"), ("008/72", "principal")]


def test_finished_incident_most_serious_offence_p12() -> None:
    """CRR 2026/27 p.12 and p.18: one incident, the most serious crime; the rest included."""
    d = decide(case([ev("E1", "2026-05-01T10:00", offences=["105/01", "008/06", "149/00"])]))
    assert classes(d) == [("008/06", "principal")]
    assert set(d.included) == {"105/01", "149/00"}


def test_notifiable_breach_recorded_additionally_p89() -> None:
    """CRR 2026/27 p.89: a breach of a restraining order needs one act and is recorded."""
    order = {
        "id": "O1",
        "type": "restraining_order",
        "against": "S1",
        "protects": ["V1"],
        "from": "2026-01-01",
        "to": None,
    }
    d = decide(case([ev("E1", "2026-05-01T10:00", breaches=["O1"])], orders=[order]))
    assert classes(d) == [("008/31", "breach")]


def test_bail_and_dvpo_breaches_not_notifiable_p90() -> None:
    """CRR 2026/27 p.90: breach of bail or of a DVPO is not a notifiable offence."""
    order = {
        "id": "O1",
        "type": "bail_conditions",
        "against": "S1",
        "protects": ["V1"],
        "from": "2026-01-01",
        "to": None,
    }
    d = decide(case([ev("E1", "2026-05-01T10:00", breaches=["O1"])], orders=[order]))
    assert d.crimes == ()
    assert d.reasons_for("BREACH-NOT-NOTIFIABLE")


def test_double_recording_regime_2018_to_2023_p55_history() -> None:
    """CRR history (DOMAIN §3): Apr 2018 to mid-May 2023 conduct and other offence both count."""
    evs = [
        ev("E1", "2021-05-01T10:00", behaviours=["following"]),
        ev("E2", "2021-05-03T10:00", offences=["008/06"]),
    ]
    d = decide(case(evs, rules="2021-04-01"))
    assert classes(d) == [("008/06", "additional"), ("195/12", "principal")]


def test_recording_later_than_24_hours_is_referred_p10() -> None:
    """CRR 2026/27 p.10: recording more than 24 hours after the report goes to the FCR."""
    d = decide(case(_stalking_pair(), as_at="2026-05-05T10:00:00Z"))
    assert d.refer_to_registrar
    assert d.reasons_for("TIME-24H")


def test_every_reason_cites_a_page_and_the_version_is_stamped_p6() -> None:
    """CRR 2026/27 p.6-7: decisions are auditable: each reason names a rule and its page."""
    d = decide(case(_stalking_pair()))
    assert d.ruleset_version == default_ruleset().version
    assert all(r.page.startswith("CRR 2026/27 p.") for r in d.reasons)


def test_ruleset_is_json_serialisable_and_round_trips() -> None:
    """Rules as data: the rule set serialises to JSON and loads back unchanged."""
    rs = default_ruleset()
    again = type(rs).model_validate_json(rs.model_dump_json())
    assert again == rs


def test_included_classifications_are_documented_and_searchable_p55() -> None:
    """CRR 2026/27 p.55 (HMICFRS 2024 rec. 7): crimes not counted stay documented, searchable."""
    evs = _stalking_pair()
    evs[1]["offences"] = ["theft"]
    d = decide(case(evs))
    assert "theft" in d.included
    assert "theft" in d.reasons_for("INCLUDED")[0].text


def test_related_offences_in_one_incident_p18() -> None:
    """CRR 2026/27 p.18: related offences in one incident are included classifications."""
    d = decide(case([ev("E1", "2026-05-01T10:00", offences=["008/06", "149/00"])]))
    assert d.reasons_for("PCR-RELATED")
    assert d.included == ("149/00",)


def test_later_reports_take_a_new_recording_decision_p57() -> None:
    """CRR 2026/27 p.57: once recorded, later offending gets a new recording decision."""
    evs = [*_stalking_pair(), ev("E3", "2026-05-20T10:00", behaviours=["following"])]
    d = decide(case(evs))
    assert d.reasons_for("FINISHED-INCIDENT")[0].events == ("E3",)
    assert "stands" in d.reasons_for("UPGRADE-REVIEW")[0].text
    assert not d.refer_to_registrar


def test_earlier_single_crime_reclassified_into_the_course_p13() -> None:
    """CRR 2026/27 p.58 and p.13: a message recorded alone, then a second making a course:
    the conduct crime is recorded and the earlier crime's reclassification goes to the FCR."""
    evs = [
        ev("E1", "2026-05-01T10:00", behaviours=["contacting"], message="grossly_offensive"),
        ev("E2", "2026-05-08T10:00", behaviours=["contacting"], message="grossly_offensive"),
    ]
    d = decide(case(evs))
    assert classes(d) == [("195/94", "principal")]
    assert d.refer_to_registrar
    assert d.reasons_for("RECLASSIFY-FCR")[0].events == ("E1",)
