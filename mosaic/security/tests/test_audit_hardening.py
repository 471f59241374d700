"""The trail's own defences: database triggers (PostgreSQL) and the chain verifier."""

from __future__ import annotations

import copy

import pytest
from django.db import DatabaseError, connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mosaic.audit.models import AuditEvent, AuditHead, Operation
from mosaic.audit.trail import current_head, verify_chain, write_event

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only triggers are PostgreSQL only"
)


def _events(n: int, actor) -> None:
    for i in range(n):
        with transaction.atomic():
            write_event(
                actor=actor,
                operation=Operation.CONSULTATION,
                action="test",
                target_type="report",
                target_id=i,
                details={"i": i},
            )


def _refused(run) -> bool:
    try:
        with transaction.atomic():
            run()
    except DatabaseError as exc:
        return "audit" in str(exc)
    return False


@pytest.mark.postgres
@postgres_only
def test_postgres_refuses_changing_or_deleting_events(personas):
    _events(3, personas["officer"])
    count = AuditEvent.objects.count()
    assert _refused(lambda: AuditEvent.objects.filter(seq=2).update(details={"i": 9}))
    assert _refused(lambda: AuditEvent.objects.filter(seq=3).delete())
    assert AuditEvent.objects.count() == count
    assert verify_chain(AuditEvent.objects.order_by("seq"), current_head()) == []


@pytest.mark.postgres
@postgres_only
def test_postgres_head_only_moves_forward_to_a_real_event(personas):
    _events(3, personas["officer"])
    seq = current_head().seq
    assert _refused(lambda: AuditHead.objects.update(seq=seq - 1))
    assert _refused(lambda: AuditHead.objects.update(seq=seq + 1, digest="f" * 64))
    assert _refused(lambda: AuditHead.objects.all().delete())
    _events(1, personas["officer"])  # the application's own appends still work
    assert current_head().seq == seq + 1


CHANGES = ["details", "actor", "target_id", "reason", "at", "operation", "delete", "swap", "cut"]


@pytest.fixture
def chain(personas):
    _events(12, personas["officer"])
    return list(AuditEvent.objects.order_by("seq")), current_head()


@settings(
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    index=st.integers(min_value=0, max_value=11),
    change=st.sampled_from(CHANGES),
    text=st.text(min_size=1, max_size=20),
)
def test_the_verifier_detects_every_random_modification(chain, index, change, text):
    """≥ 1,000 random modifications of a 12-event chain, each must be detected."""
    original, head = chain
    events = [copy.copy(e) for e in original]
    target = events[index]
    if change == "details":
        target.details = {"i": text}
    elif change == "actor":
        target.actor_id = (target.actor_id or 0) + 1
    elif change == "target_id":
        target.target_id = target.target_id + text
    elif change == "reason":
        target.reason = text
    elif change == "at":
        target.at = target.at.replace(year=2001)
    elif change == "operation":
        target.operation = Operation.ERASURE
    elif change == "delete":
        events.remove(target)
    elif change == "cut":
        events = events[:index] if index else events[:-1]
    else:
        other = (index + 1) % len(events)
        events[index], events[other] = events[other], events[index]
    assert verify_chain(events, head), f"{change} at #{index + 1} went unnoticed"
