"""``mosaic tag-text INPUT.jsonl --out TAGS.jsonl``: the narrative engine's file command.

Reads no database and writes no audit event: the text comes from a file the operator holds and
the tags go back to a file (see docs/subsystems/narrative.md, "File command").
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from engines.narrative.tag_text import main as tag_text_main


class Command(BaseCommand):
    help = "Tag every account in a JSON Lines file ({id, text, reported_at?} per line)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", help="JSON Lines input")
        parser.add_argument("--out", required=True, help="where to write the tags (JSON Lines)")

    def handle(self, *args: Any, **options: Any) -> None:
        code = tag_text_main([options["input"], "--out", options["out"]])
        if code == 1:
            raise CommandError("some lines were bad: see the messages above and the output")
        if code:
            raise CommandError(f"tag-text failed (exit status {code})", returncode=code)
