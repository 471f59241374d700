"""A mention of a person, normalised once into the features that scoring and blocking read."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from engines.linkage._internal.generic import DEFAULT_GENERIC, GenericValues
from engines.linkage._internal.names import birth_year_range, dob_swapped, parse_age
from engines.linkage._internal.normalise import (
    MAX_INPUT_CHARS,
    name_tokens,
    normalise_date_of_birth,
    normalise_device,
    normalise_email,
    normalise_handle,
    normalise_phone,
    normalise_postcode,
    normalise_vehicle,
)

FIELDS = (
    "first_name",
    "middle_name",
    "last_name",
    "full_name",
    "date_of_birth",
    "age",
    "phone",
    "email",
    "handle",
    "vehicle",
    "device",
    "postcode",
    "street_address",
)
_MULTI = {
    "phone": normalise_phone,
    "email": normalise_email,
    "handle": normalise_handle,
    "vehicle": normalise_vehicle,
    "device": normalise_device,
}


@dataclass(frozen=True, slots=True)
class Issue:
    """An input value that was not used, and why (unparseable, generic, the victim's own)."""

    field: str
    raw: str
    reason: str


@dataclass(frozen=True, slots=True)
class Record:
    """One mention of a person, normalised. Build it with :func:`prepare`."""

    record_id: str
    first: str = ""
    middle: str = ""
    last: str = ""
    dob: str = ""
    dob_swap: str = ""
    byear_min: int | None = None
    byear_max: int | None = None
    phone: tuple[str, ...] = ()
    email: tuple[str, ...] = ()
    handle: tuple[str, ...] = ()
    vehicle: tuple[str, ...] = ()
    device: tuple[str, ...] = ()
    postcode: str = ""
    address: str = ""
    issues: tuple[Issue, ...] = ()

    @property
    def postcode_district(self) -> str:
        """Outward code of a UK postcode (``SW1A``), or ``""``."""
        return self.postcode.split(" ")[0] if " " in self.postcode else ""

    @property
    def postcode_sector(self) -> str:
        """Outward code and the first inward digit (``SW1A 1``), or ``""``."""
        return self.postcode[:-2] if " " in self.postcode else ""


_SPLIT = re.compile(r"[;|]")


def _values(raw: str | Sequence[str] | None) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str):
        # One cell may hold several identifiers separated by ";" or "|".
        if not raw or raw.isspace():
            return []
        return [p.strip() for p in _SPLIT.split(raw) if p.strip()]
    return [str(v).strip() for v in raw if v is not None and str(v).strip()]


def _first(raw: str | Sequence[str] | None) -> str:
    vals = _values(raw) if not isinstance(raw, str) else ([raw] if raw.strip() else [])
    return vals[0] if vals else ""


def _names(fields: Mapping[str, str | Sequence[str] | None]) -> tuple[str, str, str]:
    first = name_tokens(_first(fields.get("first_name")))
    middle = name_tokens(_first(fields.get("middle_name")))
    last = name_tokens(_first(fields.get("last_name")))
    if not first and not last:
        full = name_tokens(_first(fields.get("full_name")))
        if len(full) == 1:
            return "", "", full[0]
        if full:
            first, middle, last = full[:1], full[1:-1], full[-1:]
    # Double-barrelled and multi-token surnames compare as one string.
    return "".join(first[:1]), " ".join(first[1:] + middle), "".join(last)


def _degenerate(value: str) -> bool:
    """True for ``000``, ``aaaa``, ``+447777777777``-like fillers typed to get past a form."""
    chars = re.sub(r"[^a-z0-9]", "", value.lower().removeprefix("+44"))
    return len(set(chars)) < 2


def _identifiers(
    kind: str,
    raw: str | Sequence[str] | None,
    generic: GenericValues,
    own: Collection[str],
    issues: list[Issue],
) -> tuple[str, ...]:
    kept: list[str] = []
    for text in _values(raw):
        reason = generic.phone_reason(text) if kind == "phone" else generic.text_reason(text)
        if reason:
            issues.append(Issue(kind, text[:MAX_INPUT_CHARS], f"generic value: {reason}"))
            continue
        result = _MULTI[kind](text)
        if result.value is not None and _degenerate(result.value):
            issues.append(Issue(kind, text, "one repeated character, not an identifier"))
        elif result.value is None:
            issues.append(Issue(kind, text[:MAX_INPUT_CHARS], result.problem))
        elif kind == "email" and (why := generic.email_reason(result.value)):
            issues.append(Issue(kind, text, f"generic value: {why}"))
        elif kind == "handle" and len(result.value) < 3:
            issues.append(Issue(kind, text, "too short to identify anyone"))
        elif result.value in own:
            issues.append(Issue(kind, text, "the victim's own identifier"))
        elif result.value not in kept:
            kept.append(result.value)
    return tuple(sorted(kept))


def _postcode(raw: str, issues: list[Issue], generic: GenericValues) -> str:
    if not raw.strip():
        return ""
    if reason := generic.text_reason(raw):
        issues.append(Issue("postcode", raw, f"generic value: {reason}"))
        return ""
    result = normalise_postcode(raw)
    if result.value is not None:
        return result.value
    compact = re.sub(r"[^A-Za-z0-9]", "", raw).upper()
    plausible = re.search(r"\d", compact) and not _degenerate(compact)
    if 3 <= len(compact) <= 10 and raw.isascii() and plausible:
        return compact  # a non-UK postcode (FEBRL's Australian ones): exact comparison only
    issues.append(Issue("postcode", raw[:MAX_INPUT_CHARS], result.problem))
    return ""


def _address(raw: str, issues: list[Issue], generic: GenericValues) -> str:
    if not raw or len(raw) > MAX_INPUT_CHARS:
        return ""
    if reason := generic.text_reason(raw):
        issues.append(Issue("street_address", raw, f"generic value: {reason}"))
        return ""
    text = " ".join(re.findall(r"[a-z0-9]+", raw.lower()))
    if len(text) < 4 or not re.search(r"[a-z]{2}", text):
        # "0" or "x" is not an address: it must not carry the weight of one.
        issues.append(Issue("street_address", raw, "too short to be an address"))
        return ""
    return text


def _dob(raw: str, issues: list[Issue], today: date | None) -> str:
    if not raw.strip():
        return ""
    text = raw.strip()
    if re.fullmatch(r"\d{8}", text):  # YYYYMMDD as batch files write it
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    result = normalise_date_of_birth(text, today=today)
    if result.value is None:
        issues.append(Issue("date_of_birth", raw[:MAX_INPUT_CHARS], result.problem))
        return ""
    return result.value


def prepare(
    fields: Mapping[str, str | Sequence[str] | None],
    *,
    record_id: str = "",
    report_date: date | None = None,
    generic: GenericValues = DEFAULT_GENERIC,
    own_identifiers: Collection[str] = (),
) -> Record:
    """Normalise one mention (keys as in :data:`FIELDS`; unknown keys are ignored).

    ``report_date`` turns an ``age`` into a range of birth years. ``own_identifiers`` are the
    victim's own normalised values: when they appear on a suspect they are dropped with an
    issue, never used to link. Nothing raises: unusable values become :class:`Issue` entries.
    """
    issues: list[Issue] = []
    first, middle, last = _names(fields)
    dob = _dob(_first(fields.get("date_of_birth")), issues, report_date)
    age_raw = _first(fields.get("age"))
    age = parse_age(age_raw)
    if age_raw and age is None:
        issues.append(Issue("age", age_raw[:MAX_INPUT_CHARS], "not an age in years"))
    years = birth_year_range(dob, age, report_date)
    multi = {
        kind: _identifiers(kind, fields.get(kind), generic, own_identifiers, issues)
        for kind in _MULTI
    }
    return Record(
        record_id=record_id,
        first=first,
        middle=middle,
        last=last,
        dob=dob,
        dob_swap=dob_swapped(dob),
        byear_min=years[0] if years else None,
        byear_max=years[1] if years else None,
        postcode=_postcode(_first(fields.get("postcode")), issues, generic),
        address=_address(_first(fields.get("street_address")), issues, generic),
        issues=tuple(issues),
        **multi,
    )
