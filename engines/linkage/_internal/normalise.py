"""Identifier normalisers: one canonical form per real-world value.

Each normaliser takes what an officer or a records system wrote and returns a
:class:`Normalised`: the canonical value when the input parses, or ``value=None`` with the
reason when it does not. Nothing is "corrected" into a different value, nothing raises on any
string, and applying a normaliser to its own output gives the same output (idempotence is
property-tested).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

import phonenumbers
from stdnum import imei

MAX_INPUT_CHARS = 256
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class Normalised:
    """The outcome of normalising one written identifier."""

    type: str
    raw: str
    value: str | None
    platform: str = ""
    problem: str = ""

    @property
    def ok(self) -> bool:
        """True when the raw text parsed into a canonical value."""
        return self.value is not None


def _fail(kind: str, raw: str, problem: str, platform: str = "") -> Normalised:
    return Normalised(type=kind, raw=raw, value=None, platform=platform, problem=problem)


def _precheck(kind: str, raw: str) -> Normalised | None:
    if not raw or not raw.strip():
        return _fail(kind, raw, "empty")
    if len(raw) > MAX_INPUT_CHARS:
        return _fail(kind, raw, f"longer than {MAX_INPUT_CHARS} characters")
    if _CONTROL.search(raw):
        return _fail(kind, raw, "contains control characters")
    return None


def _uk_shaped(number: phonenumbers.PhoneNumber) -> bool:
    # phonenumbers accepts short "local only" UK forms as possible; a number that can link
    # reports must be a full one: 9 or 10 national digits, not starting with the trunk 0.
    if number.country_code != 44:
        return True
    national = phonenumbers.national_significant_number(number)
    return len(national) in (9, 10) and not national.startswith("0")


# A full UK number: trunk 0 or +44, then ten national digits not starting with 0; spaces,
# dots and hyphens between digits are punctuation to phonenumbers too.
_UK_PLAIN = re.compile(r"(?:\+44|0)([1-9][0-9]{9})")
_SEPARATORS = str.maketrans("", "", " .-")


def normalise_phone(raw: str) -> Normalised:
    """A telephone number in E.164 (``+447700900123``), UK by default.

    Uses ``is_possible_number`` rather than ``is_valid_number``: the Ofcom ranges reserved for
    drama (07700 900xxx), which synthetic data must use, are "possible" but not "valid".
    """
    if (bad := _precheck("phone", raw)) is not None:
        return bad
    text = raw.strip()
    if not re.fullmatch(r"[+()\d\s.\-/]+", text):
        return _fail("phone", raw, "contains characters that are not part of a phone number")
    if text.startswith("00"):
        text = "+" + text[2:]
    if plain := _UK_PLAIN.fullmatch(text.translate(_SEPARATORS)):
        # Most numbers in a force's records: a full UK number, spaced or not. phonenumbers
        # gives exactly this for every such string (property-tested against it), at a
        # twentieth of the cost; anything else goes the long way.
        return Normalised(type="phone", raw=raw, value="+44" + plain[1])
    return phone_by_library(raw, text)


def phone_by_library(raw: str, text: str) -> Normalised:
    """``text`` (``raw`` trimmed, ``00`` read as ``+``) read by phonenumbers, UK by default."""
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException as exc:
        return _fail("phone", raw, f"not a phone number ({exc._msg})")
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason != phonenumbers.ValidationResult.IS_POSSIBLE or not _uk_shaped(number):
        return _fail("phone", raw, "not a possible phone number (wrong length for its country)")
    value = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return Normalised(type="phone", raw=raw, value=value)


_EMAIL = re.compile(
    r"[a-z0-9!#$%&'*+/=?^_`{|}~.-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)+"
)


def normalise_email(raw: str) -> Normalised:
    """An e-mail address, trimmed and lower-cased (``mailto:`` and angle brackets removed)."""
    if (bad := _precheck("email", raw)) is not None:
        return bad
    text = raw.strip().strip("<>").strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    value = text.lower()
    if not _EMAIL.fullmatch(value) or ".." in value:
        return _fail("email", raw, "not an e-mail address (expected name@domain.tld)")
    return Normalised(type="email", raw=raw, value=value)


# Host (without "www.", "m.", "mobile.") -> canonical platform, and the path shapes that name
# an account on it.
PLATFORM_HOSTS: dict[str, str] = {
    "twitter.com": "x",
    "x.com": "x",
    "instagram.com": "instagram",
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "tiktok.com": "tiktok",
    "snapchat.com": "snapchat",
    "linkedin.com": "linkedin",
    "youtube.com": "youtube",
    "threads.net": "threads",
    "threads.com": "threads",
    "t.me": "telegram",
    "telegram.me": "telegram",
    "reddit.com": "reddit",
    "github.com": "github",
    "onlyfans.com": "onlyfans",
    "pinterest.com": "pinterest",
    "twitch.tv": "twitch",
}
PLATFORM_ALIASES: dict[str, str] = {
    "twitter": "x",
    "x": "x",
    "ig": "instagram",
    "insta": "instagram",
    "fb": "facebook",
    "snap": "snapchat",
    "tg": "telegram",
    **{p: p for p in set(PLATFORM_HOSTS.values())},
    "whatsapp": "whatsapp",
    "discord": "discord",
    "kik": "kik",
}
_PATH_PREFIXES = ("add", "in", "user", "u", "c", "channel", "users")
_HANDLE = re.compile(r"[a-z0-9_.\-]{1,64}")


def canonical_platform(name: str) -> str:
    """The canonical platform code for a platform name (``Twitter`` -> ``x``), or ``""``."""
    return PLATFORM_ALIASES.get(name.strip().lower(), "")


def _handle_from_url(text: str) -> tuple[str, str] | None:
    candidate = text if "://" in text else "https://" + text
    parts = urlsplit(candidate)
    host = (parts.hostname or "").lower()
    for prefix in ("www.", "m.", "mobile.", "vm."):
        host = host.removeprefix(prefix)
    platform = PLATFORM_HOSTS.get(host)
    if platform is None:
        return None
    segments = [s for s in parts.path.split("/") if s]
    while segments and segments[0].lower() in _PATH_PREFIXES:
        segments = segments[1:]
    if platform == "facebook" and parts.query.startswith("id="):
        return platform, parts.query[3:].split("&")[0]
    if not segments:
        return platform, ""
    return platform, segments[0]


def normalise_handle(raw: str, platform: str = "") -> Normalised:
    """A social-media or messaging account: ``(platform, handle)`` from ``@x``, bare or URL forms.

    The value is the lower-cased handle without ``@``; the platform is canonical (``x`` for
    Twitter) or ``""`` when the text does not say which platform.
    """
    if (bad := _precheck("handle", raw)) is not None:
        return bad
    text = raw.strip()
    plat = canonical_platform(platform) if platform else ""
    looks_like_url = "/" in text or re.search(r"\.(com|net|me|tv)\b", text, re.IGNORECASE)
    if looks_like_url and not text.startswith("@"):
        found = _handle_from_url(text)
        if found is None:
            return _fail("handle", raw, "a web address that is not a known social-media profile")
        plat, text = found[0], found[1]
    else:
        prefixed = re.fullmatch(r"([A-Za-z]+)\s*:\s*(.+)", text)
        if prefixed and canonical_platform(prefixed.group(1)):
            plat, text = canonical_platform(prefixed.group(1)), prefixed.group(2)
    value = text.strip().lstrip("@").lower()
    if not _HANDLE.fullmatch(value):
        return _fail("handle", raw, "not an account name (letters, digits, _ . - only)", plat)
    return Normalised(type="handle", raw=raw, value=value, platform=plat)


# DVLA formats: current (AB12CDE), prefix (A123BCD), suffix (ABC123D), dateless (1-4 letters and
# 1-4 digits either way round), Northern Ireland (ABC 1234).
_VRM = re.compile(
    r"[A-Z]{2}\d{2}[A-Z]{3}|[A-Z]\d{1,3}[A-Z]{3}|[A-Z]{3}\d{1,3}[A-Z]|"
    r"[A-Z]{1,3}\d{1,4}|\d{1,4}[A-Z]{1,3}|[A-Z]{1,3}\d{1,4}[A-Z]?"
)


def normalise_vehicle(raw: str) -> Normalised:
    """A vehicle registration mark, upper-case without spaces (``ab12 cde`` -> ``AB12CDE``)."""
    if (bad := _precheck("vehicle", raw)) is not None:
        return bad
    value = re.sub(r"[\s\-]", "", raw).upper()
    if not _VRM.fullmatch(value):
        return _fail("vehicle", raw, "not a UK registration mark")
    return Normalised(type="vehicle", raw=raw, value=value)


_POSTCODE = re.compile(r"([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})")


def normalise_postcode(raw: str) -> Normalised:
    """A UK postcode, upper-case, one space before the inward code (``sw1a1aa`` -> ``SW1A 1AA``)."""
    if (bad := _precheck("postcode", raw)) is not None:
        return bad
    compact = re.sub(r"\s", "", raw).upper()
    match = _POSTCODE.fullmatch(compact)
    if compact == "GIR0AA":
        return Normalised(type="postcode", raw=raw, value="GIR 0AA")
    if not match:
        return _fail("postcode", raw, "not a UK postcode")
    return Normalised(type="postcode", raw=raw, value=f"{match.group(1)} {match.group(2)}")


def normalise_device(raw: str) -> Normalised:
    """A device identifier: an IMEI (15 digits, Luhn-checked) or another id, upper-case."""
    if (bad := _precheck("device", raw)) is not None:
        return bad
    compact = re.sub(r"[\s\-/]", "", raw)
    if compact.isdigit() and len(compact) in (14, 15, 16):
        if len(compact) == 15 and not imei.is_valid(compact):
            return _fail("device", raw, "IMEI check digit does not match")
        return Normalised(type="device", raw=raw, value=compact)
    if re.fullmatch(r"[A-Za-z0-9:]{6,64}", compact):
        return Normalised(type="device", raw=raw, value=compact.upper())
    return _fail("device", raw, "not a device identifier (IMEI or serial)")


_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}


def _dob_parts(text: str) -> tuple[int, int, int] | None:
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        return int(m.group(1)), int(m.group(2)), int(m.group(3))
    if m := re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", text):
        return int(m.group(3)), int(m.group(2)), int(m.group(1))  # UK order: day first
    if m := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})", text.lower()):
        month = _MONTHS.get(m.group(2))
        return (int(m.group(3)), month, int(m.group(1))) if month else None
    return None


def normalise_date_of_birth(raw: str, *, today: date | None = None) -> Normalised:
    """A date of birth as an ISO date, read day-first as the UK writes it (``03/12/1990``)."""
    if (bad := _precheck("date_of_birth", raw)) is not None:
        return bad
    parts = _dob_parts(raw.strip())
    if parts is None:
        return _fail("date_of_birth", raw, "not a date (expected YYYY-MM-DD or DD/MM/YYYY)")
    try:
        value = date(*parts)
    except ValueError:
        return _fail("date_of_birth", raw, "no such calendar date")
    if value > (today or date.today()):
        return _fail("date_of_birth", raw, "in the future")
    if value.year < 1900:
        return _fail("date_of_birth", raw, "before 1900")
    return Normalised(type="date_of_birth", raw=raw, value=value.isoformat())


_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lord", "lady", "rev"}


def name_tokens(raw: str) -> list[str]:
    """A name as lower-case ASCII tokens without titles or punctuation.

    ``"Dr. Seán O'Brien-Smith"`` -> ``["sean", "obrien", "smith"]``. ``"Smith, John"`` is read
    as surname first.
    """
    if not raw or len(raw) > MAX_INPUT_CHARS:
        return []
    text = unicodedata.normalize("NFKD", raw)
    text = "".join(c for c in text if not unicodedata.combining(c))
    surname_first = "," in text
    text = text.lower().replace("'", "").replace("’", "")
    tokens = [t for t in re.split(r"[^a-z]+", text) if t and t not in _TITLES]
    if surname_first and len(tokens) > 1:
        head, *rest = re.split(r",", text, maxsplit=1)
        first = [t for t in re.split(r"[^a-z]+", rest[0]) if t and t not in _TITLES]
        last = [t for t in re.split(r"[^a-z]+", head) if t and t not in _TITLES]
        tokens = first + last
    return tokens


def normalise_name(raw: str) -> Normalised:
    """A name as written, reduced to space-joined lower-case ASCII tokens for comparison."""
    if (bad := _precheck("name", raw)) is not None:
        return bad
    tokens = name_tokens(raw)
    if not tokens:
        return _fail("name", raw, "no letters in the name")
    return Normalised(type="name", raw=raw, value=" ".join(tokens))


NORMALISERS = {
    "phone": normalise_phone,
    "email": normalise_email,
    "vehicle": normalise_vehicle,
    "postcode": normalise_postcode,
    "device": normalise_device,
    "date_of_birth": normalise_date_of_birth,
    "name": normalise_name,
}


def normalise(kind: str, raw: str, *, platform: str = "") -> Normalised:
    """Normalise ``raw`` as an identifier of type ``kind`` (a taxonomy identifier type)."""
    if kind == "handle":
        return normalise_handle(raw, platform)
    normaliser = NORMALISERS.get(kind)
    if normaliser is None:
        return _fail(kind, raw, f"unknown identifier type {kind!r}")
    return normaliser(raw)


def search_keys(query: str) -> list[Normalised]:
    """Every identifier reading of a search box entry (``07700 900123`` -> a phone in E.164).

    The search box does not know what was typed, so each normaliser that accepts the text
    offers a key; names are left to name search.
    """
    found = []
    for kind in ("phone", "email", "handle", "vehicle", "postcode", "device"):
        result = normalise(kind, query)
        if result.ok:
            found.append(result)
    return found
