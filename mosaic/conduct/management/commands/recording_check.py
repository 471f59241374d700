"""``mosaic recording-check FILE``: agreement of the recording rules with a case file."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from engines.conduct import run_case_file


class Command(BaseCommand):
    help = "Run a recording-case file against the conduct engine; exit 1 on any disagreement."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a JSON recording-case file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = run_case_file(options["file"])
        except (OSError, ValueError) as exc:
            self.stderr.write(f"cannot read {options['file']}: {exc}")
            raise SystemExit(2) from exc
        for r in report.results:
            self.stdout.write(f"{r.id}: {'agree' if r.agree else 'DISAGREE'}")
            if r.error:
                self.stdout.write(f"    invalid case: {r.error}")
            for line in r.diff:
                self.stdout.write(f"    {line}")
        self.stdout.write(f"{report.agreed}/{report.total} agree (rules {report.ruleset_version})")
        if report.agreed != report.total:
            raise SystemExit(1)
