"""Name and date features: nicknames, phonetic keys, initials, swapped dates, ages."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engines.linkage import (
    are_nicknames,
    birth_year_range,
    dob_swapped,
    metaphone,
    nickname_group,
    nysiis,
    parse_age,
    soundex,
)


@pytest.mark.parametrize(
    ("a", "b"), [("bill", "william"), ("william", "bill"), ("liz", "elizabeth"), ("bob", "robert")]
)
def test_nicknames_are_equivalent_both_ways(a, b):
    assert are_nicknames(a, b)


@pytest.mark.parametrize(("a", "b"), [("john", "mary"), ("", "bill"), ("bill", "bill")])
def test_unrelated_empty_or_identical_names_are_not_nicknames(a, b):
    assert not are_nicknames(a, b)


def test_nickname_group_contains_the_name():
    assert "william" in nickname_group("william")
    assert nickname_group("") == frozenset()


def test_phonetic_keys_agree_on_spelling_variants():
    assert metaphone("smith") == metaphone("smyth")
    assert soundex("robert") == soundex("rupert")
    assert nysiis("catherine") == nysiis("catharine")
    assert metaphone("") == soundex("") == nysiis("") == ""


def test_day_and_month_swap():
    assert dob_swapped("1990-04-03") == "1990-03-04"
    assert dob_swapped("1990-04-04") == ""  # same either way
    assert dob_swapped("1990-04-25") == ""  # 25 is no month
    assert dob_swapped("garbage") == ""


def test_an_age_on_a_date_gives_two_possible_birth_years():
    assert birth_year_range("", 30, date(2026, 5, 1)) == (1994, 1997)  # +-1 year slack
    assert birth_year_range("1990-01-02", None, None) == (1990, 1990)
    assert birth_year_range("", 30, None) is None
    assert birth_year_range("", None, date(2026, 1, 1)) is None


@pytest.mark.parametrize(
    ("raw", "age"), [("34", 34), ("34 yrs", 34), ("aged 34", 34), ("34 years old", 34)]
)
def test_ages_as_written(raw, age):
    assert parse_age(raw) == age


@pytest.mark.parametrize("raw", ["", "old", "200", "3" * 40, "-5"])
def test_non_ages_are_none(raw):
    assert parse_age(raw) is None


@given(st.text(max_size=50))
def test_features_never_raise(text):
    parse_age(text)
    dob_swapped(text)
    low = text.lower()
    metaphone(low) if low.isascii() else None
