"""The check CLI: agreement per case, total, exit status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engines.conduct.check import main

PUBLIC = Path(__file__).parent / "data" / "public.json"


def test_public_file_agrees(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(PUBLIC)]) == 0
    out = capsys.readouterr().out
    assert "37/37 agree" in out
    assert "PUB-001: agree" in out


def test_disagreement_exits_non_zero_with_a_diff(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = json.loads(PUBLIC.read_text(encoding="utf-8"))[:3]
    cases[2]["expected"]["crimes"] = []
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(cases), encoding="utf-8")
    assert main([str(bad)]) == 1
    out = capsys.readouterr().out
    assert "PUB-003: DISAGREE" in out
    assert "+ decided crime" in out
    assert "2/3 agree" in out


def test_unreadable_file_exits_2(tmp_path: Path) -> None:
    assert main([str(tmp_path / "missing.json")]) == 2
    assert main([]) == 2
