"""Identifier and date extraction, with the traps DESIGN.md §7 warns about."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engines.linkage import normalise
from engines.narrative import tag

REPORTED = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)  # a Friday


def values(text: str) -> set[tuple[str, str, str]]:
    return {(i.type, i.value, i.platform) for i in tag(text).identifiers}


@pytest.mark.parametrize(
    "text",
    [
        "PC 1234 attended.",
        "Crime reference CRI/12345/26 was issued on 12/03.",
        "Log 42/123456/26; incident at 23:45 in 2019.",
        "Ref: 01234567 for the CAD log.",
        "Collar number 07700 is not a phone, nor is 2026.",
        "She works at Example Ltd.",
        "Occurrence 2026/001234 linked to URN 44AB1234567.",
    ],
)
def test_traps_are_not_identifiers(text: str) -> None:
    assert values(text) == set()


def test_phones_emails_handles_vehicles_postcodes() -> None:
    text = (
        "He rang from 07700 900123 and +44 (0)7700 900790, e-mailed dan at example dot com, "
        "posts as @dark_rider99 on Instagram and https://x.com/fakeprofile123, drives ab12 cde "
        "and lives in LS1 4AB."
    )
    assert values(text) == {
        ("phone", "+447700900123", ""),
        ("phone", "+447700900790", ""),
        ("email", "dan@example.com", ""),
        ("handle", "dark_rider99", "instagram"),
        ("handle", "fakeprofile123", "x"),
        ("vehicle", "AB12CDE", ""),
        ("postcode", "LS1 4AB", ""),
    }
    for ident in tag(text).identifiers:
        assert text[ident.start : ident.end] == ident.raw


def test_relative_dates_resolve_against_reported_at() -> None:
    text = "He came round yesterday at 2.30pm, last Tuesday and on the 3rd; also 12/03."
    found = {d.text: d.value for d in tag(text, reported_at=REPORTED).dates}
    assert found == {
        "yesterday": "2026-03-19",
        "2.30pm": "14:30",
        "last Tuesday": "2026-03-17",
        "the 3rd": "2026-03-03",
        "12/03": "2026-03-12",
    }


def test_relative_dates_without_anchor_stay_unresolved() -> None:
    (mention,) = tag("He came round yesterday.").dates
    assert mention.value is None
    assert mention.relative


@settings(deadline=1000, max_examples=100)
@given(
    st.lists(
        st.sampled_from(
            ["PC", "DC", "collar", "ref", "CRI/", "/26", "42/", "12/03", "23:45", "2019", "at"]
        )
        | st.from_regex(r"[1-9]\d{0,5}", fullmatch=True),
        max_size=30,
    ).map(" ".join)
)
def test_references_times_and_years_are_never_phones(text: str) -> None:
    # Numbers here never start with 0, so nothing is phone-shaped unless glued from the traps.
    assert [i for i in tag(text).identifiers if i.type == "phone"] == []


@settings(deadline=1000, max_examples=100)
@given(st.text(alphabet="0123456789 +()-.@abcdefgxyz/:", max_size=300))
def test_identifier_values_are_canonical(text: str) -> None:
    for ident in tag(text).identifiers:
        again = normalise(ident.type, ident.value, platform=ident.platform)
        assert again.value == ident.value
