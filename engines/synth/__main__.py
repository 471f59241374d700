"""``python -m engines.synth --seed 1 --reports N --out DIR [--format jsonl|csv|both] [--demo]``."""

from __future__ import annotations

import argparse
import sys

from engines.synth import write_world


def main(argv: list[str] | None = None) -> int:
    """Write a synthetic world; print a one-line summary."""
    parser = argparse.ArgumentParser(prog="python -m engines.synth", description=__doc__)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reports", type=int, default=None, help="default 300 (demo) or 200")
    parser.add_argument("--people", type=int, default=None)
    parser.add_argument("--forces", type=int, default=2)
    parser.add_argument("--years", type=float, default=6.0, help="span of the world (from 2020)")
    parser.add_argument("--out", required=True)
    parser.add_argument("--format", choices=("jsonl", "csv", "both"), default="jsonl")
    parser.add_argument("--demo", action="store_true", help="the demo world (~300 reports)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    reports = args.reports if args.reports is not None else (300 if args.demo else 200)
    formats = ("jsonl", "csv") if args.format == "both" else (args.format,)
    try:
        summary = write_world(
            args.out,
            args.seed,
            args.people,
            reports,
            formats,
            demo=args.demo,
            forces=args.forces,
            progress=not args.quiet,
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{summary.reports} reports, {summary.courses} courses -> {summary.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
