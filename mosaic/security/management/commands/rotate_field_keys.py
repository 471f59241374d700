"""``mosaic rotate-field-keys``: re-seal values still under an older field key."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from mosaic.security.rotation import field_keys_rotate


class Command(BaseCommand):
    help = "Re-encrypt every field still sealed with an older key in MOSAIC_FIELD_KEYS."

    def handle(self, *args: Any, **options: Any) -> None:
        rows = field_keys_rotate(actor=None)
        self.stdout.write(f"Re-sealed {rows} rows with the current key.")
