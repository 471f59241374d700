"""Orders: validation, every condition type, notification clock and breach checks."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engines.risk import (
    BreachReport,
    Condition,
    ConditionKind,
    InvalidOrder,
    Order,
    OrderKind,
    check_breaches,
    normalise_postcode,
    notification_clock,
    postcode_in_zone,
    validate_order,
)

START = datetime(2026, 1, 10, 9, tzinfo=UTC)
WHEN = datetime(2026, 6, 1, 20, tzinfo=UTC)

NO_CONTACT = Condition(ConditionKind.NO_CONTACT)
DIRECT_ONLY = Condition(ConditionKind.NO_CONTACT, indirect=False)
ZONE = Condition(ConditionKind.EXCLUSION_ZONE, postcodes=("M1 1",), places=("Piccadilly Gardens",))
NO_POSTING = Condition(ConditionKind.NO_SOCIAL_MEDIA_POSTING)
NOTIFY = Condition(ConditionKind.NOTIFICATION)


def order(kind=OrderKind.SPO_FULL, conditions=(NO_CONTACT,), **kw) -> Order:
    base: dict[str, Any] = {
        "order_id": "O1",
        "kind": kind,
        "subject_id": "S1",
        "protected_ids": ("V1",),
        "starts_at": START,
        "conditions": conditions,
        "ends_at": START + timedelta(days=800),
    }
    base.update(kw)
    return Order(**base)


def report(**kw) -> BreachReport:
    base: dict[str, Any] = {
        "report_id": "R1",
        "occurred_at": WHEN,
        "suspect_id": "S1",
        "victim_ids": ("V1",),
    }
    base.update(kw)
    return BreachReport(**base)


# --- validation -------------------------------------------------------------------------


def test_valid_order_passes():
    o = order(conditions=(NO_CONTACT, ZONE, NO_POSTING, NOTIFY))
    assert validate_order(o) is o


def fields(o) -> dict[str, str]:
    with pytest.raises(InvalidOrder) as err:
        validate_order(o)
    return {p.field: p.reason for p in err.value.problems}


def test_ends_before_starts_refused():
    assert "ends before" in fields(order(ends_at=START - timedelta(days=1)))["ends_at"]


def test_full_spo_shorter_than_two_years_refused():
    assert "at least 730 days" in fields(order(ends_at=START + timedelta(days=365)))["ends_at"]
    # an interim SPO may be short, and a full SPO may run until further order
    validate_order(order(kind=OrderKind.SPO_INTERIM, ends_at=START + timedelta(days=30)))
    validate_order(order(ends_at=None))


def test_condition_naming_no_person_refused():
    problems = fields(order(protected_ids=(), conditions=(NO_CONTACT, NO_POSTING)))
    assert "names no protected person" in problems["conditions[0]"]
    assert "names no protected person" in problems["conditions[1]"]


def test_zone_naming_no_area_refused():
    bad = Condition(ConditionKind.EXCLUSION_ZONE)
    assert "no postcode or place" in fields(order(conditions=(bad,)))["conditions[0]"]


def test_zone_with_bad_postcode_refused():
    bad = Condition(ConditionKind.EXCLUSION_ZONE, postcodes=("NOT A CODE",))
    assert "not a UK postcode" in fields(order(conditions=(bad,)))["conditions[0].postcodes"]


def test_notification_only_on_spo_and_positive():
    assert "SPO" in fields(order(kind=OrderKind.BAIL, conditions=(NOTIFY,)))["conditions[0]"]
    zero = Condition(ConditionKind.NOTIFICATION, notification_days=0)
    assert "positive" in fields(order(conditions=(zero,)))["conditions[0]"]


def test_naive_dates_and_empty_order_refused():
    problems = fields(order(starts_at=datetime(2026, 1, 1), conditions=(), subject_id=""))
    assert set(problems) == {"starts_at", "subject_id", "conditions"}


# --- postcodes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pc", "zone", "inside"),
    [
        ("M1 1AE", "M1", True),
        ("M1 1AE", "M1 1", True),
        ("m11ae", "M1 1AE", True),
        ("M1 2AE", "M1 1", False),
        ("M11 1AE", "M1", False),
        ("SW1A 1AA", "SW1A", True),
        ("M1 1AE", "M1 1AF", False),
    ],
)
def test_postcode_in_zone(pc, zone, inside):
    assert postcode_in_zone(pc, zone) is inside


@given(
    st.from_regex(r"[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}", fullmatch=True),
)
def test_full_postcode_normalises_and_sits_in_its_own_district(pc):
    norm = normalise_postcode(pc)
    outward, inward = norm.split(" ")
    assert postcode_in_zone(pc, outward)
    assert postcode_in_zone(pc, f"{outward} {inward[0]}")
    assert normalise_postcode(norm) == norm


# --- notification clock -----------------------------------------------------------------


def test_notification_clock_states():
    served = START + timedelta(hours=2)
    o = order(conditions=(NOTIFY,), served_at=served)
    due = served + timedelta(days=3)

    def clock(o, as_at, notified_at=None):
        result = notification_clock(o, as_at, notified_at)
        assert result is not None
        return result

    assert clock(o, served + timedelta(days=1)).status == "pending"
    assert clock(o, due + timedelta(minutes=1)).status == "overdue"
    assert clock(o, WHEN, notified_at=due).status == "met"
    assert clock(o, WHEN, notified_at=due + timedelta(hours=1)).status == "late"
    assert clock(o, WHEN).due_at == due
    assert clock(replace(o, served_at=None), WHEN).status == "not_served"
    assert notification_clock(order(), WHEN) is None


# --- breaches ---------------------------------------------------------------------------


def test_direct_contact_breaches_spo_notifiable():
    (b,) = check_breaches([order()], report(behaviours=("contacting",)))
    assert b.condition is ConditionKind.NO_CONTACT
    assert b.notifiable
    assert b.home_office_class == "008/74"
    assert b.assess_as_new_conduct
    assert "contacting" in b.evidence[0]


@pytest.mark.parametrize(
    "facts",
    [
        {"third_party_contact": True},
        {"behaviours": ("third_party_contact",)},
        {"channel": "social_media"},
        {"posted_online": True},
    ],
)
def test_indirect_contact_breaches_only_when_indirect_is_covered(facts):
    assert check_breaches([order()], report(**facts))
    assert not check_breaches([order(conditions=(DIRECT_ONLY,))], report(**facts))


def test_exclusion_zone_by_postcode_and_place():
    o = order(conditions=(ZONE,))
    (b,) = check_breaches([o], report(postcode="M1 1AE"))
    assert b.condition is ConditionKind.EXCLUSION_ZONE
    assert "M1 1" in b.evidence[0]
    assert check_breaches([o], report(place="piccadilly gardens "))
    assert not check_breaches([o], report(postcode="M2 1AE"))


def test_bad_report_postcode_is_an_error_not_a_miss():
    with pytest.raises(ValueError, match=r"report\.postcode"):
        check_breaches([order(conditions=(ZONE,))], report(postcode="nowhere"))


def test_social_media_posting():
    (b,) = check_breaches([order(conditions=(NO_POSTING,))], report(posted_online=True))
    assert b.condition is ConditionKind.NO_SOCIAL_MEDIA_POSTING
    assert not check_breaches([order(conditions=(NO_POSTING,))], report(behaviours=("contacting",)))


def test_notification_condition_is_not_a_report_breach():
    assert not check_breaches([order(conditions=(NOTIFY,))], report(posted_online=True))


@pytest.mark.parametrize(
    ("kind", "notifiable", "cls"),
    [
        (OrderKind.SPO_INTERIM, True, "008/74"),
        (OrderKind.SPO_FULL, True, "008/74"),
        (OrderKind.RESTRAINING_CONVICTION, True, "008/31"),
        (OrderKind.RESTRAINING_ACQUITTAL, True, "066/38"),
        (OrderKind.NON_MOLESTATION, True, "066/39"),
        (OrderKind.BAIL, False, None),
        (OrderKind.DVPN, False, None),
        (OrderKind.DVPO, False, None),
    ],
)
def test_notifiable_and_class_by_order_kind(kind, notifiable, cls):
    (b,) = check_breaches([order(kind=kind)], report(behaviours=("contacting",)))
    assert (b.notifiable, b.home_office_class) == (notifiable, cls)


def test_only_active_orders_for_the_same_people():
    contact = {"behaviours": ("contacting",)}
    assert not check_breaches([order(starts_at=WHEN + timedelta(days=1))], report(**contact))
    assert not check_breaches([order(ends_at=WHEN)], report(**contact))  # end is exclusive
    assert not check_breaches([order()], report(suspect_id="S2", **contact))
    assert not check_breaches([order()], report(victim_ids=("V9",), **contact))
    per_condition = Condition(ConditionKind.NO_CONTACT, protected_ids=("V2",))
    assert check_breaches(
        [order(conditions=(per_condition,))], report(victim_ids=("V2",), **contact)
    )


def test_several_orders_and_conditions():
    orders = [order(conditions=(NO_CONTACT, ZONE)), order(order_id="O2", kind=OrderKind.BAIL)]
    breaches = check_breaches(orders, report(postcode="M1 1AE", behaviours=("uninvited_visit",)))
    assert {(b.order_id, b.condition) for b in breaches} == {
        ("O1", ConditionKind.NO_CONTACT),
        ("O1", ConditionKind.EXCLUSION_ZONE),
        ("O2", ConditionKind.NO_CONTACT),
    }


def test_plain_string_kinds_work_and_unknown_kinds_refused():
    plain = Condition("no_contact")
    o = order(kind="bail", conditions=(plain,))
    validate_order(o)
    (b,) = check_breaches([o], report(behaviours=("contacting",)))
    assert not b.notifiable
    problems = fields(order(kind="curfew", conditions=(Condition("nap"),)))
    assert set(problems) == {"kind", "conditions[0].kind"}
