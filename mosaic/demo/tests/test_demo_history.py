"""The demo history opens a course of conduct the demo users can open."""

from __future__ import annotations

import pytest

from mosaic.conduct.models import CourseOfConduct
from mosaic.demo.reports import FOLLOW_UPS, HISTORY, load_history

pytestmark = pytest.mark.django_db


def test_the_demo_history_shows_a_course(personas, client_for):
    assert load_history(personas) == len(HISTORY) + len(FOLLOW_UPS)
    course = CourseOfConduct.objects.get()
    assert course.members.count() == len(HISTORY) + len(FOLLOW_UPS)
    assert course.classification
    assert course.risk_level
    assert client_for("officer").get(f"/cases/{course.ref}/").status_code == 200
    assert client_for("otherforce").get(f"/cases/{course.ref}/").status_code == 404
    assert load_history(personas) == 0
