"""``mosaic synth --seed 1 --reports N``: write a synthetic world (engines.synth) to disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from engines.synth import write_world


class Command(BaseCommand):
    help = "Write a seeded synthetic world of reports (import format v1) with its truth files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--reports", type=int, default=200)
        parser.add_argument("--people", type=int, default=None)
        parser.add_argument("--forces", type=int, default=2)
        parser.add_argument("--years", type=float, default=6.0)
        parser.add_argument("--out", type=Path, default=Path("var/synth"))
        parser.add_argument("--format", choices=["jsonl", "csv", "both"], default="jsonl")
        parser.add_argument("--demo", action="store_true", help="the demo world (fixed cases)")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        formats = ("jsonl", "csv") if options["format"] == "both" else (options["format"],)
        try:
            summary = write_world(
                options["out"],
                seed=options["seed"],
                people=options["people"],
                reports=options["reports"],
                formats=formats,
                demo=options["demo"],
                forces=options["forces"],
                years=options["years"],
                progress=not options["quiet"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Wrote {summary.reports} reports in {summary.courses} courses to {summary.out_dir}."
        )
