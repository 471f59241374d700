"""``write_world``: stream a generated world to a folder, with truth files and a manifest."""

from __future__ import annotations

import csv
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from tqdm import tqdm

from engines.synth._internal.forces import FORCES
from engines.synth._internal.schema import FORMAT_VERSION
from engines.synth._internal.world import (
    GENERATOR_VERSION,
    CourseTruth,
    SynthConfig,
    generate_world,
)
from engines.synth._internal.writers import CsvSink, dumps

FORMATS = ("jsonl", "csv")
MENTION_TRUTH_COLUMNS = (
    "source_system",
    "source_ref",
    "mention_id",
    "role",
    "person_id",
    "true_name",
    "true_dob",
    "noise",
)


@dataclass(frozen=True)
class WorldSummary:
    """What :func:`write_world` wrote."""

    out_dir: Path
    reports: int
    courses: int
    files: tuple[str, ...]


class _Sinks:
    def __init__(self, out: Path, formats: tuple[str, ...]) -> None:
        (out / "truth").mkdir(parents=True, exist_ok=True)
        self.handles: list[IO[str]] = []
        self.jsonl = self._open(out / "reports.jsonl") if "jsonl" in formats else None
        self.csv = CsvSink(out / "csv") if "csv" in formats else None
        self.courses = self._open(out / "truth" / "courses.jsonl")
        self.statements = self._open(out / "truth" / "reports.jsonl")
        self.mentions = csv.writer(self._open(out / "truth" / "mentions.csv"), lineterminator="\n")
        self.mentions.writerow(MENTION_TRUTH_COLUMNS)

    def _open(self, path: Path) -> IO[str]:
        handle = path.open("w", encoding="utf-8", newline="")
        self.handles.append(handle)
        return handle

    def report(self, record: dict[str, Any], truth: dict[str, Any]) -> None:
        if self.jsonl is not None:
            self.jsonl.write(dumps(record) + "\n")
        if self.csv is not None:
            self.csv.write(record)
        key = (truth["source_system"], truth["source_ref"])
        for m in truth["mentions"]:
            self.mentions.writerow(
                [
                    *key,
                    m["mention_id"],
                    m["role"],
                    m["person_id"],
                    m["true_name"],
                    m["true_dob"],
                    ";".join(m["noise"]),
                ]
            )
        rest = {k: v for k, v in truth.items() if k != "mentions"}
        self.statements.write(dumps(rest) + "\n")

    def close(self) -> None:
        for handle in self.handles:
            handle.close()
        if self.csv is not None:
            self.csv.close()


def write_world(
    out_dir: str | Path,
    seed: int = 1,
    people: int | None = None,
    reports: int = 200,
    formats: tuple[str, ...] = ("jsonl",),
    *,
    demo: bool = False,
    forces: int = 2,
    years: float = 6.0,
    progress: bool = True,
) -> WorldSummary:
    """Generate a world and write it under ``out_dir`` in bounded memory.

    Writes ``reports.jsonl`` and/or ``csv/*.csv`` (import format v1), ``truth/`` files and a
    ``world.json`` manifest. Same arguments => byte-identical files. Memory grows with the
    cases open at once, i.e. with ``reports / years``, not with ``reports``.
    """
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise ValueError(f"formats: expected some of {FORMATS}, got {formats!r}")
    config = SynthConfig(
        seed=seed, reports=reports, people=people, forces=forces, years=years, demo=demo
    )
    config.validate()
    out = Path(out_dir)
    sinks = _Sinks(out, formats)
    made = courses = 0
    bar = tqdm(total=reports, file=sys.stderr, disable=not progress, unit="report")
    try:
        for item in generate_world(config):
            if isinstance(item, CourseTruth):
                sinks.courses.write(dumps(item.data) + "\n")
                courses += 1
                continue
            sinks.report(item.record, item.truth)
            made += 1
            bar.update(1)
    finally:
        bar.close()
        sinks.close()
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    files = [f for f in files if f != "world.json"]
    _manifest(out, config, made, courses, files)
    return WorldSummary(out, made, courses, (*files, "world.json"))


def _manifest(out: Path, config: SynthConfig, made: int, courses: int, files: list[str]) -> None:
    forces = [
        {
            "code": f.code,
            "name": f.name,
            "source_system": f.source_system,
            "units": [{"code": c, "name": n} for c, n in f.units],
        }
        for f in FORCES[: config.forces]
    ]
    settings = {
        k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in asdict(config).items()
    }
    manifest = {
        "format_version": FORMAT_VERSION,
        "generator_version": GENERATOR_VERSION,
        "config": settings,
        "population": config.population(),
        "forces": forces,
        "counts": {"reports": made, "courses": courses},
        "files": files,
    }
    (out / "world.json").write_text(
        __import__("json").dumps(manifest, indent=2) + "\n", encoding="utf-8"
    )
