"""The 37 public recording cases (shared/data/recording_cases/public.json) must all agree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engines.conduct import CaseFileReport, run_case_file

PUBLIC = Path(__file__).parent / "data" / "public.json"
IDS = [c["id"] for c in json.loads(PUBLIC.read_text(encoding="utf-8"))]


@pytest.fixture(scope="module")
def report() -> CaseFileReport:
    return run_case_file(PUBLIC)


@pytest.mark.parametrize("case_id", IDS)
def test_public_case_agrees(report: CaseFileReport, case_id: str) -> None:
    [result] = [r for r in report.results if r.id == case_id]
    assert result.agree, "\n".join(result.diff) or result.error


def test_all_public_cases_present(report: CaseFileReport) -> None:
    assert report.total == 37
    assert report.agreed == 37
