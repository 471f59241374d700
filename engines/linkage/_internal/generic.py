"""Generic identifier values that must never link two people.

A call to 999, a text to Childline or the force switchboard on a phone bill says nothing about
who someone is, yet such numbers turn up in thousands of reports. They are listed here as data
(versioned, JSON-serialisable); values seen across implausibly many distinct people are
suppressed automatically at retrieval time (see ``blocking.find_candidates``), and the victim's
own identifiers are dropped from a suspect's record by ``prepare(..., own_identifiers=...)``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

GENERIC_VERSION = "generic-2026.2"

# Numbers as dialled in the UK, digits only. Public helplines and service numbers.
DEFAULT_GENERIC_PHONES: dict[str, str] = {
    "999": "emergency services",
    "112": "emergency services",
    "101": "police non-emergency",
    "111": "NHS 111",
    "116123": "Samaritans",
    "08001111": "Childline",
    "08088020300": "National Stalking Helpline",
    "08082000247": "National Domestic Abuse Helpline",
    "0800555111": "Crimestoppers",
    "08081689111": "Victim Support",
    "08009995428": "Galop LGBT+ domestic abuse helpline",
    "08088010327": "Men's Advice Line",
    "02072301212": "Metropolitan Police switchboard",
}
# Number ranges (Ofcom's National Telephone Numbering Plan) that organisations hold, never a
# person's own line: helplines, switchboards and service numbers, by leading digits.
DEFAULT_GENERIC_PHONE_PREFIXES: dict[str, str] = {
    "080": "freephone range: an organisation's number, not a person's",
    "03": "non-geographic range: an organisation's number, not a person's",
    "084": "service number range: an organisation's number, not a person's",
    "087": "service number range: an organisation's number, not a person's",
    "09": "premium-rate range: a service, not a person",
    "116": "harmonised helpline range (116xxx)",
    "118": "directory enquiries range",
}
DEFAULT_GENERIC_EMAILS: dict[str, str] = {
    "noreply@example.com": "placeholder address",
    "unknown@unknown.com": "placeholder address",
    "none@none.com": "placeholder address",
}
DEFAULT_GENERIC_TEXT: dict[str, str] = {
    "unknown": "placeholder",
    "n/a": "placeholder",
    "na": "placeholder",
    "none": "placeholder",
    "withheld": "placeholder",
    "private number": "placeholder",
    "not known": "placeholder",
}


@dataclass(frozen=True)
class GenericValues:
    """Identifier values that never link people, and the automatic-suppression threshold.

    ``max_persons_per_identifier``: an identifier already attached to more distinct people than
    this is treated as generic (a shared office line, a family tablet, a data-entry default).
    """

    version: str = GENERIC_VERSION
    phones: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_GENERIC_PHONES))
    emails: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_GENERIC_EMAILS))
    text: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_GENERIC_TEXT))
    max_persons_per_identifier: int = 25
    phone_prefixes: Mapping[str, str] = field(
        default_factory=lambda: dict(DEFAULT_GENERIC_PHONE_PREFIXES)
    )

    def phone_reason(self, raw: str) -> str:
        """Why a written phone number is generic, or ``""`` when it is not."""
        digits = re.sub(r"\D", "", raw)
        if raw.strip().startswith("+") or digits.startswith("0044"):
            digits = digits.removeprefix("00").removeprefix("44")
            digits = "0" + digits if len(digits) > 6 else digits
        if reason := self.phones.get(digits, ""):
            return reason
        for length in (4, 3, 2):
            if len(digits) > length and (why := self.phone_prefixes.get(digits[:length], "")):
                return why
        return self.text_reason(raw)

    def email_reason(self, value: str) -> str:
        """Why an e-mail address is generic, or ``""``."""
        return self.emails.get(value.strip().lower(), "")

    def text_reason(self, raw: str) -> str:
        """Why any identifier text is a placeholder (``unknown``, ``withheld``), or ``""``."""
        return self.text.get(raw.strip().lower(), "")

    def to_json(self) -> dict[str, Any]:
        """The configuration as JSON-serialisable data."""
        return {
            "version": self.version,
            "phones": dict(self.phones),
            "emails": dict(self.emails),
            "text": dict(self.text),
            "max_persons_per_identifier": self.max_persons_per_identifier,
            "phone_prefixes": dict(self.phone_prefixes),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> GenericValues:
        """Read a configuration written by :meth:`to_json` (missing parts take the defaults)."""
        base = cls()
        return cls(
            version=str(data.get("version", base.version)),
            phones={str(k): str(v) for k, v in dict(data.get("phones", base.phones)).items()},
            emails={str(k): str(v) for k, v in dict(data.get("emails", base.emails)).items()},
            text={str(k): str(v) for k, v in dict(data.get("text", base.text)).items()},
            max_persons_per_identifier=int(
                data.get("max_persons_per_identifier", base.max_persons_per_identifier)
            ),
            phone_prefixes={
                str(k): str(v)
                for k, v in dict(data.get("phone_prefixes", base.phone_prefixes)).items()
            },
        )


DEFAULT_GENERIC = GenericValues()
