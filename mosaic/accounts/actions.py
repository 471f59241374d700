"""Writes to forces, units and users."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from mosaic.accounts.models import Role, Unit, User
from mosaic.audit.models import Operation
from mosaic.audit.trail import write_event


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    role: Role,
    unit: Unit,
    first_name: str = "",
    last_name: str = "",
    check_password: bool = True,
) -> User:
    """Create a user in ``unit`` with ``role``; the password must pass the validators."""
    user = User(username=username, role=role, unit=unit, first_name=first_name, last_name=last_name)
    if check_password:
        validate_password(password, user)
    user.set_password(password)
    user.save()
    write_event(
        actor=actor,
        operation=Operation.COLLECTION,
        action="user_create",
        target_type="user",
        target_id=user.pk,
        details={"role": role, "unit": unit.code},
    )
    return user
