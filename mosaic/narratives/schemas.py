"""Tag reviews and additions on the way in, tags on the way out."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field, field_validator, model_validator

from engines.narrative import STATUSES
from engines.vocabulary import BEHAVIOURS, RISK_CUES
from mosaic.reports.schemas import StrictSchema

Offset = Annotated[int, Field(ge=0, le=100_000)]
Note = Annotated[str, Field(max_length=500)]


def _known_code(value: str | None) -> str | None:
    if value is not None and value not in BEHAVIOURS and value not in RISK_CUES:
        raise ValueError(f"{value!r} is not a behaviour or risk cue in the taxonomy")
    return value


def _known_status(value: str | None) -> str | None:
    if value is not None and value not in STATUSES:
        raise ValueError(f"{value!r} is not one of {', '.join(STATUSES)}")
    return value


class TagIn(StrictSchema):
    """An officer's own tag: a code, its status, and the words it rests on (offsets)."""

    code: str
    status: str = "happened"
    start: Offset
    end: Offset
    note: Note = ""

    _code = field_validator("code")(_known_code)
    _status = field_validator("status")(_known_status)

    @model_validator(mode="after")
    def _span(self) -> TagIn:
        if self.end <= self.start:
            raise ValueError("end: must be after start")
        return self


class ReviewIn(StrictSchema):
    """Confirm, correct (new code and/or status, optionally new offsets) or reject a tag."""

    decision: Literal["confirm", "correct", "reject"]
    code: str | None = None
    status: str | None = None
    start: Offset | None = None
    end: Offset | None = None
    note: Note = ""

    _code = field_validator("code")(_known_code)
    _status = field_validator("status")(_known_status)

    @model_validator(mode="after")
    def _correction_says_what(self) -> ReviewIn:
        changes = (self.code, self.status, self.start, self.end)
        if self.decision == "correct" and all(v is None for v in changes):
            raise ValueError("code: a correction gives a new code, status or offsets")
        if self.decision != "correct" and any(v is not None for v in changes):
            raise ValueError(f"decision: {self.decision} takes no code, status or offsets")
        if (self.start is None) != (self.end is None):
            raise ValueError("end: give start and end together")
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValueError("end: must be after start")
        if self.decision == "reject" and not self.note:
            raise ValueError("note: say why the tag is wrong")
        return self


class TagOut(Schema):
    id: int
    code: str
    kind: str
    status: str
    start: int
    end: int
    text: str
    trigger: str
    rule: str
    lexicon_version: str
    source: str
    review_state: str
    reviewed_by: str | None
    reviewed_at: datetime | None
    review_note: str
    original: dict[str, object]


class IdentifierOut(Schema):
    type: str
    raw: str
    value: str
    platform: str
    start: int
    end: int


class TagsOut(Schema):
    reference: str
    lexicon_version: str | None
    tags: list[TagOut]
    identifiers: list[IdentifierOut]
    misclassification: dict[str, object] | None
