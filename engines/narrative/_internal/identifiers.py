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
from engines.narrative._internal.text import lower_same_length

# Every pattern runs on the lower-cased text (same offsets) without IGNORECASE and most open with
# a look-ahead on the first character: both keep Python's re engine fast on long narratives.
_PHONE = re.compile(
    r"(?=[+0(])(?<![\w/.+\-])(?:(?:\+|00)44\s?(?:\(0\)\s?)?|\(?0)"
    r"(?:\d\)?[ \-.]?){8,9}\d(?![\w/:]|[.\-/:]\d)"
)
# A number written right after one of these is a reference, not a phone.
_NOT_PHONE_BEFORE = re.compile(
    r"\b(?:pc|dc|ds|ps|sgt|di|insp|collar|ref|reference|crime|cri|cad|log|incident|occurrence|"
    r"urn|case|badge|warrant|job|exhibit|account|sort code|serial|imei)"
    r"\s*(?:number|no\.?|num|#)?\s*[:.]?\s*$"
)
_EMAIL = re.compile(
    r"[a-z0-9._%+\-]{1,64}@[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?"
    r"(?:\.[a-z0-9\-]{1,63}){0,4}\.[a-z]{2,24}(?![\w@])"
)
_LOCAL_PART = re.compile(r"(?<![\w.])[a-z0-9._%+\-]{1,64}$")
_AT_MARK = re.compile(r"(?=[a\[({])(?:\[at\]|\(at\)|\{at\}|(?<= )at(?= ))")
_OBFUSCATED_DOMAIN = re.compile(
    r"[a-z0-9\-]{1,63}(?: ?(?:\.|\[dot\]|\(dot\)|\{dot\}| dot ) ?[a-z0-9\-]{1,63}){1,4}(?![\w])"
)
_DOT = re.compile(r" ?(?:\[dot\]|\(dot\)|\{dot\}| dot |\.) ?")
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
    r"(?=[htwxifylm])(?<![\w.@/])(?:https?://)?(?:www\.|m\.|mobile\.|vm\.)?"
    r"(?:twitter\.com|x\.com|instagram\.com|facebook\.com|fb\.com|tiktok\.com|snapchat\.com|"
    r"linkedin\.com|youtube\.com|threads\.net|threads\.com|t\.me|telegram\.me|reddit\.com|"
    r"github\.com|onlyfans\.com|pinterest\.com|twitch\.tv)/[^\s<>\"'()\[\]]{1,200}"
)
_URL_HOSTS = (
    "twitter.",
    "x.com",
    "instagram.",
    "facebook.",
    "fb.com",
    "tiktok.",
    "snapchat.",
    "linkedin.",
    "youtube.",
    "threads.",
    "t.me",
    "telegram.",
    "reddit.",
    "github.",
    "onlyfans.",
    "pinterest.",
    "twitch.",
)
_AT_HANDLE = re.compile(r"(?<![\w@.])@([a-z0-9_](?:[a-z0-9_.]{0,28}[a-z0-9_])?)(?![\w@])")
_PLATFORM_WORDS = (
    r"instagram|insta|ig|snapchat|snap|tiktok|twitter|x|facebook|fb|telegram|kik|discord|"
    r"whatsapp|threads|youtube|twitch|reddit|linkedin"
)
_PLATFORM = re.compile(rf"\b({_PLATFORM_WORDS})\b")
_PLATFORM_STEMS = (
    "insta",
    "ig ",
    "snap",
    "tiktok",
    "twitter",
    "facebook",
    "fb",
    "telegram",
    "kik",
    "discord",
    "whatsapp",
    "threads",
    "youtube",
    "twitch",
    "reddit",
    "linkedin",
    "x ",
)
_NAMED_HANDLE = re.compile(
    rf"\b({_PLATFORM_WORDS})\s+(?:account|handle|username|user name|user|name|profile|id)"
    r"\s*(?:is|was|:|-|called|named)?\s*@?([a-z0-9_](?:[a-z0-9_.]{0,28}[a-z0-9_])?)(?![\w@])"
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
# Current-format marks and postcodes are found from their digits (a fast anchor) and then
# extended back over the letters before them.
_VRM_CURRENT = re.compile(r"(?=\d)(?<=[a-z][a-z])(\d{2}) ?([a-z]{3})(?![\w\-])")
# Older formats only in capitals (run on the original text): in lower case they are words.
_VRM_OLD = re.compile(
    r"(?=[A-Z])(?<![\w\-/])(?:[A-Z]\d{1,3} ?[A-Z]{3}|[A-Z]{3} ?\d{1,3}[A-Z])(?![\w\-])"
)
_POSTCODE = re.compile(r"(?=\d)(?<=[a-z])(\d[a-z\d]?) ?(\d[abd-hjlnp-uw-z]{2})(?![\w\-])")
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


def _phones(text: str, low: str) -> Iterator[Identifier]:
    for m in _PHONE.finditer(low):
        if _NOT_PHONE_BEFORE.search(low, max(0, m.start() - 30), m.start()):
            continue
        found = _make(normalise_phone(text[m.start() : m.end()]), m.start(), m.end(), text)
        if found is not None:
            yield found


def _obfuscated_emails(text: str, low: str) -> Iterator[Identifier]:
    for at in _AT_MARK.finditer(low):
        local_end = at.start() - 1 if low[at.start() - 1 : at.start()] == " " else at.start()
        domain_start = at.end() + 1 if low[at.end() : at.end() + 1] == " " else at.end()
        local = _LOCAL_PART.search(low, max(0, local_end - 64), local_end)
        domain = _OBFUSCATED_DOMAIN.match(low, domain_start)
        if local is None or domain is None:
            continue
        labels = [part for part in _DOT.split(domain.group()) if part]
        obfuscated = at.group().strip() != "at" or "dot" in domain.group()
        if not (obfuscated or re.search(r"[._\d]", local.group())) or labels[-1] not in _TLDS:
            continue
        candidate = f"{local.group()}@{'.'.join(labels)}"
        found = _make(normalise_email(candidate), local.start(), domain.end(), text)
        if found is not None:
            yield found


def _emails(text: str, low: str) -> Iterator[Identifier]:
    if "@" in low:
        for m in _EMAIL.finditer(low):
            if m.start() > 0 and re.match(r"[\w.+\-]", low[m.start() - 1]):
                continue
            found = _make(normalise_email(m.group()), m.start(), m.end(), text)
            if found is not None:
                yield found
    if " at " in low or "[at]" in low or "(at)" in low or "{at}" in low:
        yield from _obfuscated_emails(text, low)


def _nearest_platform(text: str, low: str, start: int, end: int) -> str:
    best, distance = "", 10**9
    for m in _PLATFORM.finditer(low, max(0, start - 60), min(len(low), end + 40)):
        if m.group() == "x" and text[m.start() : m.end()] != "X":
            continue  # a lower-case "x" is rarely the platform
        gap = start - m.end() if m.end() <= start else m.start() - end
        if 0 <= gap < distance:
            best, distance = canonical_platform(m.group()), gap
    return best


def _url_handles(text: str, low: str) -> Iterator[Identifier]:
    for m in _URL.finditer(low):
        end = m.end() - (len(m.group()) - len(m.group().rstrip(".,;:!?")))
        found = _make(normalise_handle(text[m.start() : end]), m.start(), end, text)
        if found is not None and found.value:
            yield found


def _handles(text: str, low: str) -> Iterator[Identifier]:
    if "/" in low and any(host in low for host in _URL_HOSTS):
        yield from _url_handles(text, low)
    if "@" in low:
        for m in _AT_HANDLE.finditer(low):
            platform = _nearest_platform(text, low, m.start(), m.end())
            found = _make(normalise_handle(m.group(), platform), m.start(), m.end(), text)
            if found is not None:
                yield found
    if not any(stem in low for stem in _PLATFORM_STEMS):
        return
    for m in _NAMED_HANDLE.finditer(low):
        if m.group(2) in _NOT_HANDLES:
            continue
        found = _make(normalise_handle(m.group(2), m.group(1)), m.start(2), m.end(2), text)
        if found is not None:
            yield found


def _letters_before(low: str, position: int, most: int) -> int:
    """Start of the run of 1..``most`` letters ending at ``position`` that opens a word, or -1."""
    start = position
    while start > 0 and position - start < most and "a" <= low[start - 1] <= "z":
        start -= 1
    if start == position or (start > 0 and (low[start - 1].isalnum() or low[start - 1] in "_-/")):
        return -1
    return start


def _vehicles(text: str, low: str) -> Iterator[Identifier]:
    for m in _VRM_CURRENT.finditer(low):
        start = _letters_before(low, m.start(), 2)
        age = int(m.group(1))
        if start != m.start() - 2 or low[start] in "iqz" or re.search(r"[iq]", m.group(2)):
            continue
        if not (2 <= age <= 29 or 51 <= age <= 79):
            continue
        found = _make(normalise_vehicle(low[start : m.end()]), start, m.end(), text)
        if found is not None:
            yield found
    for m in _VRM_OLD.finditer(text):
        found = _make(normalise_vehicle(m.group()), m.start(), m.end(), text)
        if found is not None:
            yield found


def _postcodes(text: str, low: str) -> Iterator[Identifier]:
    for m in _POSTCODE.finditer(low):
        start = _letters_before(low, m.start(), 2)
        if start < 0 or low[start : m.start()].upper() not in _AREAS:
            continue
        if re.fullmatch(r"\d(?:st|nd|rd|th)", m.group(2)):
            continue
        found = _make(normalise_postcode(low[start : m.end()]), start, m.end(), text)
        if found is not None:
            yield found


# Order matters: an earlier extractor's span wins over a later overlapping one.
_EXTRACTORS: tuple[Callable[[str, str], Iterator[Identifier]], ...] = (
    _emails,
    _handles,
    _phones,
    _postcodes,
    _vehicles,
)


def extract(text: str) -> list[Identifier]:
    """Every identifier in ``text``, in text order, without overlaps."""
    low = lower_same_length(text)
    taken: list[Identifier] = []
    for extractor in _EXTRACTORS:
        for found in extractor(text, low):
            if all(found.end <= t.start or found.start >= t.end for t in taken):
                taken.append(found)
    return sorted(taken, key=lambda i: (i.start, i.end))
