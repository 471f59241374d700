"""Fictional police forces and their units (none of these codes belong to a real force)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Force:
    """A force, the records system its reports come from, and its units."""

    code: str
    name: str
    source_system: str
    units: tuple[tuple[str, str], ...]


def _units(code: str) -> tuple[tuple[str, str], ...]:
    return (
        (f"{code}-CC", "Contact centre"),
        (f"{code}-RESP", "Response"),
        (f"{code}-NPT", "Neighbourhood policing"),
        (f"{code}-DAU", "Domestic abuse and stalking unit"),
        (f"{code}-CID", "Criminal investigation"),
        (f"{code}-OCU", "Online crime unit"),
    )


FORCES: tuple[Force, ...] = tuple(
    Force(code, name, f"{code.lower()}-rms", _units(code))
    for code, name in (
        ("NMP", "Northmoor Police"),
        ("SVC", "Southvale Constabulary"),
        ("EWP", "Eastwold Police"),
        ("WFC", "Westfen Constabulary"),
        ("HDP", "Highdale Police"),
        ("LMP", "Lowmarsh Police"),
    )
)

# Which units take which scenarios (the first is the usual one).
UNIT_FOR_KIND: dict[str, tuple[str, ...]] = {
    "rejected_ex_partner": ("DAU", "RESP", "CC"),
    "proxy": ("DAU", "RESP", "CC"),
    "resentful_neighbour": ("NPT", "CC", "RESP"),
    "online_anonymous": ("OCU", "CC", "CID"),
    "serial": ("CID", "RESP", "CC"),
}
