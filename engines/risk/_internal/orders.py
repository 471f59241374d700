"""Protective orders as data: kinds, conditions, validation and the notification clock.

Breach checking lives in ``breaches.py``. Breaches of SPOs, restraining orders and
non-molestation orders are notifiable; breach of bail or of a DVPN/DVPO is not
(CRR 2026/27 pp.89–90).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from .config import resolve_rules
from .timecheck import require_aware


class OrderKind(StrEnum):
    """The order types Mosaic checks."""

    SPO_INTERIM = "spo_interim"  # SPA 2019 s.5
    SPO_FULL = "spo_full"  # SPA 2019 s.2; at least 2 years
    RESTRAINING_CONVICTION = "restraining_conviction"  # PHA 1997 s.5
    RESTRAINING_ACQUITTAL = "restraining_acquittal"  # PHA 1997 s.5A
    NON_MOLESTATION = "non_molestation"  # FLA 1996 s.42
    BAIL = "bail"
    DVPN = "dvpn"
    DVPO = "dvpo"


class ConditionKind(StrEnum):
    """The condition types an order may carry."""

    NO_CONTACT = "no_contact"
    EXCLUSION_ZONE = "exclusion_zone"
    NO_SOCIAL_MEDIA_POSTING = "no_social_media_posting"
    NOTIFICATION = "notification"


@dataclass(frozen=True, slots=True)
class Condition:
    """A prohibition or requirement. ``indirect`` extends no-contact to third parties and
    social media; ``postcodes`` may be districts (``M1``), sectors (``M1 1``) or full
    postcodes (``M1 1AE``); ``places`` are named places."""

    kind: ConditionKind
    protected_ids: tuple[str, ...] = ()
    indirect: bool = True
    postcodes: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    notification_days: int | None = None


@dataclass(frozen=True, slots=True)
class Order:
    """A court order, notice or bail conditions over ``subject_id`` protecting people.

    ``ends_at=None`` means until further order. ``served_at`` starts notification clocks.
    """

    order_id: str
    kind: OrderKind
    subject_id: str
    protected_ids: tuple[str, ...]
    starts_at: datetime
    conditions: tuple[Condition, ...]
    ends_at: datetime | None = None
    served_at: datetime | None = None

    def active_at(self, when: datetime) -> bool:
        """True when the order is in force at ``when`` (start inclusive, end exclusive)."""
        return self.starts_at <= when and (self.ends_at is None or when < self.ends_at)


@dataclass(frozen=True, slots=True)
class OrderProblem:
    """Why an order was refused: the field and the reason."""

    field: str
    reason: str


class InvalidOrder(ValueError):
    """An order refused by ``validate_order``, with every problem found."""

    def __init__(self, order_id: str, problems: tuple[OrderProblem, ...]) -> None:
        self.order_id = order_id
        self.problems = problems
        super().__init__(
            f"order {order_id}: " + "; ".join(f"{p.field}: {p.reason}" for p in problems)
        )


_OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
_FULL = re.compile(rf"^({_OUTWARD}) ?([0-9][A-Z]{{2}})$")
_SECTOR = re.compile(rf"^({_OUTWARD}) ([0-9])$")
_DISTRICT = re.compile(rf"^{_OUTWARD}$")


def normalise_postcode(raw: str) -> str:
    """Upper-case, single space before the inward code; raises ``ValueError`` if not a UK
    postcode, sector or district."""
    text = " ".join(raw.upper().split())
    full = _FULL.match(text)
    if full:
        return f"{full.group(1)} {full.group(2)}"
    if _SECTOR.match(text) or _DISTRICT.match(text):
        return text
    raise ValueError(f"postcode: {raw!r} is not a UK postcode, sector or district")


def postcode_in_zone(postcode: str, zone: str) -> bool:
    """Whether a full postcode falls in a zone given as district, sector or full postcode."""
    pc, z = normalise_postcode(postcode), normalise_postcode(zone)
    if " " not in pc:
        return pc == z  # a bare district only matches the same district
    outward, inward = pc.split(" ")
    return z in (pc, outward, f"{outward} {inward[0]}")


_NEEDS_PERSON = {ConditionKind.NO_CONTACT, ConditionKind.NO_SOCIAL_MEDIA_POSTING}
_SPO = {OrderKind.SPO_INTERIM, OrderKind.SPO_FULL}


def _condition_problems(n: int, c: Condition, order: Order) -> list[OrderProblem]:
    f = f"conditions[{n}]"
    out = []
    if c.kind in _NEEDS_PERSON and not (c.protected_ids or order.protected_ids):
        out.append(OrderProblem(f, f"{c.kind} names no protected person"))
    if c.kind == ConditionKind.EXCLUSION_ZONE:
        if not (c.postcodes or c.places):
            out.append(OrderProblem(f, "exclusion zone names no postcode or place"))
        for pc in c.postcodes:
            try:
                normalise_postcode(pc)
            except ValueError as exc:
                out.append(OrderProblem(f"{f}.postcodes", str(exc)))
    if c.kind == ConditionKind.NOTIFICATION:
        if c.notification_days is not None and c.notification_days <= 0:
            out.append(OrderProblem(f, "notification period must be a positive number of days"))
        if order.kind not in _SPO:
            out.append(OrderProblem(f, "notification requirements belong to SPOs (SPA 2019)"))
    return out


def _date_problems(order: Order, rules: dict[str, Any]) -> list[OrderProblem]:
    out = []
    for name in ("starts_at", "ends_at", "served_at"):
        value = getattr(order, name)
        if value is not None and (value.tzinfo is None or value.utcoffset() is None):
            out.append(OrderProblem(name, "datetime must be timezone-aware"))
    if out:
        return out
    min_days = int(rules["orders"]["spo_full_min_days"])
    if order.ends_at is not None and order.ends_at <= order.starts_at:
        out.append(OrderProblem("ends_at", "order ends before (or when) it starts"))
    elif (
        order.kind == OrderKind.SPO_FULL
        and order.ends_at is not None
        and order.ends_at - order.starts_at < timedelta(days=min_days)
    ):
        out.append(OrderProblem("ends_at", f"a full SPO lasts at least {min_days} days (2 years)"))
    return out


def _kind_problems(order: Order) -> list[OrderProblem]:
    out = []
    if order.kind not in set(OrderKind):
        out.append(OrderProblem("kind", f"unknown order kind {order.kind!r}"))
    for n, c in enumerate(order.conditions):
        if c.kind not in set(ConditionKind):
            out.append(OrderProblem(f"conditions[{n}].kind", f"unknown condition {c.kind!r}"))
    return out


def validate_order(order: Order, rules: dict[str, Any] | None = None) -> Order:
    """Return the order if valid; raise ``InvalidOrder`` listing every problem (impossible
    dates, a full SPO under 2 years, a condition naming no protected person or no area)."""
    cfg = resolve_rules(rules)
    problems = _date_problems(order, cfg)
    problems.extend(_kind_problems(order))
    if not order.subject_id:
        problems.append(OrderProblem("subject_id", "order names no subject"))
    if not order.conditions:
        problems.append(OrderProblem("conditions", "order has no conditions"))
    for n, cond in enumerate(order.conditions):
        problems.extend(_condition_problems(n, cond, order))
    if problems:
        raise InvalidOrder(order.order_id, tuple(problems))
    return order


@dataclass(frozen=True, slots=True)
class NotificationClock:
    """The SPA 2019 notification clock: names and home address due within N days of service."""

    order_id: str
    due_at: datetime | None
    notified_at: datetime | None
    status: str  # "not_served" | "pending" | "met" | "overdue" | "late"
    reason: str


def notification_clock(
    order: Order,
    as_at: datetime,
    notified_at: datetime | None = None,
    rules: dict[str, Any] | None = None,
) -> NotificationClock | None:
    """The notification clock of an order with a notification condition, or None."""
    require_aware("as_at", as_at)
    cond = next((c for c in order.conditions if c.kind == ConditionKind.NOTIFICATION), None)
    if cond is None:
        return None
    days = cond.notification_days or int(resolve_rules(rules)["orders"]["notification_days"])
    if order.served_at is None:
        return NotificationClock(order.order_id, None, notified_at, "not_served", "not served yet")
    due = order.served_at + timedelta(days=days)
    if notified_at is not None:
        status = "met" if notified_at <= due else "late"
        reason = f"notified {notified_at:%Y-%m-%d %H:%M}, due {due:%Y-%m-%d %H:%M}"
    else:
        status = "overdue" if as_at > due else "pending"
        reason = (
            f"names and home address due within {days} days of service, by {due:%Y-%m-%d %H:%M}"
        )
    return NotificationClock(order.order_id, due, notified_at, status, reason)
