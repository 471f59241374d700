"""``mosaic demo``: a demonstration database with synthetic people, then serve it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mosaic.demo.cast import PERSONAS, ensure_personas
from mosaic.demo.reports import load_history
from mosaic.demo.world import import_demo_world, write_demo_world

DEMO_PASSWORD = "mosaic-demo-only-password"  # noqa: S105 - printed for the demo; dev mode only


class Command(BaseCommand):
    help = "Create the demo database (synthetic data only), print the logins and serve it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="set up, then exit")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEV:
            raise CommandError("the demo runs only in development mode (MOSAIC_DEV=1)")
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", verbosity=0, interactive=False)
        users = ensure_personas(DEMO_PASSWORD)
        added = load_history(users)
        world = write_demo_world(settings.VAR_DIR / "demo-world")
        added += import_demo_world(world, [users["forceadmin"], users["otheradmin"]])
        self.stdout.write(f"Demo data ready ({added} reports added).")
        self._print_logins(options["port"])
        if not options["no_serve"]:
            call_command("serve", port=options["port"])

    def _print_logins(self, port: int) -> None:
        self.stdout.write(f"\nOpen http://127.0.0.1:{port}/ and sign in as one of:")
        for p in PERSONAS:
            self.stdout.write(f"  {p.username:<14} {p.about} ({p.force}/{p.unit})")
        self.stdout.write(f"Password for every demo user: {DEMO_PASSWORD}")
        self.stdout.write(
            "Second factor: not required in development mode (MOSAIC_REQUIRE_MFA defaults to "
            "off here, on in production); try it at /security/mfa/enrol/.\n"
        )
