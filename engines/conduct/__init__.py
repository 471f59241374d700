"""Conduct engine: course-of-conduct assembly and crime classification and counting under the
Home Office Crime Recording Rules 2026/27 (CRR pp.6-26, 50-60, 89-90).

Public API:

- ``decide(case, rules=None) -> RecordingDecision``
- ``assemble(reports, config=None, rules=None, as_at=None) -> list[CourseOfConduct]``
- ``reevaluate(course, report, config=None, rules=None, as_at=None) -> CourseOfConduct``
- ``run_case_file(path, rules=None) -> CaseFileReport``
- ``default_ruleset() -> RuleSet``
"""

from ._internal.assemble import (
    AssemblyConfig,
    ConductReport,
    CourseOfConduct,
    LinkDecision,
    ReportAction,
    assemble,
    reevaluate,
)
from ._internal.casefile import CaseFileReport, CaseResult, run_case_file
from ._internal.decide import decide
from ._internal.flags import Flag, Timeliness
from ._internal.model import Case, Event, Order, Person, PoliceAction, Relationship
from ._internal.result import Crime, Reason, RecordingDecision
from ._internal.rules import RuleSet, default_ruleset

__all__ = [
    "AssemblyConfig",
    "Case",
    "CaseFileReport",
    "CaseResult",
    "ConductReport",
    "CourseOfConduct",
    "Crime",
    "Event",
    "Flag",
    "LinkDecision",
    "Order",
    "Person",
    "PoliceAction",
    "Reason",
    "RecordingDecision",
    "Relationship",
    "ReportAction",
    "RuleSet",
    "Timeliness",
    "assemble",
    "decide",
    "default_ruleset",
    "reevaluate",
    "run_case_file",
]
