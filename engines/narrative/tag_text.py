"""File command: tag every account in a JSON Lines file.

    python -m engines.narrative.tag_text INPUT.jsonl --out TAGS.jsonl

Each input line is ``{"id": ..., "text": ..., "reported_at": optional ISO 8601}``. Each output
line is ``{"id", "lexicon_version", "truncated", "hits", "identifiers", "dates", "problems"}``
(see docs/subsystems/narrative.md). A bad line produces an output line
``{"line": N, "id": ... or null, "error": reason}`` and a message on stderr; the run goes on.
Exit status: 0 when every line was read, 1 when some were bad, 2 when the input cannot be opened.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from engines.narrative import NarrativeResult, tag


def _reported_at(value: Any) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("reported_at must be an ISO 8601 string")
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _hit(h: Any) -> dict[str, Any]:
    return {
        "code": h.code,
        "kind": h.kind,
        "status": h.status,
        "text": h.text,
        "start": h.start,
        "end": h.end,
        "sentence": [h.sentence_start, h.sentence_end],
        "trigger": h.trigger,
        "rule": h.rule,
    }


def process_line(number: int, line: str) -> dict[str, Any]:
    """One output record for one input line (an ``error`` record when the line is bad)."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"line": number, "id": None, "error": f"not JSON: {exc.msg} (column {exc.colno})"}
    if not isinstance(record, dict):
        return {"line": number, "id": None, "error": "not a JSON object"}
    doc_id = record.get("id")
    text = record.get("text")
    if not isinstance(text, str):
        return {"line": number, "id": doc_id, "error": "field 'text': missing or not a string"}
    try:
        reported_at = _reported_at(record.get("reported_at"))
    except ValueError as exc:
        return {"line": number, "id": doc_id, "error": f"field 'reported_at': {exc}"}
    result = tag(text, reported_at=reported_at, doc_id="" if doc_id is None else str(doc_id))
    return _record(doc_id, result)


def _record(doc_id: Any, result: NarrativeResult) -> dict[str, Any]:
    return {
        "id": doc_id,
        "lexicon_version": result.lexicon_version,
        "truncated": result.truncated,
        "hits": [_hit(h) for h in result.hits],
        "identifiers": [
            {
                "type": i.type,
                "raw": i.raw,
                "value": i.value,
                "platform": i.platform,
                "start": i.start,
                "end": i.end,
            }
            for i in result.identifiers
        ],
        "dates": [
            {
                "kind": d.kind,
                "text": d.text,
                "value": d.value,
                "relative": d.relative,
                "start": d.start,
                "end": d.end,
            }
            for d in result.dates
        ],
        "problems": list(result.problems),
    }


def _lines(handle: TextIO) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(handle, start=1):
        if line.strip():
            yield number, line


def run(source: TextIO, out: TextIO, err: TextIO) -> int:
    """Tag every line of ``source`` into ``out``; report bad lines on ``err``. Returns exit code."""
    bad = 0
    for number, line in _lines(source):
        record = process_line(number, line)
        if "error" in record:
            bad += 1
            print(f"line {number}: {record['error']}", file=err)
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point (wired as ``mosaic tag-text`` by the app)."""
    parser = argparse.ArgumentParser(prog="tag_text", description=__doc__.splitlines()[0])
    parser.add_argument("input", type=Path, help="JSON Lines: {id, text, reported_at?}")
    parser.add_argument("--out", type=Path, required=True, help="where to write the tags")
    args = parser.parse_args(argv)
    try:
        source = args.input.open(encoding="utf-8", errors="replace")
    except OSError as exc:
        print(f"cannot open {args.input}: {exc.strerror}", file=sys.stderr)
        return 2
    with source, args.out.open("w", encoding="utf-8") as out:
        return run(source, out, sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
