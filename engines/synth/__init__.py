"""Synthetic stalking world generator with ground truth, in Mosaic's import format v1.

Public API::

    FORMAT_VERSION, GENERATOR_VERSION
    SynthConfig(seed, reports, people, forces, start, years, demo)
    generate(config) -> Iterator[SyntheticReport]          # .record (import format), .truth
    generate_world(config) -> Iterator[SyntheticReport | CourseTruth]
    write_world(out_dir, seed, people, reports, formats, *, demo, forces, years, progress)
        -> WorldSummary
    ReportRecord (pydantic schema of one JSONL record), validate_record(dict) -> ReportRecord
    read_csv_records(folder) -> Iterator[dict]              # CSV form back to JSONL shape

Everything is seeded: the same config gives byte-identical output (with the same locked
dependencies: Faker and nicknames data feed the names).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from engines.synth._internal.disk import FORMATS, WorldSummary, write_world
from engines.synth._internal.forces import FORCES, Force
from engines.synth._internal.schema import (
    FORMAT_VERSION,
    Identifier,
    Location,
    Order,
    OrderCondition,
    PersonMention,
    ReportRecord,
    RiskAssessment,
)
from engines.synth._internal.world import (
    GENERATOR_VERSION,
    CourseTruth,
    SynthConfig,
    SyntheticReport,
    generate_world,
)
from engines.synth._internal.writers import read_csv_records

__all__ = [
    "FORCES",
    "FORMATS",
    "FORMAT_VERSION",
    "GENERATOR_VERSION",
    "CourseTruth",
    "Force",
    "Identifier",
    "Location",
    "Order",
    "OrderCondition",
    "PersonMention",
    "ReportRecord",
    "RiskAssessment",
    "SynthConfig",
    "SyntheticReport",
    "WorldSummary",
    "generate",
    "generate_world",
    "read_csv_records",
    "validate_record",
    "write_world",
]


def generate(config: SynthConfig) -> Iterator[SyntheticReport]:
    """The world's reports in time order, each with its truth (course truths left out)."""
    for item in generate_world(config):
        if isinstance(item, SyntheticReport):
            yield item


def validate_record(data: dict[str, Any]) -> ReportRecord:
    """Validate one JSONL record; raises ``pydantic.ValidationError`` naming each bad field."""
    return ReportRecord.model_validate(data)
