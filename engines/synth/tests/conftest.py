from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from engines.synth import write_world


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    write_world(out, seed=1, reports=300, formats=("jsonl", "csv"), demo=True, progress=False)
    return out


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]
