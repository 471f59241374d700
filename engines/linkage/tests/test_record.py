"""Preparing a mention: names, dates, ages, identifiers, generic values, the victim's own."""

from __future__ import annotations

from datetime import date

import pytest

from engines.linkage import GenericValues, prepare


def test_full_name_is_split_when_no_parts_are_given():
    rec = prepare({"full_name": "Dr. Seán O'Brien-Smith"})
    assert (rec.first, rec.last) == ("sean", "smith")
    rec = prepare({"full_name": "Jane Mary Doe"})
    assert (rec.first, rec.middle, rec.last) == ("jane", "mary", "doe")


def test_parts_win_over_full_name():
    rec = prepare({"first_name": "Ann", "last_name": "Lee", "full_name": "Zed Zed"})
    assert (rec.first, rec.last) == ("ann", "lee")


def test_dates_of_birth_in_several_forms():
    assert prepare({"date_of_birth": "03/04/1990"}).dob == "1990-04-03"
    assert prepare({"date_of_birth": "19900403"}).dob == "1990-04-03"
    assert prepare({"date_of_birth": "1990-04-03"}).dob_swap == "1990-03-04"


def test_an_age_needs_the_report_date():
    rec = prepare({"age": "30"}, report_date=date(2026, 5, 1))
    assert (rec.byear_min, rec.byear_max) == (1994, 1997)  # 1995-1996, +-1 year of slack
    assert prepare({"age": "30"}).byear_min is None


def test_several_identifiers_in_one_cell_are_kept_sorted_and_unique():
    rec = prepare({"phone": "07700 900123; +447700900123 | 07700900456"})
    assert rec.phone == ("+447700900123", "+447700900456")


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("999", "emergency"),
        ("101", "non-emergency"),
        ("0800 1111", "Childline"),
        ("0808 802 0300", "Stalking"),
        ("+44 808 802 0300", "Stalking"),
        ("withheld", "placeholder"),
    ],
)
def test_generic_phone_numbers_are_dropped_with_a_reason(raw, why):
    rec = prepare({"phone": raw})
    assert rec.phone == ()
    assert why in rec.issues[0].reason


def test_generic_list_is_configurable_data():
    generic = GenericValues(phones={"07700900999": "force switchboard (test)"})
    assert prepare({"phone": "07700 900999"}, generic=generic).phone == ()
    assert prepare({"phone": "999"}, generic=generic).issues[0].reason != ""
    again = GenericValues.from_json(generic.to_json())
    assert again == generic


def test_the_victims_own_number_on_a_suspect_is_dropped():
    rec = prepare({"phone": "07700 900123"}, own_identifiers={"+447700900123"})
    assert rec.phone == ()
    assert rec.issues[0].reason == "the victim's own identifier"


def test_unparseable_values_become_issues_not_errors():
    rec = prepare({"phone": "call me", "email": "nope", "postcode": "💥", "age": "old"})
    assert {i.field for i in rec.issues} == {"phone", "email", "postcode", "age"}
    assert rec.phone == rec.email == ()


def test_foreign_postcodes_are_kept_for_exact_comparison():
    assert prepare({"postcode": "2600"}).postcode == "2600"
    assert prepare({"postcode": "sw1a1aa"}).postcode_district == "SW1A"
    assert prepare({"postcode": "sw1a1aa"}).postcode_sector == "SW1A 1"
