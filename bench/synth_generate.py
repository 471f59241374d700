"""Benchmark: time and peak memory to write a synthetic world as JSON Lines.

    /work/main/.venv/bin/python bench/synth_generate.py --reports 1000000 [--format jsonl]

Prints reports/s, wall time, peak resident memory (ru_maxrss) and bytes written.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engines.synth import write_world


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--years", type=float, default=6.0)
    parser.add_argument("--format", choices=("jsonl", "csv", "both"), default="jsonl")
    args = parser.parse_args()
    formats = ("jsonl", "csv") if args.format == "both" else (args.format,)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        summary = write_world(
            tmp, args.seed, None, args.reports, formats, years=args.years, progress=False
        )
        wall = time.perf_counter() - start
        size = sum(p.stat().st_size for p in Path(tmp).rglob("*") if p.is_file())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"reports          {summary.reports:,}")
    print(f"courses          {summary.courses:,}")
    print(f"format           {args.format}")
    print(f"wall             {wall:.1f} s")
    print(f"rate             {summary.reports / wall:,.0f} reports/s")
    print(f"peak RSS         {peak / 1024:.0f} MiB (after imports: {rss_before / 1024:.0f} MiB)")
    print(f"written          {size / 1e6:,.0f} MB")


if __name__ == "__main__":
    main()
