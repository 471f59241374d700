"""Garbage identifiers never crash and never link people on their own."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from engines.linkage import (
    FIELDS,
    InMemoryIndex,
    blocking_keys,
    default_model,
    link_record,
    prepare,
    score_pair,
)

MODEL = default_model()
GARBAGE = st.one_of(
    st.just(""),
    st.just("x" * 10_000),
    st.just("7" * 10_000),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=30),  # control characters
    st.text(alphabet="😀🔥💥🙈", max_size=20),
    st.text(alphabet="abcабвгαβγ中文ﾃｽﾄ", max_size=30).filter(lambda t: not t.isascii()),
)
ANY_TEXT = st.one_of(GARBAGE, st.text(max_size=60))


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(FIELDS), ANY_TEXT, max_size=len(FIELDS)))
def test_garbage_never_crashes(fields):
    rec = prepare(fields, record_id="g")
    blocking_keys(rec)
    score_pair(MODEL, rec, rec)


NOISE_FIELDS = ("phone", "email", "handle", "vehicle", "device", "postcode", "street_address")


@settings(max_examples=100, deadline=None)
@given(GARBAGE, st.sampled_from(NOISE_FIELDS))
def test_the_same_garbage_never_links_two_different_people(junk, field):
    a = prepare({"first_name": "Ann", "last_name": "Lee", field: junk}, record_id="a")
    b = prepare({"first_name": "Bob", "last_name": "Okafor", field: junk}, record_id="b")
    assert score_pair(MODEL, a, b).decision == "new"
    index = InMemoryIndex()
    index.add_record("P1", a)
    assert link_record(b, index, index, MODEL).decision == "new"


@settings(max_examples=100, deadline=None)
@given(GARBAGE)
def test_garbage_in_every_identifier_at_once_never_links_different_names(junk):
    fields = dict.fromkeys(NOISE_FIELDS, junk)
    a = prepare(fields | {"first_name": "Ann", "last_name": "Lee"}, record_id="a")
    b = prepare(fields | {"first_name": "Bob", "last_name": "Okafor"}, record_id="b")
    assert score_pair(MODEL, a, b).decision == "new"


def test_placeholder_text_is_not_an_address_or_postcode():
    rec = prepare({"street_address": "Unknown", "postcode": "N/A"})
    assert rec.address == rec.postcode == ""
    assert {i.field for i in rec.issues} == {"street_address", "postcode"}
