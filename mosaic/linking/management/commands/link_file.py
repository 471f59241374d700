"""``mosaic link-file MENTIONS.csv --out CLUSTERS.csv``: the engine's file command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from engines.linkage import ModelError, link_file, load_model
from mosaic.linking.engine import current_model


class Command(BaseCommand):
    help = (
        "Link a CSV of mentions (mention_id plus any of first_name, last_name, full_name, "
        "date_of_birth, age, phone, email, handle, vehicle, device, postcode, "
        "street_address, report_date) and write mention_id,person_id. Touches no database."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("mentions", type=Path)
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--model", type=Path, help="model JSON (default: the model in use)")
        parser.add_argument("--previous", type=Path, help="an earlier output: keep its ids")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            model = load_model(options["model"]) if options["model"] else current_model()
            stats = link_file(
                options["mentions"],
                options["out"],
                model,
                previous=options["previous"],
                progress=not options["quiet"],
            )
        except (ModelError, OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{stats.rows} mentions, {stats.persons} persons, {stats.links} automatic links, "
            f"{stats.reviews} pairs for review (model {stats.model_version})"
        )
