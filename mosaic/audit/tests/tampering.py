"""Simulated tampering for tests: lift the PostgreSQL append-only triggers for a moment.

``session_replication_role = replica`` needs a superuser, so the application's own role cannot
do this; tests (which connect as a superuser) use it to play an attacker with full access,
whose changes the hash chain must still detect.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def triggers_lifted() -> Iterator[None]:
    """Within the block, audit rows may be changed and deleted (superuser only on PG)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")
