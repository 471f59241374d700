"""Identifiers in free text: phones, e-mails (also "name at domain dot com"), handles with their
platform, vehicle registrations and postcodes, each normalised by ``engines.linkage``.

Phones follow DESIGN.md §7: a UK-shaped pattern checked by phonenumbers at POSSIBLE (drama numbers
are never "valid"), plus context filters, so collar numbers, years, ``12/03``, crime references
(``CRI/12345/26``, ``42/123456/26``) and times are not taken for phones.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from engines.linkage import (
    Normalised,
    canonical_platform,
    normalise_email,
    normalise_handle,
    normalise_phone,
    normalise_postcode,
    normalise_vehicle,
)
from engines.narrative._internal.model import Identifier

_PHONE = re.compile(
    r"(?<![\w/.+\-])(?:(?:\+|00)44\s?(?:\(0\)\s?)?|\(?0)(?:\d\)?[ \-.]?){8,9}\d(?![\w/]|[.\-/]\d)"
)
# A number written right after one of these is a reference, not a phone.
_NOT_PHONE_BEFORE = re.compile(
    r"\b(?:pc|dc|ds|ps|sgt|di|insp|collar|ref|reference|crime|cri|cad|log|incident|occurrence|"
    r"urn|case|badge|warrant|job|exhibit|account|sort code|serial|imei)"
    r"\s*(?:number|no\.?|num|#)?\s*[:.]?\s*$",
    re.IGNORECASE,
)
_EMAIL = re.compile(
    r"(?<![\w.+\-])[a-z0-9._%+\-]{1,64}@[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?"
    r"(?:\.[a-z0-9\-]{1,63}){0,4}\.[a-z]{2,24}(?![\w@])",
    re.IGNORECASE,
)
_OBFUSCATED_EMAIL = re.compile(
    r"(?<![\w.])([a-z0-9._%+\-]{1,64}) ?(\[at\]|\(at\)|\{at\}| at ) ?"
    r"([a-z0-9\-]{1,63}(?: ?(?:\.|\[dot\]|\(dot\)|\{dot\}| dot ) ?[a-z0-9\-]{1,63}){1,4})(?![\w])",
    re.IGNORECASE,
)
_DOT = re.compile(r" ?(?:\[dot\]|\(dot\)|\{dot\}| dot |\.) ?", re.IGNORECASE)
_TLDS = frozenset(
    [
        "com",
        "org",
        "net",
        "uk",
        "co",
        "io",
        "gov",
        "ac",
        "info",
        "me",
        "biz",
        "edu",
        "eu",
        "ie",
        "de",
        "fr",
        "us",
        "nhs",
        "police",
        "sch",
    ]
)
_URL = re.compile(
    r"(?<![\w.@/])(?:https?://)?(?:www\.|m\.|mobile\.|vm\.)?"
    r"(?:twitter\.com|x\.com|instagram\.com|facebook\.com|fb\.com|tiktok\.com|snapchat\.com|"
    r"linkedin\.com|youtube\.com|threads\.net|threads\.com|t\.me|telegram\.me|reddit\.com|"
    r"github\.com|onlyfans\.com|pinterest\.com|twitch\.tv)/[^\s<>\"'()\[\]]{1,200}",
    re.IGNORECASE,
)
_AT_HANDLE = re.compile(r"(?<![\w@.])@([a-z0-9_](?:[a-z0-9_.]{0,28}[a-z0-9_])?)(?![\w@])", re.I)
_PLATFORM_WORDS = (
    r"instagram|insta|ig|snapchat|snap|tiktok|twitter|x|facebook|fb|telegram|kik|discord|"
    r"whatsapp|threads|youtube|twitch|reddit|linkedin"
)
_PLATFORM = re.compile(rf"\b({_PLATFORM_WORDS})\b", re.IGNORECASE)
_NAMED_HANDLE = re.compile(
    rf"\b({_PLATFORM_WORDS})\s+(?:account|handle|username|user name|user|name|profile|id)"
    r"\s*(?:is|was|:|-|called|named)?\s*@?([a-z0-9_](?:[a-z0-9_.]{0,28}[a-z0-9_])?)(?![\w@])",
    re.IGNORECASE,
)
_NOT_HANDLES = frozenset(
    [
        "private",
        "deleted",
        "blocked",
        "gone",
        "fake",
        "new",
        "public",
        "the",
        "a",
        "an",
        "his",
        "her",
        "my",
    ]
)
_VRM_CURRENT = re.compile(r"(?<![\w\-/])([a-z]{2}\d{2}) ?([a-z]{3})(?![\w\-])", re.IGNORECASE)
_VRM_OLD = re.compile(r"(?<![\w\-/])(?:[A-Z]\d{1,3} ?[A-Z]{3}|[A-Z]{3} ?\d{1,3}[A-Z])(?![\w\-])")
_POSTCODE = re.compile(
    r"(?<![\w\-/])([a-z]{1,2}\d[a-z\d]?) ?(\d[abd-hjlnp-uw-z]{2})(?![\w\-])", re.IGNORECASE
)
_AREAS = frozenset(
    [
        "AB",
        "AL",
        "B",
        "BA",
        "BB",
        "BD",
        "BH",
        "BL",
        "BN",
        "BR",
        "BS",
        "BT",
        "CA",
        "CB",
        "CF",
        "CH",
        "CM",
        "CO",
        "CR",
        "CT",
        "CV",
        "CW",
        "DA",
        "DD",
        "DE",
        "DG",
        "DH",
        "DL",
        "DN",
        "DT",
        "DY",
        "E",
        "EC",
        "EH",
        "EN",
        "EX",
        "FK",
        "FY",
        "G",
        "GL",
        "GU",
        "GY",
        "HA",
        "HD",
        "HG",
        "HP",
        "HR",
        "HS",
        "HU",
        "HX",
        "IG",
        "IM",
        "IP",
        "IV",
        "JE",
        "KA",
        "KT",
        "KW",
        "KY",
        "L",
        "LA",
        "LD",
        "LE",
        "LL",
        "LN",
        "LS",
        "LU",
        "M",
        "ME",
        "MK",
        "ML",
        "N",
        "NE",
        "NG",
        "NN",
        "NP",
        "NR",
        "NW",
        "OL",
        "OX",
        "PA",
        "PE",
        "PH",
        "PL",
        "PO",
        "PR",
        "RG",
        "RH",
        "RM",
        "S",
        "SA",
        "SE",
        "SG",
        "SK",
        "SL",
        "SM",
        "SN",
        "SO",
        "SP",
        "SR",
        "SS",
        "ST",
        "SW",
        "SY",
        "TA",
        "TD",
        "TF",
        "TN",
        "TQ",
        "TR",
        "TS",
        "TW",
        "UB",
        "W",
        "WA",
        "WC",
        "WD",
        "WF",
        "WN",
        "WR",
        "WS",
        "WV",
        "YO",
        "ZE",
    ]
)


def _make(norm: Normalised, start: int, end: int, text: str) -> Identifier | None:
    if not norm.ok or norm.value is None:
        return None
    return Identifier(norm.type, text[start:end], norm.value, start, end, norm.platform)


def _phones(text: str) -> Iterator[Identifier]:
    for m in _PHONE.finditer(text):
        if _NOT_PHONE_BEFORE.search(text, max(0, m.start() - 30), m.start()):
            continue
        found = _make(normalise_phone(m.group()), m.start(), m.end(), text)
        if found is not None:
            yield found


def _emails(text: str) -> Iterator[Identifier]:
    for m in _EMAIL.finditer(text):
        found = _make(normalise_email(m.group()), m.start(), m.end(), text)
        if found is not None:
            yield found
    for m in _OBFUSCATED_EMAIL.finditer(text):
        local, at, domain = m.group(1), m.group(2), m.group(3)
        labels = [part for part in _DOT.split(domain) if part]
        obfuscated = at.strip() != "at" or re.search(r"dot", domain, re.IGNORECASE) is not None
        if not (obfuscated or re.search(r"[._\d]", local)) or labels[-1].lower() not in _TLDS:
            continue
        candidate = f"{local}@{'.'.join(labels)}"
        found = _make(normalise_email(candidate), m.start(), m.end(), text)
        if found is not None:
            yield found


def _nearest_platform(text: str, start: int, end: int) -> str:
    best, distance = "", 10**9
    for m in _PLATFORM.finditer(text, max(0, start - 60), min(len(text), end + 40)):
        if m.group().lower() == "x" and text[m.start() : m.end()] != "X":
            continue  # a lower-case "x" is rarely the platform
        gap = start - m.end() if m.end() <= start else m.start() - end
        if 0 <= gap < distance:
            best, distance = canonical_platform(m.group()), gap
    return best


def _handles(text: str) -> Iterator[Identifier]:
    for m in _URL.finditer(text):
        raw_end = m.end() - (len(m.group()) - len(m.group().rstrip(".,;:!?")))
        found = _make(normalise_handle(text[m.start() : raw_end]), m.start(), raw_end, text)
        if found is not None and found.value:
            yield found
    for m in _AT_HANDLE.finditer(text):
        platform = _nearest_platform(text, m.start(), m.end())
        found = _make(normalise_handle(m.group(), platform), m.start(), m.end(), text)
        if found is not None:
            yield found
    for m in _NAMED_HANDLE.finditer(text):
        if m.group(2).lower() in _NOT_HANDLES:
            continue
        norm = normalise_handle(m.group(2), m.group(1))
        found = _make(norm, m.start(2), m.end(2), text)
        if found is not None:
            yield found


def _vehicles(text: str) -> Iterator[Identifier]:
    for m in _VRM_CURRENT.finditer(text):
        age = int(m.group(1)[2:])
        if not (2 <= age <= 29 or 51 <= age <= 79) or re.search(r"[iqIQ]", m.group(2)):
            continue
        if m.group(1)[0].upper() in "IQZ":
            continue
        found = _make(normalise_vehicle(m.group()), m.start(), m.end(), text)
        if found is not None:
            yield found
    for m in _VRM_OLD.finditer(text):
        found = _make(normalise_vehicle(m.group()), m.start(), m.end(), text)
        if found is not None:
            yield found


def _postcodes(text: str) -> Iterator[Identifier]:
    for m in _POSTCODE.finditer(text):
        area = re.match(r"[A-Z]+", m.group(1).upper())
        if area is None or area.group() not in _AREAS:
            continue
        if re.fullmatch(r"\d(?:st|nd|rd|th)", m.group(2), re.IGNORECASE):
            continue
        found = _make(normalise_postcode(m.group()), m.start(), m.end(), text)
        if found is not None:
            yield found


# Order matters: an earlier extractor's span wins over a later overlapping one.
_EXTRACTORS: tuple[Callable[[str], Iterator[Identifier]], ...] = (
    _emails,
    _handles,
    _phones,
    _postcodes,
    _vehicles,
)


def extract(text: str) -> list[Identifier]:
    """Every identifier in ``text``, in text order, without overlaps."""
    taken: list[Identifier] = []
    for extractor in _EXTRACTORS:
        for found in extractor(text):
            if all(found.end <= t.start or found.start >= t.end for t in taken):
                taken.append(found)
    return sorted(taken, key=lambda i: (i.start, i.end))
