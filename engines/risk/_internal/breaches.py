"""Automatic breach checks: does a new report breach an order active at the time, for the
same suspect and protected person?

A breach needs only a single act, and may also be new conduct: every breach is flagged to be
assessed as possible new stalking or harassment (CRR 2026/27 p.52). Notifiable breaches are
recorded in addition to the conduct crime, one per offender (CRR 2026/27 pp.56, 89–90).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .config import resolve_rules, rules_version
from .orders import (
    Condition,
    ConditionKind,
    Order,
    OrderKind,
    normalise_postcode,
    postcode_in_zone,
)
from .timecheck import require_aware


@dataclass(frozen=True, slots=True)
class BreachReport:
    """The facts of a new report that matter for breaches."""

    report_id: str
    occurred_at: datetime
    suspect_id: str
    victim_ids: tuple[str, ...] = ()
    postcode: str | None = None
    place: str | None = None
    channel: str | None = None
    behaviours: tuple[str, ...] = ()
    third_party_contact: bool = False
    posted_online: bool = False


@dataclass(frozen=True, slots=True)
class Breach:
    """A breach of one condition of one order, with evidence and how to record it."""

    report_id: str
    order_id: str
    order_kind: OrderKind
    condition_index: int
    condition: ConditionKind
    evidence: tuple[str, ...]
    notifiable: bool
    home_office_class: str | None
    assess_as_new_conduct: bool
    rules_version: str


def _protected(order: Order, cond: Condition) -> set[str]:
    return set(cond.protected_ids or order.protected_ids)


def _contact(rep: BreachReport, cond: Condition, o: dict[str, Any]) -> list[str]:
    ev = [
        f"behaviour '{b}' towards a protected person"
        for b in rep.behaviours
        if b in o["contact_behaviours"]
    ]
    if cond.indirect:
        indirect = [b for b in rep.behaviours if b in o["indirect_behaviours"]]
        ev += [f"indirect contact: behaviour '{b}'" for b in indirect]
        if rep.third_party_contact:
            ev.append("indirect contact through a third party")
        if rep.channel in o["indirect_channels"]:
            ev.append(f"indirect contact via channel '{rep.channel}'")
        if rep.posted_online:
            ev.append("indirect contact: posted online about a protected person")
    return ev


def _zone(rep: BreachReport, cond: Condition) -> list[str]:
    ev = []
    if rep.postcode:
        ev += [
            f"at {rep.postcode}, inside excluded area {z}"
            for z in cond.postcodes
            if postcode_in_zone(rep.postcode, z)
        ]
    if rep.place:
        wanted = rep.place.casefold().strip()
        ev += [f"at excluded place '{p}'" for p in cond.places if p.casefold().strip() == wanted]
    return ev


def _evidence(rep: BreachReport, cond: Condition, o: dict[str, Any]) -> list[str]:
    if cond.kind == ConditionKind.NO_CONTACT:
        return _contact(rep, cond, o)
    if cond.kind == ConditionKind.EXCLUSION_ZONE:
        return _zone(rep, cond)
    if cond.kind == ConditionKind.NO_SOCIAL_MEDIA_POSTING and rep.posted_online:
        return ["posted online about a protected person"]
    return []  # notification is a clock, checked by notification_clock


def _check_inputs(orders: Sequence[Order], report: BreachReport) -> None:
    require_aware("report.occurred_at", report.occurred_at)
    if report.postcode is not None:
        try:
            normalise_postcode(report.postcode)
        except ValueError as exc:
            raise ValueError(f"report.{exc}") from exc
    for order in orders:
        require_aware(f"order {order.order_id}: starts_at", order.starts_at)
        if order.ends_at is not None:
            require_aware(f"order {order.order_id}: ends_at", order.ends_at)


def _order_breaches(order: Order, report: BreachReport, cfg: dict[str, Any]) -> list[Breach]:
    o = cfg["orders"]
    cls = o["breach_classes"][OrderKind(order.kind).value]
    out = []
    for n, cond in enumerate(order.conditions):
        if not _protected(order, cond) & set(report.victim_ids):
            continue
        ev = _evidence(report, cond, o)
        if ev:
            out.append(
                Breach(
                    report_id=report.report_id,
                    order_id=order.order_id,
                    order_kind=order.kind,
                    condition_index=n,
                    condition=cond.kind,
                    evidence=tuple(ev),
                    notifiable=bool(cls["notifiable"]),
                    home_office_class=cls["class"],
                    assess_as_new_conduct=True,
                    rules_version=rules_version(cfg),
                )
            )
    return out


def check_breaches(
    orders: Sequence[Order], report: BreachReport, rules: dict[str, Any] | None = None
) -> list[Breach]:
    """Every condition of every order, active at the report's time for the same suspect and
    protected person, that the report breaches.

    A report postcode that is not a UK postcode raises ``ValueError`` naming the field (never a
    silent miss). Orders are assumed valid (see ``validate_order``).
    """
    _check_inputs(orders, report)
    cfg = resolve_rules(rules)
    out: list[Breach] = []
    for order in orders:
        if order.subject_id == report.suspect_id and order.active_at(report.occurred_at):
            out.extend(_order_breaches(order, report, cfg))
    return out
