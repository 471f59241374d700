"""The demo imports the synthetic demo world into the personas' forces, once."""

from __future__ import annotations

import pytest

from mosaic.demo.world import import_demo_world, write_demo_world
from mosaic.reports.access import reports_visible_to
from mosaic.reports.models import Report

pytestmark = pytest.mark.django_db


def test_demo_world_lands_in_the_personas_units_once(personas, tmp_path):
    path = write_demo_world(tmp_path)
    admins = [personas["forceadmin"], personas["otheradmin"]]
    added = import_demo_world(path, admins)
    assert added == Report.objects.count() == 300
    assert reports_visible_to(personas["officer"]).exists()
    assert reports_visible_to(personas["otherunit"]).exists()
    assert reports_visible_to(personas["otherforce"]).exists()
    assert import_demo_world(write_demo_world(tmp_path), admins) == 0
    assert Report.objects.count() == 300
