"""Running a recording-case file (shared/data/recording_cases/FORMAT.md) against ``decide``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from .decide import decide
from .model import Case
from .result import Crime, RecordingDecision
from .rules import RuleSet, default_ruleset


class CaseResult(BaseModel):
    """Agreement of one case: what was expected, what was decided, and the differences."""

    model_config = ConfigDict(frozen=True)

    id: str
    agree: bool
    diff: tuple[str, ...]
    decision: RecordingDecision | None
    error: str | None = None


class CaseFileReport(BaseModel):
    """Agreement over a whole case file."""

    model_config = ConfigDict(frozen=True)

    path: str
    ruleset_version: str
    results: tuple[CaseResult, ...]

    @property
    def agreed(self) -> int:
        """How many cases agree."""
        return sum(r.agree for r in self.results)

    @property
    def total(self) -> int:
        """How many cases were run."""
        return len(self.results)


def _crime_keys(crimes: list[Crime]) -> list[tuple[str, str, str, str, tuple[str, ...]]]:
    return sorted(c.key() for c in crimes)


def compare(expected: dict[str, Any], d: RecordingDecision) -> list[str]:
    """Differences between a case's ``expected`` block and a decision, as readable lines."""
    diff: list[str] = []
    want = _crime_keys([Crime.model_validate(c) for c in expected.get("crimes", [])])
    got = _crime_keys(list(d.crimes))
    diff += [f"- expected crime {k}" for k in want if k not in got]
    diff += [f"+ decided crime {k}" for k in got if k not in want]
    if sorted(set(expected.get("included", []))) != sorted(set(d.included)):
        diff.append(
            f"included: expected {sorted(set(expected.get('included', [])))}, "
            f"decided {sorted(set(d.included))}"
        )
    if bool(expected.get("refer_to_registrar", False)) != d.refer_to_registrar:
        diff.append(
            f"refer_to_registrar: expected {expected.get('refer_to_registrar')}, "
            f"decided {d.refer_to_registrar}"
        )
    return diff


def run_case(raw: dict[str, Any], rules: RuleSet) -> CaseResult:
    """Decide one raw case and compare it with its expectation."""
    cid = str(raw.get("id", "?"))
    try:
        d = decide(Case.model_validate(raw), rules)
    except ValidationError as exc:
        return CaseResult(id=cid, agree=False, diff=(), decision=None, error=str(exc))
    diff = compare(raw.get("expected", {}), d)
    return CaseResult(id=cid, agree=not diff, diff=tuple(diff), decision=d)


def run_case_file(path: str | Path, rules: RuleSet | None = None) -> CaseFileReport:
    """Decide every case in a JSON case file and report agreement case by case."""
    rs = rules or default_ruleset()
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(raw, list):
        raise ValueError(f"{path}: a case file is a JSON list of cases")
    results = tuple(run_case(c, rs) for c in raw)
    return CaseFileReport(path=str(path), ruleset_version=rs.version, results=results)
