"""Scoring: each comparison level and its explanation, the waterfall, decisions, model files."""

from __future__ import annotations

import json
import math
from datetime import date

import pytest

from engines.linkage import (
    DEFAULT_MODEL_DOC,
    ModelError,
    ModelHolder,
    default_model,
    load_model,
    match_weight,
    model_from_json,
    prepare,
    save_model,
    score_pair,
)

MODEL = default_model()
BASE = {
    "first_name": "William",
    "last_name": "Hartley",
    "date_of_birth": "03/04/1990",
    "phone": "07700 900123",
    "email": "w.hartley@example.com",
    "handle": "@whartley",
    "vehicle": "AB12 CDE",
    "device": "490154203237518",
    "postcode": "LS1 4AB",
    "street_address": "12 Park Row",
}


def field(score, name):
    return next(f for f in score.fields if f.field == name)


def pair(left, right, **kw):
    return score_pair(
        MODEL, prepare(left, record_id="a", **kw), prepare(right, record_id="b", **kw)
    )


# (field, changes to the right-hand record, expected level label, expected status)
CASES = [
    ("first_name", {}, "exact", "agree"),
    (
        "first_name",
        {"first_name": "Hartley", "last_name": "William"},
        "first and last names transposed",
        "partial",
    ),
    ("first_name", {"first_name": "Bill"}, "nickname", "partial"),
    ("first_name", {"first_name": "Willaim"}, "Jaro-Winkler >= 0.92", "partial"),
    ("first_name", {"first_name": "Wiliam"}, "Jaro-Winkler >= 0.92", "partial"),
    ("first_name", {"first_name": "W"}, "initial only", "partial"),
    ("first_name", {"first_name": "Zebedee"}, "different", "disagree"),
    ("first_name", {"first_name": ""}, "missing", "missing"),
    ("last_name", {}, "exact", "agree"),
    ("last_name", {"last_name": "Hartly"}, "Jaro-Winkler >= 0.92", "partial"),
    ("last_name", {"last_name": "Hurtlee"}, "sounds alike (metaphone)", "partial"),
    ("last_name", {"last_name": "Hartwell"}, "Jaro-Winkler >= 0.80", "partial"),
    ("last_name", {"last_name": "Okafor"}, "different", "disagree"),
    ("date_of_birth", {}, "exact", "agree"),
    ("date_of_birth", {"date_of_birth": "04/03/1990"}, "day and month swapped", "partial"),
    ("date_of_birth", {"date_of_birth": "09/04/1990"}, "same year and month", "partial"),
    (
        "date_of_birth",
        {"date_of_birth": "", "age": "36"},
        "same birth year or compatible age",
        "partial",
    ),
    ("date_of_birth", {"date_of_birth": "", "age": "20"}, "different", "disagree"),
    ("date_of_birth", {"date_of_birth": "01/01/1970"}, "different", "disagree"),
    ("date_of_birth", {"date_of_birth": ""}, "missing", "missing"),
    ("phone", {}, "same phone", "agree"),
    ("phone", {"phone": "07700 900999"}, "different", "disagree"),
    ("phone", {"phone": "999"}, "missing", "missing"),
    ("email", {}, "same email", "agree"),
    ("email", {"email": "other@example.org"}, "different", "disagree"),
    ("handle", {"handle": "https://x.com/WHartley"}, "same handle", "agree"),
    ("vehicle", {"vehicle": "ab12cde"}, "same vehicle", "agree"),
    ("device", {}, "same device", "agree"),
    ("postcode", {}, "exact", "agree"),
    ("postcode", {"postcode": "LS1 4XY"}, "same sector", "partial"),
    ("postcode", {"postcode": "LS1 9XY"}, "same district", "partial"),
    ("postcode", {"postcode": "M1 1AA"}, "different", "disagree"),
    ("street_address", {}, "exact", "agree"),
    ("street_address", {"street_address": "12 Park Rw"}, "Jaro-Winkler >= 0.90", "partial"),
    ("street_address", {"street_address": "99 Nowhere Lane"}, "different", "disagree"),
]


@pytest.mark.parametrize(("name", "change", "label", "status"), CASES)
def test_each_level_is_explained(name, change, label, status):
    score = pair(BASE, BASE | change, report_date=date(2026, 5, 1))
    explained = field(score, name)
    assert (explained.level, explained.status) == (label, status)
    if status == "missing":
        assert explained.weight == 0.0
        assert explained.m is None
    else:
        assert explained.weight == pytest.approx(math.log2(explained.m / explained.u))


def test_the_waterfall_adds_up_to_the_match_weight():
    score = pair(BASE, BASE | {"first_name": "Bill", "phone": ""})
    total = score.prior_weight + sum(f.weight for f in score.fields)
    assert score.match_weight == pytest.approx(total)
    assert score.probability == pytest.approx(2**total / (1 + 2**total))
    assert score.model_version == MODEL.version


def test_explanation_shows_both_values():
    exp = field(pair(BASE, BASE | {"first_name": "Bill"}), "first_name")
    assert (exp.left, exp.right) == ("william", "bill")


def test_decisions_follow_the_thresholds():
    assert pair(BASE, BASE).decision == "link"
    few = {"first_name": "William", "last_name": "Hartley"}
    assert pair(few, few | {"first_name": "Bill"}).decision in {"review", "new"}
    other = {"first_name": "Amara", "last_name": "Okafor", "date_of_birth": "1975-06-07"}
    assert pair(BASE, other).decision == "new"


def test_a_shared_name_alone_never_auto_links():
    names = {"first_name": "John", "last_name": "Smith"}
    assert pair(names, names).decision != "link"


def test_one_specific_identifier_links_a_mention_that_names_nobody():
    # Issue #4: "an unknown suspect known only by a number or a handle links through it".
    for ident in ({"phone": "07700 900123"}, {"handle": "@syn_frostpine5626"}):
        assert pair(BASE | ident, ident).decision == "link"


def test_a_shared_household_line_with_other_names_is_not_an_auto_link():
    # Two people of one household, one landline: the names disagree, so a person reviews it.
    line = {"phone": "0113 496 0123"}
    other = {"first_name": "Sophie", "last_name": "Brown", "date_of_birth": "1996-01-06"}
    assert pair(BASE | line, other | line).decision != "link"
    relative = other | {"last_name": "Hartley"}
    assert pair(BASE | line, relative | line).decision != "link"


def test_an_age_a_year_off_still_agrees_with_the_date_of_birth():
    # Written ages are estimates: 34 on 2026-05-01 allows births 1991-1992, +-1 year of slack.
    aged = BASE | {"date_of_birth": "", "age": "34"}
    exp = field(pair(BASE, aged, report_date=date(2026, 5, 1)), "date_of_birth")
    assert exp.level == "same birth year or compatible age"


def test_model_round_trips_through_json(tmp_path):
    path = tmp_path / "model.json"
    save_model(MODEL, path)
    assert load_model(path) == MODEL


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(format="other"), "format"),
        (lambda d: d.update(format_version=99), "format_version"),
        (lambda d: d.update(model_version=""), "model_version"),
        (lambda d: d["thresholds"].update(link=1.5), "thresholds.link"),
        (lambda d: d["thresholds"].update(review=0.999), "review"),
        (lambda d: d["comparisons"][0]["levels"][0].update(m="high"), "comparisons[0].levels[0].m"),
        (lambda d: d["comparisons"][0]["levels"][0].update(kind="swap"), "kind"),
        (lambda d: d["comparisons"][0]["levels"].pop(), "last level"),
        (lambda d: d["comparisons"].append(d["comparisons"][0]), "twice"),
        (lambda d: d["comparisons"][1].update(field="shoe_size"), "comparisons[1].field"),
    ],
)
def test_bad_models_are_refused_with_the_offending_part(mutate, message):
    doc = json.loads(json.dumps(DEFAULT_MODEL_DOC))
    mutate(doc)
    with pytest.raises(ModelError, match=message.replace("[", r"\[").replace("]", r"\]")):
        model_from_json(doc)


def test_a_corrupted_file_keeps_the_previous_model(tmp_path):
    holder = ModelHolder(MODEL)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "mosaic-linkage-model", "format_ver', encoding="utf-8")
    with pytest.raises(ModelError, match="cannot read"):
        holder.replace(bad)
    assert holder.model is MODEL
    good = tmp_path / "good.json"
    doc = MODEL.to_json() | {"model_version": "next"}
    good.write_text(json.dumps(doc), encoding="utf-8")
    assert holder.replace(good).version == "next"
    assert holder.model.version == "next"


def test_match_weight_alone_equals_the_explained_score():
    a = prepare(BASE, record_id="a")
    b = prepare(BASE | {"first_name": "Bill", "postcode": "LS1 9XY"}, record_id="b")
    assert match_weight(MODEL, a, b) == pytest.approx(score_pair(MODEL, a, b).match_weight)
