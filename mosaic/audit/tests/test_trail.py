"""The access trail: one event per operation, hash-chained, verified, fail-closed."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mosaic.audit.models import AuditEvent, AuditHead, Operation
from mosaic.audit.tests.tampering import triggers_lifted
from mosaic.audit.trail import AuditUnavailable, current_head, verify_chain, write_event
from mosaic.reports.actions import report_record
from mosaic.reports.models import Report
from mosaic.reports.schemas import ReportIn

pytestmark = pytest.mark.django_db


def _events(n, personas):
    from django.db import transaction

    for i in range(n):
        with transaction.atomic():
            write_event(
                actor=personas["officer"],
                operation=Operation.CONSULTATION,
                action="test",
                target_type="report",
                target_id=i,
                details={"i": i, "text": "é✓"},
            )


def test_a_fresh_chain_verifies(personas):
    _events(5, personas)
    assert verify_chain(AuditEvent.objects.order_by("seq"), current_head()) == []
    call_command("audit_verify")


@pytest.mark.django_db(transaction=True)
def test_events_are_written_only_inside_a_transaction(personas):
    with pytest.raises(AuditUnavailable):
        write_event(
            actor=None, operation=Operation.CONSULTATION, action="x", target_type="t", target_id=1
        )


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    victim=st.integers(min_value=0, max_value=7),
    change=st.sampled_from(["details", "actor", "target_id", "delete", "swap", "at"]),
)
def test_any_modification_is_detected(personas, victim, change):
    with triggers_lifted():
        AuditEvent.objects.all().delete()
        AuditHead.objects.all().delete()
    _events(8, personas)
    events = list(AuditEvent.objects.order_by("seq"))
    target = events[victim]
    if change == "details":
        target.details = {"i": -1}
    elif change == "actor":
        target.actor_id = personas["otherforce"].pk
    elif change == "target_id":
        target.target_id = "tampered"
    elif change == "at":
        target.at = target.at.replace(year=2001)
    elif change == "delete":
        events.remove(target)
    else:
        other = events[(victim + 1) % len(events)]
        i, j = events.index(target), events.index(other)
        events[i], events[j] = other, target
    assert verify_chain(events, current_head())


def test_audit_verify_fails_loudly_on_tampering(personas):
    _events(3, personas)
    with triggers_lifted():
        AuditEvent.objects.filter(seq=2).update(details={"i": 99})
    with pytest.raises(CommandError, match="1 problem"):
        call_command("audit_verify")


def test_if_the_event_cannot_be_written_nothing_is_written(personas, report_payload):
    with (
        mock.patch.object(AuditEvent, "save", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        report_record(actor=personas["officer"], data=ReportIn.model_validate(report_payload))
    assert Report.objects.count() == 0
