"""Recording noise: how the same person gets written down differently from report to report."""

from __future__ import annotations

import datetime as dt
import random
from functools import cache
from typing import Any

from nicknames import NickNamer

from engines.synth._internal.identity import Person


@cache
def _namer() -> NickNamer:
    return NickNamer()


@cache
def nicknames_of(first: str) -> tuple[str, ...]:
    """Known nicknames of a first name (sorted, so draws are deterministic)."""
    return tuple(sorted(n.title() for n in _namer().nicknames_of(first.lower())))


def misspell(name: str, rng: random.Random) -> str:
    """One typing slip: a dropped, doubled or swapped letter."""
    if len(name) < 4:
        return name
    i = rng.randrange(1, len(name) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return name[:i] + name[i + 1 :]
    if kind == 1:
        return name[:i] + name[i] + name[i:]
    return name[: i - 1] + name[i] + name[i - 1] + name[i + 1 :]


def age_on(dob: dt.date, day: dt.date) -> int:
    """Age in whole years on ``day``."""
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def written_name(
    person: Person, rng: random.Random, noisy: float, on: dt.date
) -> tuple[dict[str, Any], list[str]]:
    """The name and date of birth as an officer wrote them, and the noise codes applied.

    ``noisy`` is the chance of each kind of slip; victims are written more carefully than
    suspects, who are often described second-hand.
    """
    codes: list[str] = []
    first, last, middle = person.first, person.last, person.middle
    out: dict[str, Any] = {}
    if rng.random() < noisy:
        nicks = nicknames_of(first)
        if nicks:
            first = rng.choice(nicks)
            codes.append("nickname")
    if rng.random() < noisy * 0.6:
        last = misspell(last, rng)
        codes.append("misspelt")
    if rng.random() < noisy * 0.3:
        first = first[0]
        codes.append("initial")
    if rng.random() < 0.5:
        middle = None
    if rng.random() < noisy * 0.4:
        style = rng.randrange(3)
        parts = [first, middle, last] if middle else [first, last]
        full = " ".join(parts)
        out["full_name"] = (full, full.upper(), f"{last.upper()}, {first}")[style]
        codes.append("full_name_only")
    else:
        out.update(first_name=first, middle_names=middle, last_name=last)
    roll = rng.random()
    if roll < noisy * 0.8:
        codes.append("dob_missing")
    elif roll < noisy * 1.4:
        out["age"] = age_on(person.dob, on) + rng.choice((-1, 0, 0, 0, 1))
        codes.append("age_only")
    else:
        out["date_of_birth"] = person.dob.isoformat()
    return out, codes
