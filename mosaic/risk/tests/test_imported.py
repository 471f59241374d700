"""Orders and risk assessments in an import file become risk rows, breaches are caught on the
reports after them, and bad orders or answers refuse the line with the field and reason."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from mosaic.audit.models import AuditEvent
from mosaic.interchange.actions import import_job_create, import_job_run
from mosaic.interchange.models import ImportedOrder
from mosaic.interchange.tests.conftest import write_lines
from mosaic.reports.models import Report
from mosaic.reports.pipeline import process_new_report
from mosaic.risk.models import Breach, Order, RiskAssessment, RiskLevelChange

pytestmark = pytest.mark.django_db

VICTIM = {
    "mention_id": "m1",
    "role": "victim",
    "first_name": "Alys",
    "last_name": "Penhallow",
    "date_of_birth": "1991-03-14",
    "sex": "F",
    "identifiers": [{"type": "phone", "value": "07700 900111"}],
}
SUSPECT = {
    "mention_id": "m2",
    "role": "suspect",
    "first_name": "Gareth",
    "last_name": "Tremayne",
    "date_of_birth": "1984-07-02",
    "sex": "M",
    "identifiers": [{"type": "phone", "value": "07700 900222"}],
}
CONTACT = (
    "Gareth Tremayne phoned Alys Penhallow thirty times and sent her text messages. "
    "He was waiting outside her house when she came home."
)


def record(n: int, day: int, **extra: Any) -> dict[str, Any]:
    when = f"2025-03-{day:02d}T10:00:00+00:00"
    rec: dict[str, Any] = {
        "format_version": "1.0",
        "source_system": "test-rms",
        "source_ref": f"T-{n:04d}",
        "force_code": "NS",
        "unit_code": "NS-RESP",
        "reported_at": when,
        "occurred_from": when,
        "occurred_to": when,
        "channel": "phone_101",
        "location": {"address_line": "4 Quarry Lane, Truro", "postcode": "TR1 2AB"},
        "narrative": CONTACT,
        "classification": "stalking",
        "people": [copy.deepcopy(VICTIM), copy.deepcopy(SUSPECT)],
    }
    rec.update(extra)
    return rec


def spo(**changes: Any) -> dict[str, Any]:
    order = {
        "order_ref": "ORD-77",
        "type": "stalking_protection_order",
        "against": "m2",
        "protects": ["m1"],
        "valid_from": "2025-03-12",
        "valid_to": "2027-03-12",
        "conditions": [
            {"kind": "no_contact", "text": "Not to contact her directly or indirectly."},
            {
                "kind": "exclusion_zone",
                "text": "Not to enter within 500 metres of TR1 2AB.",
                "postcode": "TR1 2AB",
                "radius_m": 500,
            },
            {"kind": "no_approach", "text": "Not to approach her."},
            {"kind": "no_online_contact", "text": "Not to post about her on any platform."},
        ],
    }
    order.update(changes)
    return order


def dash(yes: int, ref: str, day: int, level: str | None = None) -> dict[str, Any]:
    return {
        "assessment_ref": ref,
        "tool": "dash",
        "completed_at": f"2025-03-{day:02d}T11:30:00+00:00",
        "answers": {f"q{i}": "yes" if i <= yes else "no" for i in range(1, 28)},
        "level_at_time": level,
    }


def run(personas: dict[str, Any], path: Path, process: bool = True) -> Any:
    actor = personas["forceadmin"]
    job = import_job_create(actor=actor, path=path, process=process)
    return import_job_run(actor=actor, job=job, batch_size=2)


def series(tmp_path: Path, *, order_first: bool = True) -> Path:
    """Four reports; the order is recorded on the second (made 2025-03-10, in force from
    2025-03-12); the third and fourth come after it and contact the victim at her home."""
    lines = [
        record(1, 1),
        record(2, 10, orders=[spo()], risk_assessments=[dash(3, "RA-2", 10)]),
        record(3, 20),
        record(4, 25),
    ]
    if not order_first:
        lines = [lines[0], lines[2], lines[3], lines[1]]  # the order's line comes last
    return write_lines(tmp_path / "reports.jsonl", lines)


def test_an_imported_order_is_kept_and_later_reports_breach_it(personas, tmp_path):
    job = run(personas, series(tmp_path))
    assert (job.accepted, job.rejected) == (4, 0)
    [order] = Order.objects.all()
    assert (order.source_system, order.source_ref, order.kind) == ("test-rms", "ORD-77", "spo_full")
    suspect = Report.objects.get(source_ref="T-0002").mentions.get(role="suspect").person
    victim = Report.objects.get(source_ref="T-0002").mentions.get(role="victim").person
    assert order.subject == suspect
    assert list(order.protected.all()) == [victim]
    # every condition kind of the format, as the engine's conditions
    kinds = [(c["source_kind"], c["kind"], c.get("indirect")) for c in order.conditions]
    assert kinds == [
        ("no_contact", "no_contact", True),
        ("exclusion_zone", "exclusion_zone", None),
        ("no_approach", "no_contact", False),
        ("no_online_contact", "no_social_media_posting", None),
    ]
    assert order.conditions[1]["postcodes"] == ["TR1 2AB"]
    assert order.starts_at.date().isoformat() == "2025-03-12"
    assert order.ends_at is not None
    assert order.ends_at.date().isoformat() == "2027-03-13"
    breached = Breach.objects.values_list("report__source_ref", "condition")
    refs = {r for r, _ in breached}
    assert refs == {"T-0003", "T-0004"}  # not the reports before the order
    assert ("T-0003", "exclusion_zone") in set(breached)
    assert ("T-0003", "no_contact") in set(breached)


def test_an_order_read_after_the_reports_it_covers_is_checked_against_them(personas, tmp_path):
    run(personas, series(tmp_path, order_first=False))
    assert Order.objects.count() == 1
    assert set(Breach.objects.values_list("report__source_ref", flat=True)) == {
        "T-0003",
        "T-0004",
    }


def test_importing_and_processing_again_changes_nothing(personas, tmp_path):
    path = series(tmp_path)
    run(personas, path)
    counts = (Order.objects.count(), RiskAssessment.objects.count(), Breach.objects.count())
    again = run(personas, path)
    assert (again.accepted, again.unchanged) == (0, 4)
    for report in Report.objects.order_by("occurred_from"):
        process_new_report(actor=personas["forceadmin"], report=report)
    assert (Order.objects.count(), RiskAssessment.objects.count(), Breach.objects.count()) == (
        counts
    )
    assert counts == (1, 1, counts[2])
    assert counts[2] >= 2


def test_the_risk_step_audits_what_it_kept(personas, tmp_path):
    run(personas, series(tmp_path))
    events = AuditEvent.objects.filter(action="course_risk_update")
    kept = [e.details for e in events if e.details.get("orders_imported")]
    assert len(kept) == 1
    assert kept[0]["orders_imported"] == [Order.objects.get().ref]
    assert kept[0]["assessments_imported"] == ["dash:RA-2"]


def test_an_imported_dash_is_kept_with_its_time_and_never_lowers_the_level(personas, tmp_path):
    lines = [
        record(1, 1),
        record(2, 10, risk_assessments=[dash(15, "RA-HIGH", 10, "high")]),
        record(3, 20, risk_assessments=[dash(1, "RA-LOW", 20, "standard")]),
    ]
    run(personas, write_lines(tmp_path / "reports.jsonl", lines))
    high, low = RiskAssessment.objects.order_by("assessed_at")
    assert (high.source_ref, high.status, high.band) == ("RA-HIGH", "complete", "high")
    assert high.assessed_at.isoformat() == "2025-03-10T11:30:00+00:00"
    assert high.answers["dash01"] == {"value": "yes", "notes": ""}
    assert high.result["level_at_time"] == "high"
    assert low.band == "standard"
    course = high.course
    course.refresh_from_db()
    assert course.risk_level == "high"  # the later standard DASH did not lower it
    rises = RiskLevelChange.objects.filter(course=course, source="dash", to_level="high")
    assert rises.exists()


def test_without_processing_orders_stay_staged_until_their_reports_are(personas, tmp_path):
    run(personas, series(tmp_path), process=False)
    assert ImportedOrder.objects.count() == 1
    assert Order.objects.count() == 0
    for report in Report.objects.order_by("occurred_from"):
        process_new_report(actor=personas["forceadmin"], report=report)
    assert Order.objects.count() == 1
    assert {"T-0003", "T-0004"} <= set(Breach.objects.values_list("report__source_ref", flat=True))


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (
            {"orders": [spo(valid_to="2025-09-01")]},
            "orders.0.valid_to: a full SPO lasts at least 730 days (2 years)",
        ),
        (
            {"orders": [spo(valid_from="2025-09-01", valid_to="2025-08-01")]},
            "valid_to: before valid_from",
        ),
        ({"orders": [spo(protects=[])]}, "orders.0.protects"),
        ({"orders": [spo(against="m9")]}, "ORD-77 names a mention_id not in people"),
        (
            {
                "orders": [
                    spo(
                        conditions=[
                            {"kind": "exclusion_zone", "text": "x", "postcode": "NOT A PC"}
                            | {"radius_m": 100}
                        ]
                    )
                ]
            },
            "orders.0.conditions.0.postcodes: postcode: 'NOT A PC' is not a UK postcode",
        ),
        (
            {"risk_assessments": [dash(3, "RA-X", 10) | {"answers": {"q1": "maybe"}}]},
            "risk_assessments.0",
        ),
    ],
)
def test_a_bad_order_or_assessment_refuses_its_line_with_the_reason(
    personas, tmp_path, bad, reason
):
    lines = [record(1, 1), record(2, 10, **bad)]
    job = run(personas, write_lines(tmp_path / "reports.jsonl", lines))
    assert (job.accepted, job.rejected) == (1, 1)
    [reject] = job.rejects.all()
    assert reject.line == 2
    assert reason in reject.reason
    assert not Report.objects.filter(source_ref="T-0002").exists()
    assert Order.objects.count() == 0


def test_imported_history_is_read_as_at_its_own_incidents(personas, tmp_path):
    """Signals and MARAC windows are the incidents' own time, not the day of the import: the
    course's four incidents within 25 days in March 2025 (the two breaches of the order stay in
    it) are a potential escalation (3+ in 12 months) and four incidents in the frequency window,
    however long ago that was."""
    run(personas, series(tmp_path))
    course = Order.objects.get().course
    course.refresh_from_db()
    summary = course.risk_summary
    newest = max(course.members.values_list("report__occurred_from", flat=True))
    assert summary["signals_as_at"] == newest.isoformat()
    assert newest.year == 2025
    codes = {c["code"] for c in summary["marac"]["criteria"]}
    assert "potential_escalation" in codes
    [frequency] = [s for s in summary["signals"] if s["kind"] == "frequency"]
    assert frequency["metrics"]["current"] == 4.0


def test_an_order_on_a_report_in_no_course_is_kept_and_attached_later(personas, tmp_path):
    """The order comes on the suspect's first report (no course yet: one occasion). It binds
    the person at once, so the next report is checked; it joins the course when one forms."""
    lines = [
        record(1, 1, orders=[spo(valid_from="2025-03-02", valid_to="2027-03-02")]),
        record(2, 10),
        record(3, 20),
    ]
    run(personas, write_lines(tmp_path / "reports.jsonl", lines))
    [order] = Order.objects.all()
    assert order.course is not None
    assert order.course.members.filter(report__source_ref="T-0001").exists()
    assert {"T-0002", "T-0003"} <= set(Breach.objects.values_list("report__source_ref", flat=True))
    events = AuditEvent.objects.filter(
        action="breach_check", target_id=Report.objects.get(source_ref="T-0001").reference
    )
    assert [e.details["orders_imported"] for e in events] == [[order.ref]]


def test_an_order_against_someone_unknown_is_not_kept_and_the_trail_says_why(personas, tmp_path):
    """The bound person is known only by a number that links to no one: no person, so no
    order yet (it stays staged); the risk step's audit event says why."""
    nameless = {"mention_id": "m2", "role": "suspect", "identifiers": [SUSPECT["identifiers"][0]]}
    lines = [record(1, 10, people=[copy.deepcopy(VICTIM), nameless], orders=[spo()])]
    job = run(personas, write_lines(tmp_path / "reports.jsonl", lines))
    assert job.accepted == 1
    assert Order.objects.count() == 0
    assert ImportedOrder.objects.count() == 1
    [event] = AuditEvent.objects.filter(action="breach_check")
    assert event.details["imported_not_applied"] == [
        "T-0001 orders ORD-77.against: the bound person is not resolved"
    ]


def test_a_staged_order_that_cannot_be_right_is_never_kept(personas, tmp_path):
    """A row staged before lines were checked for impossible orders (here: a full SPO of
    six months) is not kept when its reports are processed; the trail says why."""
    run(personas, series(tmp_path), process=False)
    staged = ImportedOrder.objects.get()
    staged.record["order"]["valid_to"] = "2025-09-12"
    staged.save()
    for report in Report.objects.order_by("occurred_from"):
        process_new_report(actor=personas["forceadmin"], report=report)
    assert Order.objects.count() == 0
    why = [
        reason
        for e in AuditEvent.objects.filter(action="course_risk_update")
        for reason in e.details.get("imported_not_applied", [])
    ]
    assert "T-0002 orders ORD-77: orders.0.valid_to: a full SPO lasts at least 730 days" in (
        " ".join(why)
    )


def test_an_order_follows_its_people_when_they_are_merged(personas, tmp_path):
    """A supervisor folds the order's subject and the victim into older records of the same
    people: the order now binds the survivors, conditions included, and a later report that
    names the survivor is still checked against it."""
    from datetime import timedelta

    from mosaic.linking.actions import person_merge
    from mosaic.people.models import Person

    run(personas, write_lines(tmp_path / "a.jsonl", [record(1, 1), record(2, 10, orders=[spo()])]))
    [order] = Order.objects.all()
    subject, [victim] = order.subject, list(order.protected.all())
    order.conditions[0]["protected"] = [victim.ref]  # a condition naming whom it protects
    order.save(update_fields=["conditions"])
    older = {}
    for who in (subject, victim):
        twin = Person.objects.create(display_name=who.display_name)
        Person.objects.filter(pk=twin.pk).update(created_at=who.created_at - timedelta(days=1))
        twin.refresh_from_db()
        survivor = person_merge(
            actor=personas["supervisor"], person=who, other=twin, reason="same person"
        )
        assert survivor == twin
        older[who.ref] = twin
    order.refresh_from_db()
    assert order.subject == older[subject.ref]
    assert list(order.protected.all()) == [older[victim.ref]]
    for condition in order.conditions:
        assert victim.ref not in condition.get("protected", [])
    assert order.conditions[0]["protected"] == [older[victim.ref].ref]
    run(personas, write_lines(tmp_path / "b.jsonl", [record(3, 20)]))
    assert (
        Report.objects.get(source_ref="T-0003").mentions.get(role="suspect").person
        == older[subject.ref]
    )
    assert "T-0003" in set(Breach.objects.values_list("report__source_ref", flat=True))
