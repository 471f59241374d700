"""Signals about people that other apps act on without the people or linking apps knowing them.

``person_merged`` is sent inside the merge's transaction (``mosaic.linking.actions.merge_people``)
after the absorbed person's mentions, identifiers and keys have moved to the survivor; a receiver
re-points what it holds about the absorbed person (orders, for one: an order over the absorbed
ref must go on protecting the victim from the survivor). A receiver that raises aborts the merge.
"""

from __future__ import annotations

from django.dispatch import Signal

# Arguments: survivor (Person), absorbed (Person).
person_merged = Signal()
