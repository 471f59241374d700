"""Which comparison level a pair of records reaches on each field.

Each test here has a SQL twin in ``splink_bridge.level_sql``: keep them in step (the
batch/online agreement test catches drift).
"""

from __future__ import annotations

from collections.abc import Callable

from engines.linkage._internal.model import Level
from engines.linkage._internal.names import are_nicknames, is_initial_of, jaro_winkler, metaphone
from engines.linkage._internal.record import Record

MULTI_FIELDS = ("phone", "email", "handle", "vehicle", "device")


def _name_level(kind: str, a: str, b: str, lv: Level, left: Record, right: Record) -> bool:
    if kind == "exact":
        return a == b
    if kind == "transposed":
        return bool(left.first) and left.first == right.last and left.last == right.first
    if kind == "transposed_jw":
        # Transposed, and a typo on either crossed name ("samuel kontopoulos" / "kontopoylos
        # samuel"): both crossed pairs at least this similar.
        limit = lv.threshold or 1.0
        return (
            jaro_winkler(left.first, right.last) >= limit
            and jaro_winkler(left.last, right.first) >= limit
        )
    if kind == "nickname":
        return are_nicknames(a, b)
    if kind == "tokens":
        return token_overlap(a, b) >= (lv.threshold or 1.0)
    if kind == "jw":
        return jaro_winkler(a, b) >= (lv.threshold or 1.0)
    if kind == "phonetic":
        return metaphone(a) == metaphone(b) != ""
    if kind == "initial":
        return is_initial_of(a, b)
    return kind == "else"


def token_overlap(a: str, b: str) -> float:
    """Shared words over the shorter side's distinct words (an address with a building name
    added, or its words reordered, still overlaps where Jaro-Winkler does not)."""
    ta, tb = set(a.split(" ")), set(b.split(" "))
    return len(ta & tb) / min(len(ta), len(tb)) if ta and tb else 0.0


def _dob_level(kind: str, left: Record, right: Record) -> bool:
    if kind == "exact":
        return bool(left.dob) and left.dob == right.dob
    if kind == "swap":
        return bool(left.dob_swap) and left.dob_swap == right.dob
    if kind == "year_month":
        return bool(left.dob) and bool(right.dob) and left.dob[:7] == right.dob[:7]
    if kind == "age_compatible":
        if left.byear_min is None or right.byear_min is None:
            return False
        if left.byear_max is None or right.byear_max is None:
            return False
        return left.byear_min <= right.byear_max and right.byear_min <= left.byear_max
    return kind == "else"


def _postcode_level(kind: str, left: Record, right: Record) -> bool:
    if kind == "exact":
        return left.postcode == right.postcode
    if kind == "sector":
        return left.postcode_sector != "" and left.postcode_sector == right.postcode_sector
    if kind == "district":
        return left.postcode_district != "" and left.postcode_district == right.postcode_district
    return kind == "else"


def _text(field: str, rec: Record) -> str:
    if field == "first_name":
        return rec.first
    if field == "last_name":
        return rec.last
    if field == "street_address":
        return rec.address
    if field == "postcode":
        return rec.postcode
    return rec.dob


def values(field: str, rec: Record) -> str:
    """The record's value(s) for a field as display text (``""`` when missing)."""
    if field in MULTI_FIELDS:
        return "; ".join(getattr(rec, field))
    if field == "date_of_birth" and not rec.dob and rec.byear_min is not None:
        return f"born {rec.byear_min}-{rec.byear_max} (from age)"
    return _text(field, rec)


def is_missing(field: str, left: Record, right: Record) -> bool:
    """True when either side lacks the field (the null level: no evidence either way)."""
    if field in MULTI_FIELDS:
        return not getattr(left, field) or not getattr(right, field)
    if field == "date_of_birth":
        return left.byear_min is None or right.byear_min is None
    return not _text(field, left) or not _text(field, right)


def level_index(field: str, levels: tuple[Level, ...], left: Record, right: Record) -> int:
    """Index of the first level the pair reaches, or -1 for the null level (missing)."""
    if is_missing(field, left, right):
        return -1
    test: Callable[[Level], bool]
    if field in ("first_name", "last_name", "street_address"):
        a, b = _text(field, left), _text(field, right)

        def test(lv: Level) -> bool:
            return _name_level(lv.kind, a, b, lv, left, right)

    elif field == "date_of_birth":

        def test(lv: Level) -> bool:
            return _dob_level(lv.kind, left, right)

    elif field == "postcode":

        def test(lv: Level) -> bool:
            return _postcode_level(lv.kind, left, right)

    else:
        shared = set(getattr(left, field)) & set(getattr(right, field))

        def test(lv: Level) -> bool:
            return bool(shared) if lv.kind == "exact" else lv.kind == "else"

    for i, lv in enumerate(levels):
        if test(lv):
            return i
    return len(levels) - 1
