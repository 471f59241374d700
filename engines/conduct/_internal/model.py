"""Typed input model mirroring the recording-case format (shared/data/recording_cases/FORMAT.md).

Contradictory facts are rejected with the field and the reason (``pydantic.ValidationError``),
never silently resolved.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from engines.vocabulary import BEHAVIOURS, EFFECTS, RELATIONSHIPS, RISK_CUES

Message = Literal["none", "grossly_offensive", "indecent", "threatening", "false"]
ActionType = Literal["charged", "summonsed", "cautioned", "convicted", "acquitted"]
OrderType = Literal[
    "restraining_order",
    "restraining_order_on_acquittal",
    "stalking_protection_order",
    "non_molestation_order",
    "domestic_violence_protection_order",
    "bail_conditions",
]


CASE_FILE_METADATA = frozenset({"expected", "source", "paraphrased", "notes"})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Person(_Strict):
    """A person in the case; ``age`` is their age at ``as_at`` (None: unknown)."""

    role: Literal["victim", "suspect", "witness", "other"]
    age: int | None = Field(default=None, ge=0, le=120)


class Relationship(_Strict):
    a: str
    b: str
    type: str

    @model_validator(mode="after")
    def _known_type(self) -> Relationship:
        if self.type not in RELATIONSHIPS:
            raise ValueError(f"relationship type {self.type!r} is not in the vocabulary")
        if self.a == self.b:
            raise ValueError(f"relationship of {self.a!r} with itself (cyclic reference)")
        return self


class Order(_Strict):
    """A court order or condition against one person protecting others."""

    id: str
    type: OrderType
    against: str
    protects: list[str]
    from_: date = Field(alias="from")
    to: date | None = None
    conditions: list[str] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _ends_after_start(self) -> Order:
        if self.to is not None and self.to < self.from_:
            raise ValueError(f"order {self.id}: ends ({self.to}) before it starts ({self.from_})")
        return self

    def in_force(self, day: date) -> bool:
        """Whether the order is in force on ``day``."""
        return self.from_ <= day and (self.to is None or day <= self.to)


class Event(_Strict):
    """One occasion of conduct, as reported."""

    id: str
    occurred: AwareDatetime
    reported: AwareDatetime
    by: list[str] = Field(min_length=1)
    towards: list[str] = Field(min_length=1)
    behaviours: list[str] = Field(default_factory=list)
    risk_cues: list[str] = Field(default_factory=list)
    effects: list[str] = Field(default_factory=list)
    message: Message | None = None
    offences: list[str] = Field(default_factory=list)
    aggravation: Literal["racial", "religious"] | None = None
    breaches: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Event:
        if self.reported < self.occurred:
            raise ValueError(f"event {self.id}: reported before it occurred")
        if set(self.by) & set(self.towards):
            raise ValueError(f"event {self.id}: a person is both actor and target")
        for field, vocab in (
            ("behaviours", BEHAVIOURS),
            ("risk_cues", RISK_CUES),
            ("effects", EFFECTS),
        ):
            unknown = [v for v in getattr(self, field) if v not in vocab]
            if unknown:
                raise ValueError(f"event {self.id}: unknown {field} {unknown}")
        return self


class PoliceAction(_Strict):
    date: date
    against: str
    type: ActionType


class Case(_Strict):
    """The facts of one or more reports and the rules in force, as of ``as_at``."""

    id: str = "case"
    rules_in_force: date
    as_at: AwareDatetime
    people: dict[str, Person]
    relationships: list[Relationship] = Field(default_factory=list)
    orders: list[Order] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    police_actions: list[PoliceAction] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _drop_case_file_metadata(cls, data: Any) -> Any:
        # A case file's expectation and provenance are not facts; anything else unknown is an
        # error (a mistyped field must not be dropped silently).
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if k not in CASE_FILE_METADATA}
        return data

    @model_validator(mode="after")
    def _references(self) -> Case:
        _check_unique("event", [e.id for e in self.events])
        _check_unique("order", [o.id for o in self.orders])
        people, orders = set(self.people), {o.id for o in self.orders}
        refs = [(f"relationship {r.a}-{r.b}", [r.a, r.b]) for r in self.relationships]
        refs += [(f"order {o.id}", [o.against, *o.protects]) for o in self.orders]
        refs += [(f"police action {p.type}", [p.against]) for p in self.police_actions]
        refs += [(f"event {e.id}", [*e.by, *e.towards]) for e in self.events]
        for where, ids in refs:
            unknown = sorted(set(ids) - people)
            if unknown:
                raise ValueError(f"{where}: unknown people {unknown}")
        for e in self.events:
            if set(e.breaches) - orders:
                raise ValueError(
                    f"event {e.id}: breaches unknown orders {sorted(set(e.breaches) - orders)}"
                )
            if e.reported > self.as_at:
                raise ValueError(f"event {e.id}: reported after as_at {self.as_at.isoformat()}")
            self._check_could_act(e)
        return self

    def _check_could_act(self, e: Event) -> None:
        # A person aged N at as_at was born after as_at - (N+1) years: earlier events are
        # impossible for them.
        for pid in [*e.by, *e.towards]:
            age = self.people[pid].age
            if age is None:
                continue
            born_after = self.as_at - timedelta(days=366 * (age + 1))
            if e.occurred < born_after:
                raise ValueError(
                    f"event {e.id}: occurred before {pid} (aged {age} at as_at) was born"
                )

    def relationship(self, x: str, y: str) -> str | None:
        """The relationship type between two people, either way round."""
        for r in self.relationships:
            if {r.a, r.b} == {x, y}:
                return r.type
        return None

    def order(self, oid: str) -> Order:
        """The order with id ``oid``."""
        return next(o for o in self.orders if o.id == oid)


def _check_unique(kind: str, ids: list[str]) -> None:
    dupes = sorted(i for i, n in Counter(ids).items() if n > 1)
    if dupes:
        raise ValueError(f"duplicate {kind} ids {dupes}")


def as_datetime(d: date) -> datetime:
    """Start of day ``d`` in UTC, for comparing dates with event times."""
    return datetime(d.year, d.month, d.day, tzinfo=UTC)
