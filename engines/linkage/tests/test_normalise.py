"""Normalisers: every written form of a value reaches one canonical form, and nothing raises."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engines.linkage import (
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
from engines.linkage._internal.normalise import phone_by_library

KINDS = ["phone", "email", "handle", "vehicle", "postcode", "device", "date_of_birth", "name"]


@pytest.mark.parametrize(
    "raw",
    [
        "07700 900123",
        "07700900123",
        "+44 7700 900123",
        "+447700900123",
        "0044 7700 900123",
        "(07700) 900-123",
        "07700-900-123",
        "+44 (0)7700 900123",
    ],
)
def test_every_written_form_of_a_uk_mobile_reaches_e164(raw):
    assert normalise_phone(raw).value == "+447700900123"


@settings(max_examples=400)
@given(
    prefix=st.sampled_from(["0", "+44", "0044", "+ 44", "00 44", "+440", "44", "00"]),
    digits=st.one_of(
        st.from_regex(r"[0-9]{10}", fullmatch=True), st.text("0123456789", min_size=7, max_size=12)
    ),
    gaps=st.lists(st.sampled_from(["", "", " ", "-", ".", "  ", " - ", "/"]), min_size=14),
    ends=st.tuples(st.sampled_from(["", " ", "-", "."]), st.sampled_from(["", " ", "-", "."])),
)
def test_the_quick_uk_path_reads_numbers_exactly_as_phonenumbers_does(prefix, digits, gaps, ends):
    # normalise_phone answers plain UK numbers itself; phonenumbers must agree on every one.
    body = "".join(d + g for d, g in zip(digits, gaps, strict=False))
    raw = ends[0] + prefix + gaps[-1] + body + ends[1]
    if not raw.strip():
        return
    text = raw.strip()
    text = "+" + text[2:] if text.startswith("00") else text
    assert normalise_phone(raw) == phone_by_library(raw, text)


def test_fictional_landline_ranges_are_kept():
    assert normalise_phone("020 7946 0123").value == "+442079460123"
    assert normalise_phone("0113 496 0999").value == "+441134960999"


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("", "empty"),
        ("0770", "not a possible"),
        ("call me maybe", "characters"),
        ("0" * 300, "longer than"),
        ("07700\x00900123", "control"),
    ],
)
def test_unparseable_phones_are_flagged_not_corrected(raw, problem):
    result = normalise_phone(raw)
    assert result.value is None
    assert problem in result.problem
    assert result.raw == raw


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("Someone@Example.COM", "someone@example.com"),
        ("  <a.b+tag@example.org> ", "a.b+tag@example.org"),
        ("mailto:x_y@example.net", "x_y@example.net"),
    ],
)
def test_emails_are_trimmed_and_lower_cased(raw, value):
    assert normalise_email(raw).value == value


@pytest.mark.parametrize("raw", ["someone", "a@b", "a..b@example.com", "@example.com"])
def test_bad_emails_are_flagged(raw):
    assert not normalise_email(raw).ok


@pytest.mark.parametrize(
    ("raw", "platform", "handle"),
    [
        ("@Night_Owl", "", "night_owl"),
        ("https://twitter.com/Night_Owl", "x", "night_owl"),
        ("x.com/night_owl?s=20", "x", "night_owl"),
        ("https://www.instagram.com/night.owl/", "instagram", "night.owl"),
        ("tiktok.com/@nightowl", "tiktok", "nightowl"),
        ("https://www.snapchat.com/add/nightowl99", "snapchat", "nightowl99"),
        ("https://uk.linkedin.com/in/night-owl", "", ""),
        ("https://www.linkedin.com/in/night-owl", "linkedin", "night-owl"),
        ("insta: night.owl", "instagram", "night.owl"),
        ("https://www.facebook.com/profile.php?id=1000123", "facebook", "1000123"),
    ],
)
def test_handles_come_from_every_form(raw, platform, handle):
    result = normalise_handle(raw)
    if handle:
        assert (result.platform, result.value) == (platform, handle)
    else:
        assert not result.ok


def test_platform_given_separately_is_canonicalised():
    result = normalise_handle("night_owl", "Twitter")
    assert (result.platform, result.value) == ("x", "night_owl")


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("ab12 cde", "AB12CDE"),
        ("AB12-CDE", "AB12CDE"),
        ("a123 bcd", "A123BCD"),
        ("ABC 123D", "ABC123D"),
    ],
)
def test_vehicle_registrations(raw, value):
    assert normalise_vehicle(raw).value == value


@pytest.mark.parametrize(
    ("raw", "value"),
    [("sw1a1aa", "SW1A 1AA"), ("M1  1AE", "M1 1AE"), ("b33 8th", "B33 8TH"), ("gir0aa", "GIR 0AA")],
)
def test_postcodes(raw, value):
    assert normalise_postcode(raw).value == value


def test_bad_postcode_is_flagged():
    result = normalise_postcode("not a postcode")
    assert result.value is None
    assert result.problem == "not a UK postcode"


def test_imei_check_digit():
    assert normalise_device("49-015420-323751-8").value == "490154203237518"
    assert normalise_device("490154203237519").problem == "IMEI check digit does not match"


@pytest.mark.parametrize(
    ("raw", "value"),
    [("1990-03-12", "1990-03-12"), ("12/03/1990", "1990-03-12"), ("12th March 1990", "1990-03-12")],
)
def test_dates_of_birth_are_day_first(raw, value):
    assert normalise_date_of_birth(raw).value == value


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("31/02/1990", "no such calendar date"),
        ("01/01/2999", "in the future"),
        ("34", "not a date (expected YYYY-MM-DD or DD/MM/YYYY)"),
    ],
)
def test_bad_dates_of_birth(raw, problem):
    assert normalise_date_of_birth(raw).problem == problem


def test_names_lose_titles_accents_and_punctuation():
    assert name_tokens("Dr. Seán O'Brien-Smith") == ["sean", "obrien", "smith"]
    assert name_tokens("SMITH, John") == ["john", "smith"]
    assert normalise_name("  Mrs  Zoë   Ward ").value == "zoe ward"


def test_unknown_type_is_flagged():
    assert normalise("shoe_size", "9").problem == "unknown identifier type 'shoe_size'"


def test_search_keys_read_a_phone_typed_any_way():
    keys = {(k.type, k.value) for k in search_keys("07700 900123")}
    assert ("phone", "+447700900123") in keys


@given(kind=st.sampled_from(KINDS), raw=st.text(max_size=400))
def test_normalisers_never_raise_and_keep_the_raw_text(kind, raw):
    result = normalise(kind, raw)
    assert result.raw == raw
    assert result.ok == (result.value is not None)
    assert result.ok or result.problem


@given(kind=st.sampled_from(KINDS), raw=st.text(max_size=80))
def test_normalisers_are_idempotent(kind, raw):
    first = normalise(kind, raw)
    if first.value is not None:
        second = normalise(kind, first.value, platform=first.platform)
        assert second.value == first.value


@given(
    digits=st.integers(min_value=900000, max_value=900999),
    style=st.sampled_from(["07700 {}", "+44 7700 {}", "0044-7700-{}", "(07700){}"]),
)
def test_any_drama_mobile_in_any_style_reaches_the_same_value(digits, style):
    assert normalise_phone(style.format(digits)).value == f"+447700{digits}"
