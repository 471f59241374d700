"""Writing and verifying the access trail.

Every action calls :func:`write_event` inside its transaction: if the event cannot be written
the whole operation rolls back (fail closed). Detail views call it too (a consultation).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from mosaic.audit.models import AuditEvent, AuditHead, Operation

GENESIS = "0" * 64


class AuditUnavailable(RuntimeError):
    """The trail could not be written: the operation must not go ahead."""


def _canonical(event: AuditEvent) -> bytes:
    body = {
        "seq": event.seq,
        "at": event.at.isoformat(),
        "actor": event.actor_id,
        "operation": event.operation,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "reason": event.reason,
        "recipient": event.recipient,
        "details": event.details,
        "prev": event.prev_digest,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), default=str).encode()


def digest_of(event: AuditEvent) -> str:
    """The chain digest of an event: SHA-256 over its canonical form and its predecessor's."""
    return hashlib.sha256(_canonical(event)).hexdigest()


def _locked_head() -> AuditHead:
    # The head row is the lock: concurrent appends queue here until the first commits.
    AuditHead.objects.get_or_create(id=1, defaults={"seq": 0, "digest": GENESIS})
    return AuditHead.objects.select_for_update().get(id=1)


def write_event(
    *,
    actor: Any,
    operation: Operation,
    action: str,
    target_type: str,
    target_id: str | int,
    details: dict[str, Any] | None = None,
    reason: str = "",
    recipient: str = "",
) -> AuditEvent:
    """Append one event to the trail, inside the caller's transaction."""
    if not connection.in_atomic_block:
        raise AuditUnavailable("audit events are written inside the operation's transaction")
    try:
        return _append(
            actor=actor,
            operation=operation,
            action=action,
            target_type=target_type,
            target_id=target_id,
            details=details,
            reason=reason,
            recipient=recipient,
        )
    except DatabaseError as exc:
        # Whatever broke, the operation must not go ahead without its event (fail closed).
        raise AuditUnavailable("the audit trail cannot be written") from exc


def _append(
    *,
    actor: Any,
    operation: Operation,
    action: str,
    target_type: str,
    target_id: str | int,
    details: dict[str, Any] | None,
    reason: str,
    recipient: str,
) -> AuditEvent:
    head = _locked_head()
    seq, prev = head.seq + 1, head.digest
    event = AuditEvent(
        seq=seq,
        at=timezone.now(),
        actor_id=getattr(actor, "pk", None),
        operation=operation,
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        details=details or {},
        reason=reason,
        recipient=recipient,
        prev_digest=prev,
    )
    # Round-trip details through JSON so the digest covers exactly what the database stores.
    event.details = json.loads(json.dumps(event.details, default=str))
    event.digest = digest_of(event)
    event.save(force_insert=True)
    head.seq, head.digest = seq, event.digest
    head.save(update_fields=["seq", "digest"])
    return event


@transaction.atomic
def consult(
    *,
    actor: Any,
    target_type: str,
    target_id: str | int,
    action: str,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that ``actor`` read a record's detail (a DPA s.62 consultation)."""
    return write_event(
        actor=actor,
        operation=Operation.CONSULTATION,
        action=action,
        target_type=target_type,
        target_id=target_id,
        details=details,
    )


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    problem: str


def verify_chain(events: Iterable[AuditEvent], head: AuditHead | None = None) -> list[ChainProblem]:
    """Every break in the chain: altered, missing or reordered events, and a chain that ends
    before the recorded head (its newest events deleted)."""
    problems: list[ChainProblem] = []
    prev, expected_seq = GENESIS, 1
    for event in events:
        if event.seq != expected_seq:
            problems.append(ChainProblem(event.seq, f"expected event #{expected_seq} here"))
        if event.prev_digest != prev:
            problems.append(ChainProblem(event.seq, "does not follow the previous event"))
        if digest_of(event) != event.digest:
            problems.append(ChainProblem(event.seq, "contents changed since it was written"))
        prev, expected_seq = event.digest, event.seq + 1
    if head is not None and (head.seq, head.digest) != (expected_seq - 1, prev):
        problems.append(ChainProblem(head.seq, f"the chain ends at #{expected_seq - 1}"))
    return problems


def current_head() -> AuditHead | None:
    """The recorded head of the chain (None before the first event)."""
    return AuditHead.objects.filter(id=1).first()
