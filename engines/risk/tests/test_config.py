"""The shipped configs speak the shared vocabulary and cover every order kind."""

from __future__ import annotations

import json

import pytest

from engines.risk import (
    ConfigError,
    OrderKind,
    dash_config,
    default_rules,
    questionnaire_from_dict,
    sdash_config,
)
from engines.vocabulary import BEHAVIOURS, HOME_OFFICE_CLASSES, RISK_CUES


def test_questionnaire_cues_are_vocabulary():
    for cfg in (dash_config(), sdash_config()):
        for q in cfg.questions:
            assert q.risk_cue is None or q.risk_cue in RISK_CUES, q.id


def test_signal_weights_and_floors_are_vocabulary():
    rules = default_rules()
    assert set(rules["signals"]["behaviour_weights"]) <= set(BEHAVIOURS)
    assert set(rules["signals"]["risk_cue_weights"]) <= set(RISK_CUES)
    assert set(rules["signals"]["watched_cues"]) <= set(RISK_CUES)
    assert set(rules["level_floors"]["new_cue"]) <= set(RISK_CUES)


def test_every_order_kind_has_a_breach_class():
    classes = default_rules()["orders"]["breach_classes"]
    assert set(classes) == {k.value for k in OrderKind}
    for entry in classes.values():
        assert entry["class"] is None or entry["class"] in HOME_OFFICE_CLASSES


def test_rules_are_json_and_default_rules_is_a_copy():
    rules = default_rules()
    json.dumps(rules)
    rules["marac"]["dash_yes_threshold"] = 99
    assert default_rules()["marac"]["dash_yes_threshold"] == 14


@pytest.mark.parametrize(
    "data",
    [
        {"version": "1", "questions": []},
        {"id": "x", "version": "1", "questions": [{"id": "a"}]},
        {
            "id": "x",
            "version": "1",
            "questions": [
                {"id": "a", "number": 1, "text": "A"},
                {"id": "a", "number": 2, "text": "B"},
            ],
        },
        {"id": "x", "version": "1", "questions": [], "bands": [{"level": "extreme", "min_yes": 1}]},
    ],
)
def test_bad_questionnaire_config_refused(data):
    with pytest.raises(ConfigError):
        questionnaire_from_dict(data)
