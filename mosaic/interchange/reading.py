"""Reading an import file into numbered rows: a validated record, or the reason it was refused.

Every line is accounted for: a row is either a :class:`Row` with its record or a
:class:`Reject` naming the line and the reason. Nothing here touches the database.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from engines.synth import ReportRecord, read_csv_records, validate_record
from mosaic.risk.import_checks import record_refusals


@dataclass(frozen=True)
class Row:
    """A line that validated against the format."""

    line: int
    record: ReportRecord
    digest: str
    text: str
    offset: int  # bytes read so far, for progress


@dataclass(frozen=True)
class Reject:
    """A line refused before it reached the database."""

    line: int
    reason: str
    text: str
    offset: int
    source_ref: str = ""


def describe(error: ValidationError) -> str:
    """One line naming every bad field, e.g. ``people.0.role: Input should be 'victim', …``."""
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"])
        parts.append(f"{where}: {item['msg']}" if where else item["msg"])
    return "; ".join(parts)


def digest_of(data: dict[str, Any]) -> str:
    """A digest of a record's content, stable across key order and whitespace."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def check(line: int, data: Any, text: str, offset: int) -> Row | Reject:
    """Validate one decoded record against the format."""
    if not isinstance(data, dict):
        return Reject(line, "not a JSON object", text, offset)
    ref = str(data.get("source_ref", ""))[:80]
    try:
        record = validate_record(data)
    except ValidationError as error:
        return Reject(line, describe(error), text, offset, ref)
    if problems := record_refusals(record):  # orders and assessments: mosaic.risk.import_checks
        return Reject(line, "; ".join(f"{f}: {r}" for f, r in problems), text, offset, ref)
    return Row(line, record, digest_of(record.model_dump(mode="json")), text, offset)


def _decode(line: int, raw: bytes, offset: int) -> Row | Reject:
    shown = raw.decode("utf-8", errors="replace").rstrip("\n")
    if not raw.endswith(b"\n") and raw.strip():
        # The file ends without a line end: a writer that stopped mid-row, unless it parses.
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            return Reject(line, "truncated: the file ends in the middle of this row", shown, offset)
        return check(line, data, shown, offset)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return Reject(
            line,
            f"not UTF-8: byte {raw[error.start]:#04x} at column {error.start + 1}",
            shown,
            offset,
        )
    if not text.strip():
        return Reject(line, "blank line (one record per line, no blank lines)", "", offset)
    try:
        data = json.loads(text)
    except ValueError as error:
        return Reject(line, f"not valid JSON: {error}", shown, offset)
    return check(line, data, text.rstrip("\n"), offset)


def read_jsonl(path: Path, *, after_line: int = 0) -> Iterator[Row | Reject]:
    """Every line of a JSON Lines file from ``after_line + 1`` on, validated."""
    offset = 0
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            offset += len(raw)
            if number > after_line:
                yield _decode(number, raw, offset)


def read_csv(folder: Path, *, after_line: int = 0) -> Iterator[Row | Reject]:
    """The CSV form, one row per report (numbered by its row in ``reports.csv``)."""
    size = max(1, (folder / "reports.csv").stat().st_size)
    records = read_csv_records(folder)
    number = 0
    while True:
        number += 1
        try:
            data = next(records)
        except StopIteration:
            return
        except (ValueError, KeyError, UnicodeDecodeError) as error:
            yield Reject(number + 1, f"unreadable CSV: {error}", "", size)
            return
        if number > after_line:
            text = json.dumps(data, ensure_ascii=False)
            yield check(number + 1, data, text, 0)


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file (or of a CSV folder's files in a fixed order)."""
    digest = hashlib.sha256()
    paths = sorted(path.glob("*.csv")) if path.is_dir() else [path]
    for item in paths:
        with item.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    return digest.hexdigest()
