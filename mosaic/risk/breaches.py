"""Which stored orders a report likely breaches (the risk engine decides; this loads)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from engines.risk import Breach, check_breaches
from mosaic.conduct.facts import breach_report, people, risk_order
from mosaic.reports.models import Report, Role
from mosaic.risk.models import Order, OrderQuerySet


def orders_against(force_id: int, suspects: Iterable[str]) -> OrderQuerySet:
    """Every order of a force over any of these people (refs), ready for the engines."""
    return (
        Order.objects.filter(force_id=force_id, subject__ref__in=list(suspects))
        .select_related("subject")
        .prefetch_related("protected")
    )


def likely_breaches(report: Report, orders: Sequence[Order]) -> list[tuple[Order, Breach]]:
    """Each condition of each order active when the report's events happened, over one of its
    suspects and protecting one of its victims, that the report likely breaches."""
    if not orders:
        return []
    by_ref = {o.ref: o for o in orders}
    engine_orders = [risk_order(o) for o in orders]
    found: list[tuple[Order, Breach]] = []
    for suspect in people(report, Role.SUSPECT):
        mine = [o for o in engine_orders if o.subject_id == suspect]
        if mine:
            found += [
                (by_ref[b.order_id], b)
                for b in check_breaches(mine, breach_report(report, suspect))
            ]
    return found
