"""Orders follow a person through a merge.

An order binds people by their refs (``Order.subject``, ``Order.protected`` and the refs in each
condition's ``protected``). When linkage or a supervisor folds one person into another, the
absorbed ref redirects to the survivor; the orders must move with it, or every later report
naming the survivor would be checked against no order and a breach would go unseen.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from mosaic.people.models import Person
from mosaic.risk.models import Order


def orders_follow_merge(sender: Any, *, survivor: Person, absorbed: Person, **_: Any) -> None:
    """Re-point every order over or protecting ``absorbed`` to ``survivor`` (same transaction
    as the merge, which writes the audit event that covers it)."""
    Order.objects.filter(subject=absorbed).update(subject=survivor)
    for order in Order.objects.filter(Q(protected=absorbed)).distinct():
        order.protected.remove(absorbed)
        order.protected.add(survivor)
    for order in Order.objects.filter(conditions__icontains=absorbed.ref):
        changed = False
        for condition in order.conditions:
            refs = condition.get("protected") or []
            if absorbed.ref in refs:
                condition["protected"] = sorted(
                    {survivor.ref if r == absorbed.ref else r for r in refs}
                )
                changed = True
        if changed:
            order.save(update_fields=["conditions"])
