"""The fixed cast every test speaks as (the same people as the demo: mosaic.demo.cast).

- ``officer``: the officer on the case, Public Protection Unit, Northshire (NS/PPU)
- ``supervisor``: supervisor of that unit
- ``callhandler``, ``coordinator`` (force-wide), ``analyst`` (force-wide, read-only),
  ``inspector`` (force-wide, read-only), ``registrar`` (force crime registrar, force-wide)
- ``otherunit``: an officer of another unit in the same force (an outsider to PPU's reports)
- ``otherforce``: an officer of another force (an outsider to everything in Northshire)
- ``forceadmin``: Northshire's force administrator (imports and exports); ``otheradmin``:
  Westshire's (an outsider to Northshire's imports)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

PASSWORD = "correct-horse-battery-staple-42"
# A report as an officer would record it; tests copy and change it.
REPORT: dict[str, Any] = {
    "occurred_from": "2026-10-01T19:30:00+01:00",
    "reported_at": "2026-10-01T21:00:00+01:00",
    "channel": "call_101",
    "classification": "none",
    "narrative": "He waited outside her flat again and followed her to the station.",
    "location": {"address": "Station Road, Northbridge", "postcode": "nb3 4qt"},
    "people": [
        {
            "role": "victim",
            "name": "Ruth Ashdown",
            "date_of_birth": "03/04/1990",
            "identifiers": [{"type": "phone", "value": "07700 900771"}],
        },
        {
            "role": "suspect",
            "name": "Gareth Pembury",
            "identifiers": [
                {"type": "phone", "value": "07700 900123"},
                {"type": "handle", "value": "@g_pem", "platform": "instagram"},
                {"type": "vehicle", "value": "nb19 kxt"},
            ],
        },
    ],
}


@pytest.fixture
def personas(db: Any) -> dict[str, Any]:
    from mosaic.demo.cast import ensure_personas

    return ensure_personas(PASSWORD, check_password=False)


@pytest.fixture
def client_for(personas: dict[str, Any]) -> Callable[[str], Any]:
    """A signed-in test client for a persona: ``client_for("officer")``."""
    from django.test import Client

    def make(username: str) -> Client:
        client = Client()
        client.force_login(personas[username])
        return client

    return make


@pytest.fixture
def report_payload() -> dict[str, Any]:
    import copy

    return copy.deepcopy(REPORT)


@pytest.fixture
def recorded_report(personas: dict[str, Any], report_payload: dict[str, Any]) -> Any:
    """A report recorded by the officer on the case (unit NS/PPU)."""
    from mosaic.reports.actions import report_record
    from mosaic.reports.schemas import ReportIn

    return report_record(actor=personas["officer"], data=ReportIn.model_validate(report_payload))
