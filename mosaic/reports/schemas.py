"""The shape of a report on the way in and out (API and web form share ``ReportIn``)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from ninja import Schema
from pydantic import ConfigDict, Field, field_validator, model_validator

from mosaic.reports.models import Channel, Classification, Role

LONDON = ZoneInfo("Europe/London")
# Clocks on handsets and records systems drift; a few minutes "in the future" is not an error.
CLOCK_SKEW = timedelta(minutes=5)

IdentifierKind = Literal["phone", "email", "handle", "vehicle", "postcode", "device"]
Text = Annotated[str, Field(max_length=300)]


class StrictSchema(Schema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class IdentifierIn(StrictSchema):
    type: IdentifierKind
    value: Annotated[str, Field(min_length=1, max_length=256)]
    platform: Annotated[str, Field(max_length=32)] = ""


class LocationIn(StrictSchema):
    address: Text = ""
    postcode: Annotated[str, Field(max_length=16)] = ""


class PersonIn(StrictSchema):
    role: Role
    # The public id of a person already on file, when the officer knows who this is.
    person: Annotated[str, Field(max_length=12)] = ""
    name: Annotated[str, Field(max_length=200)] = ""
    description: Text = ""
    date_of_birth: Annotated[str, Field(max_length=40)] = ""
    age: Annotated[int, Field(ge=0, le=120)] | None = None
    address: LocationIn | None = None
    identifiers: Annotated[list[IdentifierIn], Field(max_length=50)] = []

    @model_validator(mode="after")
    def _someone(self) -> PersonIn:
        if self.role == Role.VICTIM and not self.name:
            raise ValueError("a victim needs a name")
        if not (self.name or self.description or self.identifiers or self.person):
            raise ValueError("give a name, a description or an identifier for each person")
        return self


def _aware(value: datetime) -> datetime:
    # People type local (UK) times; a time without an offset is read as Europe/London.
    return value if value.tzinfo else value.replace(tzinfo=LONDON)


def _not_future(value: datetime) -> datetime:
    if value > timezone.now() + CLOCK_SKEW:
        raise ValueError("is in the future")
    return value


class ReportIn(StrictSchema):
    reported_at: datetime | None = None
    occurred_from: datetime
    occurred_to: datetime | None = None
    channel: Channel
    classification: Classification = Classification.NONE
    narrative: Annotated[str, Field(min_length=1)]
    location: LocationIn | None = None
    people: Annotated[list[PersonIn], Field(min_length=1, max_length=50)]

    @field_validator("reported_at", "occurred_from", "occurred_to", mode="before")
    @classmethod
    def _written_times(cls, value: object) -> object:
        # pydantic would read a bare number as seconds since 1970: never what anyone meant.
        if isinstance(value, int | float):
            raise ValueError("must be a date and time such as 2026-10-01T19:30:00+01:00")
        return value

    @field_validator("reported_at", "occurred_from", "occurred_to")
    @classmethod
    def _times(cls, value: datetime | None) -> datetime | None:
        return None if value is None else _not_future(_aware(value))

    @field_validator("narrative")
    @classmethod
    def _narrative_size(cls, value: str) -> str:
        limit = settings.MOSAIC_NARRATIVE_MAX_CHARS
        if len(value) > limit:
            raise ValueError(f"is {len(value):,} characters; the limit is {limit:,}")
        if "\x00" in value:
            raise ValueError("contains a NUL character")
        return value

    @field_validator("people")
    @classmethod
    def _has_victim(cls, value: list[PersonIn]) -> list[PersonIn]:
        if not any(p.role == Role.VICTIM for p in value):
            raise ValueError("a report needs at least one victim")
        return value

    @model_validator(mode="after")
    def _order_of_events(self) -> ReportIn:
        if self.occurred_to is not None and self.occurred_to < self.occurred_from:
            raise ValueError("occurred_to: is before occurred_from")
        if self.reported_at is not None and self.reported_at < self.occurred_from - CLOCK_SKEW:
            raise ValueError("reported_at: is before the events it reports (occurred_from)")
        return self


class IdentifierOut(Schema):
    type: str
    raw: str
    value: str | None
    platform: str
    problem: str


class PersonRefOut(Schema):
    ref: str
    display_name: str


class MentionOut(Schema):
    role: str
    name: str
    description: str
    date_of_birth: date | None
    age: int | None
    person: PersonRefOut | None
    identifiers: list[IdentifierOut]
    problems: list[str]


class ReportOut(Schema):
    reference: str
    force: str
    unit: str
    reported_at: datetime
    occurred_from: datetime
    occurred_to: datetime | None
    channel: str
    classification: str
    narrative: str
    location: str | None
    people: list[MentionOut]
    # The course of conduct the report belongs to (on reads; see mosaic.conduct).
    course: dict[str, Any] | None = None


class ReportSummaryOut(Schema):
    reference: str
    occurred_from: datetime
    classification: str
    unit: str


class SearchOut(Schema):
    query: str
    reports: list[ReportSummaryOut]
    people: list[PersonRefOut]
