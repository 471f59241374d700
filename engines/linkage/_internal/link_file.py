"""Link a CSV of mentions into persons in one streaming pass (blocking, scoring, union-find)."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

from tqdm import tqdm

from engines.linkage._internal.blocking import IDENTIFIER_PREFIXES, blocking_keys, suppress
from engines.linkage._internal.cluster import Assignment, ScoredPair, UnionFind, cluster
from engines.linkage._internal.generic import DEFAULT_GENERIC, GenericValues
from engines.linkage._internal.model import Model
from engines.linkage._internal.record import FIELDS, Record, prepare
from engines.linkage._internal.score import decide, match_weight, probability_from_weight

# Cells beyond this are not identifiers; csv's own default limit is 128 KiB.
csv.field_size_limit(1 << 20)


@dataclass(frozen=True, slots=True)
class LinkFileStats:
    """What a file run did."""

    rows: int
    persons: int
    pairs_scored: int
    links: int
    reviews: int
    too_common_keys: int
    model_version: str


def _read_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()[:10]) if text.strip() else None
    except ValueError:
        return None


def _rows(handle: TextIO) -> Iterator[dict[str, str]]:
    reader = csv.DictReader(handle)
    if reader.fieldnames is None or "mention_id" not in reader.fieldnames:
        raise ValueError("mention_id: the input needs a 'mention_id' column")
    for row in reader:
        yield {k: (v or "") for k, v in row.items() if k is not None and isinstance(v, str)}


def _previous(path: Path | None) -> Assignment | None:
    if path is None:
        return None
    with path.open(newline="", encoding="utf-8") as fh:
        persons = {r["mention_id"]: r["person_id"] for r in csv.DictReader(fh)}
    order = {pid: i for i, pid in enumerate(dict.fromkeys(sorted(persons.values())))}
    serials = [int(p[1:]) for p in order if p[1:].isdigit()]
    return Assignment(persons, order, (), max(serials, default=0) + 1)


def _without_common(rec: Record, common: set[str]) -> Record:
    """The record minus identifiers that became too common (checked per value, not per
    too-common key: that set grows with the file)."""
    hit = [
        f"{prefix}:{value}"
        for prefix, fld in IDENTIFIER_PREFIXES.items()
        for value in getattr(rec, fld)
        if f"{prefix}:{value}" in common
    ]
    return suppress(rec, hit) if hit else rec


def _candidates(
    keys: list[str],
    me: int,
    by_key: dict[str, list[int]],
    common: set[str],
    generic: GenericValues,
    max_per_key: int,
) -> set[int]:
    """Earlier rows sharing a key with row ``me``; registers ``me`` under its keys. A key
    reaching its cap becomes too common (identifier keys: generic from then on)."""
    seen: set[int] = set()
    for key in keys:
        if key in common:
            continue
        bucket = by_key.setdefault(key, [])
        ident = key[:2] in IDENTIFIER_PREFIXES
        if len(bucket) >= (generic.max_persons_per_identifier if ident else max_per_key):
            common.add(key)
            continue
        seen.update(bucket)
        bucket.append(me)
    return seen


def link_rows(
    rows: Iterator[dict[str, str]],
    model: Model,
    *,
    generic: GenericValues = DEFAULT_GENERIC,
    report_date: date | None = None,
    max_per_key: int = 50,
    total: int | None = None,
    progress: bool = True,
) -> tuple[list[str], list[ScoredPair], LinkFileStats]:
    """Each row against the earlier rows sharing a key; returns ids, auto-link pairs, stats."""
    ids: list[str] = []
    records: list[Record] = []
    by_key: dict[str, list[int]] = {}
    common: set[str] = set()
    uf, links = UnionFind(), []
    scored = reviews = 0
    for row in tqdm(rows, total=total, disable=not progress, unit="row", desc="linking"):
        mid = row.get("mention_id", "").strip() or f"row{len(ids) + 1}"
        fields = {k: row.get(k, "") for k in FIELDS}
        when = _read_date(row.get("report_date", "")) or report_date
        rec = prepare(fields, record_id=mid, report_date=when, generic=generic)
        seen = _candidates(blocking_keys(rec), len(records), by_key, common, generic, max_per_key)
        ids.append(mid)
        clean = _without_common(rec, common)
        records.append(clean)
        for other in sorted(seen):
            if uf.find(ids[other]) == uf.find(mid):
                continue  # already the same person through another record
            probability = probability_from_weight(
                match_weight(model, clean, _without_common(records[other], common))
            )
            scored += 1
            decision = decide(model, probability)
            if decision == "link":
                uf.union(ids[other], mid)
                links.append(ScoredPair(ids[other], mid, probability))
            elif decision == "review":
                reviews += 1
    stats = LinkFileStats(len(ids), 0, scored, len(links), reviews, len(common), model.version)
    return ids, links, stats


def link_file(
    src: Path,
    out: Path,
    model: Model,
    *,
    previous: Path | None = None,
    report_date: date | None = None,
    progress: bool = True,
) -> LinkFileStats:
    """Read mentions from ``src``, write ``mention_id,person_id`` to ``out``.

    ``previous`` (an earlier output) keeps person ids stable across runs.
    """
    with src.open(newline="", encoding="utf-8", errors="replace") as fh:
        total = max(sum(1 for _ in fh) - 1, 0)
    with src.open(newline="", encoding="utf-8", errors="replace") as fh:
        ids, links, stats = link_rows(
            _rows(fh), model, report_date=report_date, total=total, progress=progress
        )
    assignment = cluster(ids, links, _previous(previous), threshold=model.link_threshold)
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["mention_id", "person_id"])
        for mid in ids:
            writer.writerow([mid, assignment.persons[mid]])
    persons = len(set(assignment.persons.values()))
    return LinkFileStats(
        stats.rows,
        persons,
        stats.pairs_scored,
        stats.links,
        stats.reviews,
        stats.too_common_keys,
        stats.model_version,
    )


def main(argv: list[str] | None = None) -> int:
    """``python -m engines.linkage.link_file MENTIONS.csv --out CLUSTERS.csv``."""
    import argparse

    from engines.linkage._internal.default_model import default_model
    from engines.linkage._internal.model import ModelError, load_model

    parser = argparse.ArgumentParser(prog="link-file", description=__doc__)
    parser.add_argument("mentions", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--model", type=Path, help="model JSON (default: the shipped model)")
    parser.add_argument("--previous", type=Path, help="an earlier output, to keep person ids")
    parser.add_argument("--report-date", type=_read_date, help="date that ages refer to")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    try:
        model = load_model(args.model) if args.model else default_model()
        stats = link_file(
            args.mentions,
            args.out,
            model,
            previous=args.previous,
            report_date=args.report_date,
            progress=not args.quiet,
        )
    except (ModelError, ValueError, OSError) as exc:
        print(f"link-file: {exc}", file=sys.stderr)
        return 2
    print(
        f"{stats.rows} mentions -> {stats.persons} persons; {stats.pairs_scored} pairs scored, "
        f"{stats.links} auto-links, {stats.reviews} for review; model {stats.model_version}",
        file=sys.stderr,
    )
    return 0
