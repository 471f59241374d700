"""``mosaic relink``: re-link the whole stored history in one batch (Splink)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from engines.linkage import ModelError, load_model
from mosaic.linking.batch import relink_history


class Command(BaseCommand):
    help = (
        "Re-link every stored mention with the batch engine (Splink on DuckDB). Person refs "
        "stay stable; merges, splits and moved mentions are stored as new decisions that "
        "follow the old ones; confirmed, rejected and split decisions made by people win."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--model", help="model JSON (default: the model in use)")
        parser.add_argument(
            "--reindex",
            action="store_true",
            help="first prepare every stored mention again and rebuild the blocking keys "
            "(after an engine upgrade that changed normalisation or keys)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            model = load_model(options["model"]) if options["model"] else None
        except (ModelError, OSError) as exc:
            raise CommandError(f"--model: {exc}") from exc
        s = relink_history(model=model, reindex=options["reindex"])
        self.stdout.write(
            f"{s.records} mentions ({s.reindexed} re-prepared), {s.pairs_scored} pairs scored, "
            f"{s.merges} merges, "
            f"{s.splits} splits, {s.moved} mentions moved (model {s.model_version})"
        )
