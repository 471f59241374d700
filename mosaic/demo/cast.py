"""The demonstration organisation: two forces, their units and one user per role.

Used by ``mosaic demo`` and by the test personas, so the people you click through as are the
people the tests speak as. Everyone here is fictional.
"""

from __future__ import annotations

from dataclasses import dataclass

from mosaic.accounts.actions import user_create
from mosaic.accounts.models import Force, Role, Unit, User

FORCES = {"NS": "Northshire Police", "WS": "Westshire Constabulary"}
UNITS = [
    ("NS", "PPU", "Public Protection Unit"),
    ("NS", "RESP", "Response Team North"),
    ("WS", "CID", "Westshire CID"),
    ("NS", "IM", "Information Management"),
]


@dataclass(frozen=True)
class Persona:
    username: str
    role: Role
    force: str
    unit: str
    first_name: str
    last_name: str
    about: str


PERSONAS = [
    Persona("officer", Role.OFFICER, "NS", "PPU", "Sam", "Okafor", "officer on the case"),
    Persona("supervisor", Role.SUPERVISOR, "NS", "PPU", "Jo", "Harding", "supervisor of that unit"),
    Persona("callhandler", Role.CALL_HANDLER, "NS", "PPU", "Alex", "Reid", "call handler"),
    Persona(
        "coordinator", Role.COORDINATOR, "NS", "PPU", "Morgan", "Ellis", "stalking coordinator"
    ),
    Persona("analyst", Role.ANALYST, "NS", "PPU", "Kit", "Bramwell", "force analyst"),
    Persona("inspector", Role.INSPECTOR, "NS", "PPU", "Robin", "Ashe", "inspector (read-only)"),
    Persona("registrar", Role.REGISTRAR, "NS", "PPU", "Lee", "Marsh", "force crime registrar"),
    Persona("otherunit", Role.OFFICER, "NS", "RESP", "Dev", "Lowry", "officer of another unit"),
    Persona("otherforce", Role.OFFICER, "WS", "CID", "Ash", "Pryce", "officer of another force"),
    Persona("forceadmin", Role.FORCE_ADMIN, "NS", "PPU", "Lee", "Marchant", "force administrator"),
    Persona("otheradmin", Role.FORCE_ADMIN, "WS", "CID", "Pat", "Quigley", "another force's admin"),
    Persona(
        "dataprotection",
        Role.DATA_PROTECTION,
        "NS",
        "IM",
        "Noor",
        "Marsh",
        "data protection officer",
    ),
]


def ensure_organisation() -> dict[tuple[str, str], Unit]:
    """Create (or find) the demo forces and units."""
    forces = {
        code: Force.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in FORCES.items()
    }
    return {
        (force, code): Unit.objects.get_or_create(
            force=forces[force], code=code, defaults={"name": name}
        )[0]
        for force, code, name in UNITS
    }


def ensure_personas(password: str, *, check_password: bool = True) -> dict[str, User]:
    """Create (or find) one user per persona, all with ``password``."""
    units = ensure_organisation()
    users = {}
    for p in PERSONAS:
        existing = User.objects.filter(username=p.username).first()
        users[p.username] = existing or user_create(
            actor=None,
            username=p.username,
            password=password,
            role=p.role,
            unit=units[(p.force, p.unit)],
            first_name=p.first_name,
            last_name=p.last_name,
            check_password=check_password,
        )
    return users
