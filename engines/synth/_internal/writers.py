"""Writing a world to disk as JSON Lines and/or CSV, with truth files and a manifest; and
reading the CSV form back into JSONL-shaped records."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

REPORT_COLUMNS = (
    "source_system",
    "source_ref",
    "format_version",
    "force_code",
    "unit_code",
    "reported_at",
    "occurred_from",
    "occurred_to",
    "channel",
    "location_address_line",
    "location_postcode",
    "classification",
    "recorded_at",
    "crime_reference",
    "victim_updated_at",
    "narrative",
)
PEOPLE_COLUMNS = (
    "source_system",
    "source_ref",
    "mention_id",
    "role",
    "first_name",
    "middle_names",
    "last_name",
    "full_name",
    "date_of_birth",
    "age",
    "sex",
    "address_line",
    "postcode",
)
IDENTIFIER_COLUMNS = ("source_system", "source_ref", "mention_id", "type", "value", "platform")
ORDER_COLUMNS = (
    "source_system",
    "source_ref",
    "order_ref",
    "type",
    "against",
    "protects",
    "valid_from",
    "valid_to",
    "conditions_json",
)
RISK_COLUMNS = (
    "source_system",
    "source_ref",
    "assessment_ref",
    "tool",
    "completed_at",
    "level_at_time",
    "answers_json",
)
CSV_FILES = {
    "reports.csv": REPORT_COLUMNS,
    "people.csv": PEOPLE_COLUMNS,
    "identifiers.csv": IDENTIFIER_COLUMNS,
    "orders.csv": ORDER_COLUMNS,
    "risk_assessments.csv": RISK_COLUMNS,
}


def dumps(obj: Any) -> str:
    """Compact, key-order-preserving JSON: the same object always gives the same bytes."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


class CsvSink:
    """The five CSV files of import format v1, written row by row."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.handles: list[IO[str]] = []
        self.writers: dict[str, Any] = {}
        for name, columns in CSV_FILES.items():
            handle = (folder / name).open("w", encoding="utf-8", newline="")
            self.handles.append(handle)
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            self.writers[name] = writer

    def write(self, rec: dict[str, Any]) -> None:
        """Spread one record over the five files."""
        key = (rec["source_system"], rec["source_ref"])
        loc = rec.get("location") or {}
        flat = {
            **rec,
            "location_address_line": loc.get("address_line"),
            "location_postcode": loc.get("postcode"),
        }
        self.writers["reports.csv"].writerow([_cell(flat.get(c)) for c in REPORT_COLUMNS])
        for p in rec["people"]:
            addr = p.get("address") or {}
            row = {**p, "address_line": addr.get("address_line"), "postcode": addr.get("postcode")}
            self.writers["people.csv"].writerow(
                [*key, *(_cell(row.get(c)) for c in PEOPLE_COLUMNS[2:])]
            )
            for ident in p["identifiers"]:
                self._identifier(key, p["mention_id"], ident)
        for ident in rec["identifiers"]:
            self._identifier(key, None, ident)
        for o in rec["orders"]:
            self.writers["orders.csv"].writerow(
                [
                    *key,
                    o["order_ref"],
                    o["type"],
                    o["against"],
                    ";".join(o["protects"]),
                    o["valid_from"],
                    _cell(o.get("valid_to")),
                    dumps(o["conditions"]),
                ]
            )
        for r in rec["risk_assessments"]:
            self.writers["risk_assessments.csv"].writerow(
                [
                    *key,
                    r["assessment_ref"],
                    r["tool"],
                    r["completed_at"],
                    _cell(r.get("level_at_time")),
                    dumps(r["answers"]),
                ]
            )

    def _identifier(self, key: tuple[str, str], mid: str | None, ident: dict[str, Any]) -> None:
        self.writers["identifiers.csv"].writerow(
            [*key, _cell(mid), ident["type"], ident["value"], _cell(ident.get("platform"))]
        )

    def close(self) -> None:
        """Flush and close every file."""
        for handle in self.handles:
            handle.close()


def _blank(row: dict[str, str], names: tuple[str, ...]) -> dict[str, Any]:
    return {n: (row[n] if row[n] != "" else None) for n in names}


def read_csv_records(folder: Path) -> Iterator[dict[str, Any]]:
    """Rebuild JSONL-shaped records from the five CSV files (child rows held in memory)."""
    children: dict[str, dict[tuple[str, str], list[dict[str, str]]]] = {}
    for name in ("people.csv", "identifiers.csv", "orders.csv", "risk_assessments.csv"):
        grouped: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
        with (folder / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                grouped[(row["source_system"], row["source_ref"])].append(row)
        children[name] = grouped
    with (folder / "reports.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield _rebuild(row, children)


def _rebuild(row: dict[str, str], children: dict[str, Any]) -> dict[str, Any]:
    key = (row["source_system"], row["source_ref"])
    rec = _blank(row, REPORT_COLUMNS)
    line, postcode = rec.pop("location_address_line"), rec.pop("location_postcode")
    rec["location"] = (
        None if line is None and postcode is None else {"address_line": line, "postcode": postcode}
    )
    idents = children["identifiers.csv"].get(key, [])
    people = []
    for p in children["people.csv"].get(key, []):
        person = {k: v for k, v in _blank(p, PEOPLE_COLUMNS[2:]).items() if v is not None}
        if "age" in person:
            person["age"] = int(person["age"])
        line, postcode = person.pop("address_line", None), person.pop("postcode", None)
        if line or postcode:
            person["address"] = {"address_line": line, "postcode": postcode}
        person["identifiers"] = [_ident(i) for i in idents if i["mention_id"] == p["mention_id"]]
        people.append(person)
    rec["people"] = people
    rec["identifiers"] = [_ident(i) for i in idents if i["mention_id"] == ""]
    rec["orders"] = [
        {
            "order_ref": o["order_ref"],
            "type": o["type"],
            "against": o["against"],
            "protects": o["protects"].split(";"),
            "valid_from": o["valid_from"],
            "valid_to": o["valid_to"] or None,
            "conditions": json.loads(o["conditions_json"]),
        }
        for o in children["orders.csv"].get(key, [])
    ]
    rec["risk_assessments"] = [
        {
            "assessment_ref": r["assessment_ref"],
            "tool": r["tool"],
            "completed_at": r["completed_at"],
            "answers": json.loads(r["answers_json"]),
            "level_at_time": r["level_at_time"] or None,
        }
        for r in children["risk_assessments.csv"].get(key, [])
    ]
    return rec


def _ident(row: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {"type": row["type"], "value": row["value"]}
    if row["platform"]:
        out["platform"] = row["platform"]
    return out
