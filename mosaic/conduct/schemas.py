"""Courses of conduct on the way in and out."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field

from mosaic.reports.schemas import PersonRefOut, StrictSchema


class ReclassifyIn(StrictSchema):
    # A Home Office class code (e.g. 195/12), or "" for no crime.
    classification: Annotated[str, Field(max_length=16)]
    reason: Annotated[str, Field(max_length=2000)] = ""


class RecordCrimeIn(StrictSchema):
    crime_reference: Annotated[str, Field(max_length=40)]


class CaseSummaryOut(Schema):
    ref: str
    status: str
    classification: str
    classification_label: str
    risk_level: str
    recording_deadline: datetime | None


class CaseOut(CaseSummaryOut):
    unit: str
    officer_in_case: str | None
    supervisor: str | None
    victims: list[PersonRefOut]
    suspects: list[PersonRefOut]
    included: list[dict[str, str]]
    refer_to_registrar: bool
    crime_reference: str
    recorded_at: datetime | None
    timeliness: dict[str, Any]
    reports: list[str]
    decisions: list[dict[str, Any]]
    flags: list[dict[str, Any]]
    risk: dict[str, Any]
    orders: list[dict[str, Any]]


class DecisionOut(Schema):
    classification: str
    classification_label: str
    source: str
    reason: str
