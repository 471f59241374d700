"""``mosaic export OUT --as USER --recipient R --reason R``: reports as format v1 JSON Lines,
filtered by unit and dates, recorded in the access trail as a disclosure."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mosaic.accounts.models import User
from mosaic.interchange.actions import reports_export


class Command(BaseCommand):
    help = "Export your force's reports in the import format (JSON Lines); audited."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=Path, help="file to write (reports.jsonl)")
        parser.add_argument("--as", dest="username", required=True, help="a force administrator")
        parser.add_argument("--recipient", required=True, help="who receives the export")
        parser.add_argument("--reason", required=True, help="why it is disclosed")
        parser.add_argument("--unit", default="", help="unit code (default: the whole force)")
        parser.add_argument("--from", dest="date_from", type=date.fromisoformat, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", type=date.fromisoformat, help="YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"--as: no user {options['username']!r}")
        try:
            with options["out"].open("w", encoding="utf-8", newline="\n") as out:
                count = reports_export(
                    actor=user,
                    out=out,
                    recipient=options["recipient"],
                    reason=options["reason"],
                    unit_code=options["unit"],
                    date_from=options["date_from"],
                    date_to=options["date_to"],
                )
        except (PermissionDenied, ValueError) as error:
            options["out"].unlink(missing_ok=True)
            raise CommandError(str(error)) from error
        self.stdout.write(f"Exported {count} reports to {options['out']}.")
