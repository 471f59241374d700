"""The stored form of details as written: locations, identifiers and names.

Shared by intake (one report at a time) and bulk import (thousands per transaction), so both
keep unreadable details as written and flag them the same way. Everything here builds
unsaved rows; the caller saves them one by one or with ``bulk_create``.
"""

from __future__ import annotations

from engines.linkage import normalise_name, normalise_postcode
from mosaic.people.models import Identifier, Person, identifier_columns
from mosaic.reports.models import Location, Mention
from mosaic.security.fields import index_of


def location_for(address: str | None, postcode: str | None) -> Location | None:
    """An unsaved location for an address and postcode as written, or None when both are empty.

    The postcode is normalised where it reads as one; the raw text is kept either way."""
    if not (address or postcode):
        return None
    normal = normalise_postcode(postcode).value if postcode else None
    return Location(
        address=address or "",
        postcode_raw=postcode or "",
        postcode=normal or "",
        # Postcodes are encrypted; equality lookups go through this keyed HMAC (ADR 0006).
        postcode_index=index_of("postcode", normal or ""),
    )


def postcode_problem(location: Location | None) -> str | None:
    """The problem to flag on a mention whose address postcode could not be read."""
    if location and location.postcode_raw and not location.postcode:
        return f"postcode {location.postcode_raw!r}: not a UK postcode"
    return None


def identifier_for(
    *, mention: Mention, person: Person | None, type: str, value: str, platform: str = ""
) -> Identifier:
    """An unsaved identifier: normalised where readable, else kept as written with its problem.

    Encrypted on save, with its blind index computed here (``identifier_columns``)."""
    return Identifier(mention=mention, person=person, **identifier_columns(type, value, platform))


def name_normalised(written: str) -> str:
    """The normalised form of a name as written (lower-cased text when it will not normalise)."""
    return normalise_name(written).value or written.lower()
