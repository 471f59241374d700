"""Questionnaires and orders on the way in (API and forms share them)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, field_validator

from mosaic.reports.schemas import LONDON, StrictSchema

Short = Annotated[str, Field(max_length=80)]


class AnswerIn(StrictSchema):
    value: Annotated[str, Field(max_length=20)]
    notes: Annotated[str, Field(max_length=2000)] = ""


class AssessmentIn(StrictSchema):
    tool: Literal["dash", "sdash"]
    # Question id -> answer (or the bare value). Values are checked by the questionnaire.
    answers: Annotated[dict[Short, AnswerIn | Short], Field(max_length=60)]


class ConditionIn(StrictSchema):
    kind: Short
    protected: Annotated[list[Short], Field(max_length=20)] = []
    indirect: bool = True
    postcodes: Annotated[list[Annotated[str, Field(max_length=10)]], Field(max_length=50)] = []
    places: Annotated[list[Annotated[str, Field(max_length=200)]], Field(max_length=50)] = []
    notification_days: int | None = None


class OrderIn(StrictSchema):
    kind: Short
    subject: Short
    protected: Annotated[list[Short], Field(max_length=20)] = []
    starts_at: datetime
    ends_at: datetime | None = None
    served_at: datetime | None = None
    conditions: Annotated[list[ConditionIn], Field(max_length=20)]

    @field_validator("starts_at", "ends_at", "served_at", mode="before")
    @classmethod
    def _written_times(cls, value: object) -> object:
        if isinstance(value, int | float):
            raise ValueError("must be a date and time such as 2026-10-01T19:30:00+01:00")
        return value

    @field_validator("starts_at", "ends_at", "served_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        # A time typed without an offset is UK local time, as on the report form.
        return value if value is None or value.tzinfo else value.replace(tzinfo=LONDON)
