"""The file command and the lexicon data."""

from __future__ import annotations

import io
import json
import re

import pytest

from engines.narrative._internal.lexicon import build, expand, raw_lexicon, verb_forms
from engines.narrative.tag_text import run


def test_file_command_reports_bad_lines_and_carries_on() -> None:
    source = io.StringIO(
        '{"id": 1, "text": "He followed me home yesterday.", "reported_at": "2026-03-20T10:00Z"}\n'
        "not json\n"
        '{"id": 3}\n'
        '{"id": 4, "text": "x", "reported_at": "tomorrow"}\n'
    )
    out, err = io.StringIO(), io.StringIO()
    assert run(source, out, err) == 1
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert records[0]["hits"][0]["code"] == "following"
    assert records[0]["dates"][0]["value"] == "2026-03-19"
    assert [r.get("line") for r in records[1:]] == [2, 3, 4]
    assert "field 'text'" in records[2]["error"]
    assert "line 2:" in err.getvalue()


def test_lexicon_is_versioned_and_expands() -> None:
    data = raw_lexicon()
    assert data["version"].startswith("narrative-lexicon/")
    assert verb_forms("follow", {}) == ["follow", "follows", "followed", "following"]
    assert "he'd kill" in expand("he <would> kill", data)


def test_lexicon_must_match_the_taxonomy() -> None:
    data = raw_lexicon()
    data["codes"] = {**data["codes"], "made_up": {"patterns": ["x"]}}
    with pytest.raises(ValueError, match="made_up"):
        build(data)


@pytest.mark.parametrize(
    "frame",
    [
        {"a": ["{send}"], "b": ["letter"], "gap": 99},
        {"a": ["{send}"], "b": [], "gap": 2},
        {"a": ["{send}"], "b": ["letter"], "subject": "the cat"},
    ],
)
def test_a_bad_frame_is_refused_when_the_lexicon_compiles(frame: dict[str, object]) -> None:
    data = raw_lexicon()
    data["codes"]["contacting"]["frames"] = [frame]
    with pytest.raises(ValueError, match=r"frame|gap"):
        build(data)


def test_no_template_expands_to_a_doubled_word() -> None:
    """A multi-word alternative written with spaces ("dozens of|hundreds of") is split into
    separate tokens and expands to nonsense ("dozens of hundreds"); alternatives join their
    words with "_". A doubled word is the usual symptom."""
    data = raw_lexicon()
    doubled = re.compile(r"\b(\w+) \1\b")
    bad = []
    for code, spec in data["codes"].items():
        templates = [*spec.get("patterns", []), *spec.get("inferred", {}).get("patterns", [])]
        for frame in spec.get("frames", []):
            templates += [*frame.get("a", []), *frame.get("b", [])]
        for template in templates:
            for phrase in expand(template, data):
                match = doubled.search(phrase)
                if match and match.group(1) != "had":  # "had had" is English
                    bad.append((code, template, phrase))
    assert not bad, bad[:5]
