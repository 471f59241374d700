"""``mosaic rebuild-blind-indexes``: recompute every keyed index after the index key changes."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from mosaic.security.rotation import blind_indexes_rebuild


class Command(BaseCommand):
    help = (
        "Recompute postcode and identifier blind indexes and the linkage tables' identifier "
        "tokens under the current MOSAIC_FIELD_INDEX_KEY (run after changing it)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = blind_indexes_rebuild(actor=None)
        self.stdout.write(
            "Rebuilt the blind indexes of {locations} locations and {identifiers} identifiers, "
            "and {records} linkage records.".format(**counts)
        )
