"""What happens to a report once it is stored, in order, inside the intake transaction.

Each step is one app's action and writes its own audit event. The order matters: people are
resolved (linkage) before the narrative's identifiers are attached, the course of conduct is
assembled from linked, tagged reports, and risk is re-scored from the course.

Steps are listed here, explicitly, rather than wired through signals: a reader sees the whole
intake path in one place.
"""

from __future__ import annotations

from collections.abc import Callable

from mosaic.accounts.models import User
from mosaic.reports.models import Report

Step = Callable[..., object]


def intake_steps() -> list[Step]:
    """The steps, imported late so each app may import ``reports`` freely."""
    from mosaic.conduct.actions import course_update_for_report
    from mosaic.linking.actions import report_link
    from mosaic.narratives.actions import narrative_tag_report
    from mosaic.risk.actions import risk_update_for_report

    # People are resolved first: later steps read who the suspect and victim are; the course
    # of conduct is assembled from linked, tagged reports; risk is re-scored from the course.
    return [report_link, narrative_tag_report, course_update_for_report, risk_update_for_report]


def process_new_report(*, actor: User, report: Report) -> None:
    """Run every intake step on a freshly stored report (same transaction as its storage)."""
    for step in intake_steps():
        step(actor=actor, report=report)
