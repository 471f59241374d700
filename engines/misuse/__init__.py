"""Misuse engine: rules over the access trail that point at possible misuse, with evidence.

Public API:

- ``detect(trail, staff, subjects, thresholds=None) -> list[Alert]``
- ``Access``, ``Staff``, ``Subject``, ``Alert``, ``Thresholds``, ``RULES_VERSION``
- ``synth.world(seed, ...)``: a synthetic benign background with seeded misuse scenarios

Pure Python: the app turns audit events into ``Access`` rows and stores the alerts.
"""

from ._internal.detect import detect
from ._internal.model import RULES_VERSION, Access, Alert, Staff, Subject
from ._internal.rules import Thresholds

__all__ = ["RULES_VERSION", "Access", "Alert", "Staff", "Subject", "Thresholds", "detect"]
