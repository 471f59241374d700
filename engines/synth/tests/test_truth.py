"""Ground truth agrees with the records, and the demo contains the cases it promises."""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from engines.synth import SynthConfig, generate
from engines.synth.tests.conftest import read_jsonl
from engines.vocabulary import BEHAVIOURS, RISK_CUES

GENERIC = {"101", "999", "01632 960000", "0808 157 0001", "0808 157 0002"}
# Ofcom drama blocks: 07700 900xxx, landline blocks, 0808 157 0xxx; plus 101 and 999.
DRAMA_PREFIXES = (
    "07700900",
    "01632960",
    "02079460",
    "01134960",
    "01144960",
    "01154960",
    "01164960",
    "01174960",
    "01184960",
    "01214960",
    "01314960",
    "01514960",
    "01614960",
    "01914980",
    "08081570",
)


def _national(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    return "0" + digits[2:] if number.startswith("+44") else digits


def _in_drama_range(number: str) -> bool:
    digits = _national(number)
    if digits in ("101", "999"):
        return True
    return len(digits) == 11 and digits.startswith(DRAMA_PREFIXES)


def _courses(demo_dir: Path) -> list[dict[str, Any]]:
    return read_jsonl(demo_dir / "truth" / "courses.jsonl")


def _mentions(demo_dir: Path) -> dict[tuple[str, str], dict[str, str]]:
    with (demo_dir / "truth" / "mentions.csv").open(encoding="utf-8") as handle:
        return {(r["source_ref"], r["mention_id"]): r for r in csv.DictReader(handle)}


def test_every_mention_has_a_true_person(demo_dir: Path) -> None:
    truth = _mentions(demo_dir)
    for rec in read_jsonl(demo_dir / "reports.jsonl"):
        for person in rec["people"]:
            assert truth[(rec["source_ref"], person["mention_id"])]["person_id"].startswith("P")


def test_course_truth_points_at_real_reports(demo_dir: Path) -> None:
    refs = {r["source_ref"]: r for r in read_jsonl(demo_dir / "reports.jsonl")}
    truth = _mentions(demo_dir)
    for course in _courses(demo_dir):
        assert set(course["report_refs"]) <= set(refs)
        assert set(course["breach_refs"]) <= set(course["report_refs"])
        assert course["escalation_ref"] in (None, *course["report_refs"])
        for ref in course["report_refs"]:
            assert truth[(ref, "m1")]["person_id"] == course["victim_person_id"]
            suspect = truth[(ref, "m2")]["person_id"]
            assert suspect in (course["suspect_person_id"], *course["proxy_person_ids"])


def test_breaches_follow_an_order(demo_dir: Path) -> None:
    refs = {r["source_ref"]: r for r in read_jsonl(demo_dir / "reports.jsonl")}
    for course in _courses(demo_dir):
        orders = [o for ref in course["report_refs"] for o in refs[ref]["orders"]]
        for ref in course["breach_refs"]:
            assert orders, course["course_id"]
            assert refs[ref]["reported_at"][:10] >= orders[0]["valid_from"]


def test_behaviour_truth_uses_the_taxonomy(demo_dir: Path) -> None:
    statuses: dict[str, int] = defaultdict(int)
    for row in read_jsonl(demo_dir / "truth" / "reports.jsonl"):
        for st in row["statements"]:
            assert st["code"] in BEHAVIOURS or st["code"] in RISK_CUES
            statuses[st["status"]] += 1
    assert set(statuses) == {"happened", "negated", "hypothetical"}


def test_demo_stays_inside_fictional_ranges(demo_dir: Path) -> None:
    for rec in read_jsonl(demo_dir / "reports.jsonl"):
        for person in rec["people"]:
            for ident in person["identifiers"]:
                if ident["type"] == "phone":
                    assert _in_drama_range(ident["value"]), ident["value"]
                if ident["type"] == "email":
                    assert ident["value"].split("@")[1] in {
                        "example.com",
                        "example.org",
                        "example.net",
                    }
                if ident["type"] == "handle":
                    assert ident["value"].startswith("@syn_")
                if ident["type"] == "vehicle":
                    assert ident["value"].startswith("ZZ")


def test_generic_numbers_are_shared_by_unrelated_people_and_never_a_suspects(
    demo_dir: Path,
) -> None:
    truth = _mentions(demo_dir)
    holders: dict[str, set[str]] = defaultdict(set)
    for rec in read_jsonl(demo_dir / "reports.jsonl"):
        for person in rec["people"]:
            for ident in person["identifiers"]:
                if ident["value"] in GENERIC:
                    assert person["role"] != "suspect"
                    holders[ident["value"]].add(
                        truth[(rec["source_ref"], person["mention_id"])]["person_id"]
                    )
    assert any(len(people) > 1 for people in holders.values())
    on_reports = {i["value"] for r in read_jsonl(demo_dir / "reports.jsonl")
                  for i in r["identifiers"]}  # fmt: skip
    assert on_reports <= {"101", "999"}
    assert on_reports


def test_large_worlds_leave_the_drama_block_for_the_04_scheme() -> None:
    phones = [
        i["value"]
        for item in generate(SynthConfig(seed=1, reports=400))
        for p in item.record["people"]
        if p["role"] == "suspect"
        for i in p["identifiers"]
        if i["type"] == "phone"
    ]
    assert phones
    assert all(_national(p).startswith("04") and len(_national(p)) == 11 for p in phones)


def test_demo_has_a_long_neighbour_case(demo_dir: Path) -> None:
    refs = {r["source_ref"]: r for r in read_jsonl(demo_dir / "reports.jsonl")}
    cases = [
        c
        for c in _courses(demo_dir)
        if c["scenario"] == "resentful_neighbour" and len(c["report_refs"]) > 100
    ]
    assert cases
    first, last = refs[cases[0]["report_refs"][0]], refs[cases[0]["report_refs"][-1]]
    assert int(last["reported_at"][:4]) - int(first["reported_at"][:4]) >= 3


def test_demo_has_an_escalating_ex_partner_with_a_breached_order(demo_dir: Path) -> None:
    assert any(
        c["scenario"] == "rejected_ex_partner"
        and c["breach_refs"]
        and c["order_refs"]
        and c["escalation_ref"]
        for c in _courses(demo_dir)
    )


def test_demo_has_a_serial_stalker_with_three_victims_in_two_forces(demo_dir: Path) -> None:
    series: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in _courses(demo_dir):
        if c["scenario"] == "serial":
            series[c["series_id"]].append(c)
    assert any(
        len({c["victim_person_id"] for c in cs}) >= 3
        and len({c["force_code"] for c in cs}) == 2
        and len({c["suspect_person_id"] for c in cs}) == 1
        for cs in series.values()
    )


def test_demo_has_an_anonymous_online_stalker_with_changing_handles(demo_dir: Path) -> None:
    refs = {r["source_ref"]: r for r in read_jsonl(demo_dir / "reports.jsonl")}
    for c in _courses(demo_dir):
        if c["scenario"] != "online_anonymous":
            continue
        handles = {
            i["value"]
            for ref in c["report_refs"]
            for i in refs[ref]["people"][1]["identifiers"]
            if i["type"] == "handle"
        }
        if len(handles) >= 3:
            return
    raise AssertionError("no online stalker with three or more handles")


def test_manifest_lists_forces_and_units(demo_dir: Path) -> None:
    manifest = json.loads((demo_dir / "world.json").read_text(encoding="utf-8"))
    assert [f["code"] for f in manifest["forces"]] == ["NMP", "SVC"]
    assert all(len(f["units"]) >= 3 for f in manifest["forces"])
    assert manifest["counts"]["reports"] == 300


def test_negations_and_hypotheticals_are_in_the_text(demo_dir: Path) -> None:
    text = {r["source_ref"]: r["narrative"] for r in read_jsonl(demo_dir / "reports.jsonl")}
    for row in read_jsonl(demo_dir / "truth" / "reports.jsonl"):
        for st in row["statements"]:
            if st["status"] == "negated":
                assert (
                    " not " in text[row["source_ref"]] or "no suggestion" in text[row["source_ref"]]
                )
            if st["status"] == "hypothetical":
                assert " if " in text[row["source_ref"]] or "should" in text[row["source_ref"]]


def test_different_people_share_names_and_namesakes_appear() -> None:
    holders: dict[tuple[str, str], set[str]] = defaultdict(set)
    scenarios = set()
    for item in generate(SynthConfig(seed=11, reports=4000)):
        scenarios.add(item.truth["scenario"])
        for person, truth in zip(item.record["people"], item.truth["mentions"], strict=True):
            if person.get("first_name") and person.get("last_name"):
                holders[(person["first_name"], person["last_name"])].add(truth["person_id"])
    assert any(len(ids) > 1 for ids in holders.values())
    assert "one_off:namesake" in scenarios
    assert {
        "rejected_ex_partner",
        "resentful_neighbour",
        "serial",
        "proxy",
        "predatory",
        "online_anonymous",
        "intimacy_seeker",
        "incompetent_suitor",
    } <= scenarios
