"""Name and date-of-birth features: nicknames, phonetic keys, initials, ages.

Everything here is a pure function of its inputs and is cached where the input space is small
(first names), because the online path calls it for every candidate.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

import jellyfish
from nicknames import NickNamer
from rapidfuzz.distance import JaroWinkler

_NAMER = NickNamer()


@lru_cache(maxsize=65536)
def nickname_group(first: str) -> frozenset[str]:
    """The name itself, its nicknames and the formal names it is a nickname of (``bill`` ->
    ``william``, ``will``, ...). Lower-case ASCII in, lower-case ASCII out."""
    if not first:
        return frozenset()
    group = {first}
    group |= _NAMER.nicknames_of(first)
    group |= _NAMER.canonicals_of(first)
    return frozenset(g for g in group if g.isascii())


def are_nicknames(a: str, b: str) -> bool:
    """True when one first name is a recorded nickname of the other (``Bill`` / ``William``)."""
    if not a or not b or a == b:
        return False
    return b in nickname_group(a) or a in nickname_group(b)


@lru_cache(maxsize=262144)
def metaphone(token: str) -> str:
    """Metaphone key of one lower-case token (``""`` for empty)."""
    return jellyfish.metaphone(token) if token else ""


@lru_cache(maxsize=262144)
def soundex(token: str) -> str:
    """Soundex key of one lower-case token (``""`` for empty)."""
    return jellyfish.soundex(token) if token else ""


@lru_cache(maxsize=262144)
def nysiis(token: str) -> str:
    """NYSIIS key of one lower-case token (``""`` for empty)."""
    return jellyfish.nysiis(token) if token else ""


def jaro_winkler(a: str, b: str) -> float:
    """Jaro-Winkler similarity in [0, 1] (prefix weight 0.1, as DuckDB computes it)."""
    if not a or not b:
        return 0.0
    return float(JaroWinkler.similarity(a, b))


def is_initial_of(a: str, b: str) -> bool:
    """True when one side is a bare initial of the other (``j`` / ``john``)."""
    if not a or not b:
        return False
    return (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def dob_swapped(iso: str) -> str:
    """The ISO date with day and month exchanged, or ``""`` when that is not a date or the same."""
    m = _ISO.fullmatch(iso)
    if not m:
        return ""
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if month == day or day > 12:
        return ""
    return f"{year:04d}-{day:02d}-{month:02d}"


# A written age is often an estimate ("about 30", the suspect's age as the victim believes it)
# or a year stale: it is trusted to within this many years either way.
AGE_SLACK_YEARS = 1


def birth_year_range(dob_iso: str, age: int | None, on: date | None) -> tuple[int, int] | None:
    """The possible years of birth: one year from a date of birth; from an age on a date, the
    two years it allows widened by :data:`AGE_SLACK_YEARS` on each side.

    Someone aged 30 on 2026-05-01 was born between 1995-05-02 and 1996-05-01, so in 1995 or
    1996; written down as 30 they may be 29 or 31, so 1994 to 1997.
    """
    if dob_iso and (m := _ISO.fullmatch(dob_iso)):
        year = int(m.group(1))
        return year, year
    if age is not None and on is not None and 0 <= age <= 130:
        return on.year - age - 1 - AGE_SLACK_YEARS, on.year - age + AGE_SLACK_YEARS
    return None


@lru_cache(maxsize=65536)
def nickname_canonicals(first: str) -> tuple[str, ...]:
    """The formal names a first name stands for, itself included when it is one (``jimmy`` ->
    ``("james",)``; ``james`` -> ``("james",)``), at most four; ``()`` for names the nickname
    list does not know. Nickname and formal name share a blocking key through these."""
    if not first or len(first) < 2:
        return ()
    found = set(_NAMER.canonicals_of(first))
    if _NAMER.nicknames_of(first):
        found.add(first)
    return tuple(sorted(g for g in found if g.isascii())[:4])


def parse_age(raw: str) -> int | None:
    """An age in whole years from text such as ``34``, ``34 yrs`` or ``aged 34``; else None."""
    if not raw or len(raw) > 32:
        return None
    m = re.fullmatch(r"\s*(?:aged?\s*)?(\d{1,3})\s*(?:y|yrs?|years?(?:\s*old)?)?\s*", raw.lower())
    if not m:
        return None
    age = int(m.group(1))
    return age if age <= 130 else None
