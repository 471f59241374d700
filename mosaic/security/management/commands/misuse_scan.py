"""``mosaic misuse-scan``: run the misuse rules over the last days of the access trail."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from mosaic.security.misuse_scan import misuse_scan


class Command(BaseCommand):
    help = "Look for possible misuse in the access trail and notify the data protection officers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=1, help="how far back to look")

    def handle(self, *args: Any, **options: Any) -> None:
        since = timezone.now() - timedelta(days=options["days"])
        alerts = misuse_scan(actor=None, since=since)
        self.stdout.write(f"{len(alerts)} possible misuse alerts; notices sent.")
