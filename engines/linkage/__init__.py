"""Linkage engine: recognise the same person across reports, and say why.

Public API (everything else lives in ``_internal`` and may change):

- :func:`normalise` and the per-type normalisers: canonical identifier values.
- :func:`search_keys`: every identifier reading of a free-text search entry.
- :func:`name_tokens`: a name as comparable tokens.
"""

from engines.linkage._internal.normalise import (
    MAX_INPUT_CHARS,
    Normalised,
    canonical_platform,
    name_tokens,
    normalise,
    normalise_date_of_birth,
    normalise_device,
    normalise_email,
    normalise_handle,
    normalise_name,
    normalise_phone,
    normalise_postcode,
    normalise_vehicle,
    search_keys,
)

__all__ = [
    "MAX_INPUT_CHARS",
    "Normalised",
    "canonical_platform",
    "name_tokens",
    "normalise",
    "normalise_date_of_birth",
    "normalise_device",
    "normalise_email",
    "normalise_handle",
    "normalise_name",
    "normalise_phone",
    "normalise_postcode",
    "normalise_vehicle",
    "search_keys",
]
