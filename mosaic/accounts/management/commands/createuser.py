"""``mosaic createuser``: add a member of staff to a unit with a role."""

from __future__ import annotations

import getpass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mosaic.accounts.actions import user_create
from mosaic.accounts.models import Role, Unit


class Command(BaseCommand):
    help = "Create a user in a unit with a role (prompts for the password)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=[r.value for r in Role])
        parser.add_argument("--force", required=True, help="force code, e.g. NS")
        parser.add_argument("--unit", required=True, help="unit code within the force")

    def handle(self, *args: Any, **options: Any) -> None:
        unit = Unit.objects.filter(force__code=options["force"], code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"no unit {options['unit']!r} in force {options['force']!r}")
        password = getpass.getpass("Password (15 characters or more): ")
        try:
            user = user_create(
                actor=None,
                username=options["username"],
                password=password,
                role=Role(options["role"]),
                unit=unit,
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"Created {user.username} ({user.get_role_display()}) in {unit}")
