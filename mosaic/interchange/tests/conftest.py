"""A small synthetic world, re-badged as the personas' force (NS), written as JSON Lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from engines.synth import SynthConfig, generate


@pytest.fixture(scope="session")
def world_records() -> list[dict[str, Any]]:
    records = [s.record for s in generate(SynthConfig(seed=1, reports=40))]
    for record in records:
        record["force_code"] = "NS"
    return records


@pytest.fixture
def records(world_records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    copied: list[dict[str, Any]] = json.loads(json.dumps(world_records))
    return copied


def write_lines(path: Path, lines: list[Any]) -> Path:
    """Write records (dicts), text lines (str) or raw bytes, one per line."""
    with path.open("wb") as out:
        for line in lines:
            if isinstance(line, dict):
                line = json.dumps(line)
            out.write((line.encode() if isinstance(line, str) else line) + b"\n")
    return path


@pytest.fixture
def jsonl(tmp_path: Path, records: list[dict[str, Any]]) -> Path:
    return write_lines(tmp_path / "reports.jsonl", records)
