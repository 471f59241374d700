"""Import format v1: the pydantic schema of one JSON Lines record (one report).

The schema is deliberately neutral: a force data team can produce it from its own records
system, and Mosaic's importer validates every line with :class:`ReportRecord` before it
stores anything. Field-by-field documentation lives in ``docs/import-format.md``.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

FORMAT_VERSION = "1.0"

Classification = Literal[
    "stalking",
    "harassment",
    "putting_in_fear",
    "malicious_communications",
    "criminal_damage",
    "concern_for_welfare",
    "asb",
    "harassment_warning",
    "breach_of_order",
    "assault",
    "public_order",
    "none",
]
Channel = Literal[
    "phone_999",
    "phone_101",
    "online_form",
    "front_counter",
    "officer_attended",
    "email",
    "third_party",
]
Role = Literal["victim", "suspect", "witness", "reporter"]
IdentifierType = Literal["phone", "email", "handle", "vehicle", "postcode", "device"]
OrderType = Literal[
    "restraining_order",
    "stalking_protection_order",
    "interim_stalking_protection_order",
    "non_molestation_order",
    "bail_conditions",
]
ConditionKind = Literal["no_contact", "no_approach", "exclusion_zone", "no_online_contact"]
RiskTool = Literal["dash", "sdash"]
Answer = Literal["yes", "no", "not_known"]
RiskLevel = Literal["standard", "medium", "high"]

_CLOSED = ConfigDict(extra="forbid", frozen=True)
_MENTION_ID = r"^m[0-9]{1,3}$"


class Location(BaseModel):
    """Where it happened, as written by the reporting officer."""

    model_config = _CLOSED
    address_line: str | None = Field(default=None, max_length=300)
    postcode: str | None = Field(default=None, max_length=10)


class Identifier(BaseModel):
    """An identifier exactly as written in the source record (not normalised)."""

    model_config = _CLOSED
    type: IdentifierType
    value: str = Field(min_length=1, max_length=200)
    platform: str | None = Field(default=None, max_length=50)

    @model_validator(mode="after")
    def _platform_only_for_handles(self) -> Identifier:
        if self.type == "handle" and not self.platform:
            raise ValueError("platform: required when type is 'handle'")
        if self.type != "handle" and self.platform is not None:
            raise ValueError("platform: only allowed when type is 'handle'")
        return self


class PersonMention(BaseModel):
    """One person as mentioned in one report: names as written, with a role."""

    model_config = _CLOSED
    mention_id: str = Field(pattern=_MENTION_ID)
    role: Role
    first_name: str | None = Field(default=None, max_length=100)
    middle_names: str | None = Field(default=None, max_length=200)
    last_name: str | None = Field(default=None, max_length=100)
    full_name: str | None = Field(default=None, max_length=300)
    date_of_birth: dt.date | None = None
    age: int | None = Field(default=None, ge=0, le=120)
    sex: Literal["F", "M", "U"] = "U"
    address: Location | None = None
    identifiers: list[Identifier] = Field(default_factory=list)

    @model_validator(mode="after")
    def _dob_or_age_not_both(self) -> PersonMention:
        if self.date_of_birth is not None and self.age is not None:
            raise ValueError("age: give date_of_birth or age, not both")
        return self


class OrderCondition(BaseModel):
    """One prohibition or requirement of an order, as data (so breaches can be checked)."""

    model_config = _CLOSED
    kind: ConditionKind
    text: str = Field(min_length=1, max_length=500)
    postcode: str | None = Field(default=None, max_length=10)
    radius_m: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _zone_has_a_place(self) -> OrderCondition:
        if self.kind == "exclusion_zone" and (self.postcode is None or self.radius_m is None):
            raise ValueError("conditions: an exclusion_zone needs postcode and radius_m")
        return self


class Order(BaseModel):
    """A protective order or bail conditions recorded on this report."""

    model_config = _CLOSED
    order_ref: str = Field(min_length=1, max_length=64)
    type: OrderType
    against: str = Field(pattern=_MENTION_ID)
    protects: list[str] = Field(min_length=1)
    valid_from: dt.date
    valid_to: dt.date | None = None
    conditions: list[OrderCondition] = Field(min_length=1)

    @model_validator(mode="after")
    def _dates_in_order(self) -> Order:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError("valid_to: before valid_from")
        return self


class RiskAssessment(BaseModel):
    """A DASH (27 questions) or S-DASH (11 questions) completed on this report."""

    model_config = _CLOSED
    assessment_ref: str = Field(min_length=1, max_length=64)
    tool: RiskTool
    completed_at: AwareDatetime
    answers: dict[str, Answer]
    level_at_time: RiskLevel | None = None

    @model_validator(mode="after")
    def _answers_match_tool(self) -> RiskAssessment:
        count = 27 if self.tool == "dash" else 11
        expected = {f"q{i}" for i in range(1, count + 1)}
        if set(self.answers) != expected:
            raise ValueError(f"answers: {self.tool} needs exactly keys q1..q{count}")
        return self


class ReportRecord(BaseModel):
    """One report (one contact with police) in import format v1.

    ``(source_system, source_ref)`` is the idempotency key: importing the same pair twice
    updates nothing and creates nothing.
    """

    model_config = _CLOSED
    format_version: Literal["1.0"] = "1.0"
    source_system: str = Field(min_length=1, max_length=64)
    source_ref: str = Field(min_length=1, max_length=64)
    force_code: str = Field(min_length=2, max_length=8)
    unit_code: str = Field(min_length=1, max_length=32)
    reported_at: AwareDatetime
    occurred_from: AwareDatetime
    occurred_to: AwareDatetime
    channel: Channel
    location: Location | None = None
    narrative: str = Field(min_length=1, max_length=20000)
    classification: Classification
    recorded_at: AwareDatetime | None = None
    crime_reference: str | None = Field(default=None, max_length=64)
    victim_updated_at: AwareDatetime | None = None
    people: list[PersonMention] = Field(default_factory=list)
    identifiers: list[Identifier] = Field(default_factory=list)
    orders: list[Order] = Field(default_factory=list)
    risk_assessments: list[RiskAssessment] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> ReportRecord:
        if self.occurred_to < self.occurred_from:
            raise ValueError("occurred_to: before occurred_from")
        if self.occurred_from > self.reported_at:
            raise ValueError("occurred_from: after reported_at")
        if self.recorded_at is not None and self.recorded_at < self.reported_at:
            raise ValueError("recorded_at: before reported_at")
        ids = [p.mention_id for p in self.people]
        if len(ids) != len(set(ids)):
            raise ValueError("people: duplicate mention_id")
        known = set(ids)
        for order in self.orders:
            if order.against not in known or not set(order.protects) <= known:
                raise ValueError(f"orders: {order.order_ref} names a mention_id not in people")
        return self
