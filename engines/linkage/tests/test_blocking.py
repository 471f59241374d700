"""Blocking keys, the two reference indexes, generic-value suppression and the online path."""

from __future__ import annotations

import pytest

from engines.linkage import (
    GenericValues,
    InMemoryIndex,
    SqliteIndex,
    blocking_keys,
    default_model,
    find_candidates,
    link_record,
    prepare,
    record_from_json,
    record_to_json,
)

MODEL = default_model()
JANE = {
    "first_name": "Jane",
    "last_name": "Hartley",
    "date_of_birth": "1990-04-03",
    "phone": "07700 900123",
    "postcode": "LS1 4AB",
}


def test_keys_cover_identifiers_and_names():
    keys = blocking_keys(prepare(JANE))
    assert "ph:+447700900123" in keys
    assert "ny:HRTL|j|1990" in keys
    assert "np:HRTL|j|LS1" in keys
    assert "nd:1990-04-03|j" in keys
    assert "nd:1990-03-04|j" in keys  # the swapped date meets too
    assert "ns:1990-04-03|HRTL" in keys
    assert len(keys) == len(set(keys))


def test_transposed_names_share_a_key():
    swapped = JANE | {"first_name": "Hartley", "last_name": "Jane"}
    assert set(blocking_keys(prepare(JANE))) & set(blocking_keys(prepare(swapped)))


def test_nickname_and_typo_variants_share_a_key():
    base = {"first_name": "William", "last_name": "Hartley", "date_of_birth": "1990-04-03"}
    for change in ({"first_name": "Bill"}, {"last_name": "Artley"}):
        assert set(blocking_keys(prepare(base))) & set(blocking_keys(prepare(base | change)))


def test_a_nickname_meets_its_formal_name_without_a_date_of_birth():
    # Synthetic-world misses: "Jimmy Bird" (no DOB) and "James Bird" (DOB) shared no key.
    jimmy, james = {"first_name": "Jimmy", "last_name": "Bird"}, {"first_name": "James"}
    shared = set(blocking_keys(prepare(jimmy))) & set(
        blocking_keys(prepare(james | {"last_name": "Bird", "date_of_birth": "1983-11-09"}))
    )
    assert "nk:james|BRT" in shared
    assert not [
        k
        for k in blocking_keys(prepare({"first_name": "Zyx", "last_name": "Bird"}))
        if k.startswith("nk:")
    ]


def test_a_record_without_anything_has_no_keys():
    assert blocking_keys(prepare({})) == []


@pytest.fixture(params=["memory", "sqlite"])
def index(request):
    return InMemoryIndex() if request.param == "memory" else SqliteIndex(":memory:")


def test_online_link_finds_the_person(index):
    index.add_record("P1", prepare(JANE, record_id="r1"))
    other = JANE | {"first_name": "Amara", "last_name": "Okafor", "phone": "", "postcode": ""}
    index.add_record("P2", prepare(other | {"date_of_birth": "1970-01-01"}, record_id="r2"))
    new = prepare(JANE | {"first_name": "Janey", "postcode": ""}, record_id="r3")
    result = link_record(new, index, index, MODEL)
    assert result.decision == "link"
    assert result.person_id == "P1"
    assert result.best is not None
    assert result.best.model_version == MODEL.version


def test_a_stranger_is_a_new_person(index):
    index.add_record("P1", prepare(JANE, record_id="r1"))
    stranger = prepare({"first_name": "Zed", "last_name": "Quist"}, record_id="r9")
    result = link_record(stranger, index, index, MODEL)
    assert (result.decision, result.person_id) == ("new", None)


def test_a_number_shared_by_too_many_people_is_suppressed(index):
    generic = GenericValues(max_persons_per_identifier=3)
    for i in range(5):
        rec = prepare({"first_name": f"Person{i}", "phone": "07700 900555"}, record_id=f"r{i}")
        index.add_record(f"P{i}", rec)
    new = prepare({"first_name": "Someone", "phone": "07700 900555"}, record_id="new")
    result = link_record(new, index, index, MODEL, generic=generic)
    assert result.too_common_keys == ("ph:+447700900555",)
    assert result.decision == "new"
    found = find_candidates(index, ["ph:+447700900555"], max_per_identifier=10)
    assert len(found.person_ids) == 5


def test_a_generic_number_never_links_two_strangers(index):
    index.add_record("P1", prepare({"first_name": "Ann", "phone": "0808 802 0300"}))
    result = link_record(
        prepare({"first_name": "Bob", "phone": "08088020300"}), index, index, MODEL
    )
    assert result.candidates == ()


def test_records_round_trip_through_json():
    rec = prepare(JANE | {"phone": "07700 900123; 999"}, record_id="x")
    assert record_from_json(record_to_json(rec)) == rec


def test_sqlite_index_persists(tmp_path):
    path = tmp_path / "idx.sqlite3"
    first = SqliteIndex(path)
    first.add_record("P1", prepare(JANE, record_id="r1"))
    first.commit()
    again = SqliteIndex(path)
    assert again.lookup("ph:+447700900123", 5) == ["P1"]
    assert [r.record_id for r in again.records_of(["P1"])["P1"]] == ["r1"]


@pytest.mark.parametrize(
    ("number", "generic"),
    [
        ("0808 157 0001", True),  # freephone: a helpline, never a person's line
        ("+44 300 123 4567", True),  # 03: an organisation's number
        ("0845 464 7000", True),
        ("116 006", True),
        ("07700 900123", False),
        ("0113 496 0123", False),
    ],
)
def test_organisation_number_ranges_are_generic(number, generic):
    assert bool(GenericValues().phone_reason(number)) is generic
    kept = prepare({"first_name": "Amara", "phone": number}).phone
    assert (kept == ()) is generic
