"""Linking on the way in and out of the API."""

from __future__ import annotations

from typing import Annotated

from ninja import Schema
from pydantic import Field

from mosaic.reports.schemas import ReportSummaryOut, StrictSchema


class FieldOut(Schema):
    field: str
    status: str
    level: str
    weight: float
    left: str
    right: str


class MatchOut(Schema):
    person: str
    display_name: str
    probability: float
    band: str
    earlier_reports: list[ReportSummaryOut]
    other_victims: list[str]
    explanation: list[FieldOut]


class PersonPreviewOut(Schema):
    role: str
    label: str
    matches: list[MatchOut]
    held_by_other_units: int


class PreviewOut(Schema):
    people: list[PersonPreviewOut]


class DecisionOut(Schema):
    id: int
    report: str
    role: str
    mention: str
    person: str | None
    candidate: str | None
    status: str
    probability: float | None
    match_weight: float | None
    model_version: str
    explanation: list[FieldOut]
    follows: int | None


class ReasonIn(StrictSchema):
    reason: Annotated[str, Field(max_length=500)] = ""


class RejectIn(StrictSchema):
    reason: Annotated[str, Field(min_length=1, max_length=500)]
