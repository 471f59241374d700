"""``mosaic export-corrections --as USER --out CORRECTIONS.jsonl``: reviewed tags as evaluation
data (the format of ``engines/narrative/eval``), for widening the lexicon from real misses."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mosaic.accounts.models import User
from mosaic.narratives.actions import tag_corrections_export


class Command(BaseCommand):
    help = "Write officers' tag reviews (confirmed, corrected, rejected, added) as JSON Lines."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as", dest="username", required=True, help="export what this user may see"
        )
        parser.add_argument("--out", required=True, help="where to write the JSON Lines")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = User.objects.filter(username=options["username"], is_active=True).first()
        if actor is None:
            raise CommandError(f"no active user {options['username']!r}")
        records = tag_corrections_export(actor=actor)
        with open(options["out"], "w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.stdout.write(f"{len(records)} reviewed report(s) written to {options['out']}")
