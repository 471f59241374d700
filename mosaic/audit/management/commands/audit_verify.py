"""``mosaic audit-verify``: walk the access trail and report every break in its hash chain."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from mosaic.audit.models import AuditEvent
from mosaic.audit.trail import current_head, verify_chain


class Command(BaseCommand):
    help = "Check the access trail's hash chain; exits non-zero if any event was altered."

    def handle(self, *args: Any, **options: Any) -> None:
        events = AuditEvent.objects.order_by("seq").iterator(chunk_size=5000)
        problems = verify_chain(events, current_head())
        total = AuditEvent.objects.count()
        for problem in problems[:100]:
            self.stderr.write(f"event #{problem.seq}: {problem.problem}")
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in {total} audit events")
        self.stdout.write(f"OK: {total} audit events, chain intact")
