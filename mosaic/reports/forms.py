"""The intake form: one victim and one suspect as known, what happened, when and where.

The form only gathers fields; validation is ``ReportIn``'s, so the web and the API accept and
refuse exactly the same reports, and each refusal lands on the field that caused it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from pydantic import ValidationError

from mosaic.reports.models import Channel, Classification
from mosaic.reports.schemas import ReportIn
from mosaic.web.errors import field_errors

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

# Suspect identifier fields and the identifier type each one carries.
SUSPECT_IDENTIFIERS = {
    "suspect_phone": "phone",
    "suspect_email": "email",
    "suspect_handle": "handle",
    "suspect_vehicle": "vehicle",
}
VICTIM_IDENTIFIERS = {"victim_phone": "phone", "victim_email": "email"}


def _text(
    label: str, *, required: bool = False, max_length: int = 200, **kw: Any
) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length, **kw)


class ReportForm(forms.Form):
    victim_name = _text("Victim's name", required=True)
    victim_date_of_birth = _text("Victim's date of birth", max_length=40)
    victim_phone = _text("Victim's phone", max_length=256)
    victim_email = _text("Victim's e-mail", max_length=256)
    victim_address = _text("Victim's address", max_length=300)
    victim_postcode = _text("Victim's postcode", max_length=16)

    suspect_name = _text("Suspect's name (as given)")
    suspect_description = _text("Suspect's description (if no name)", max_length=300)
    suspect_date_of_birth = _text("Suspect's date of birth", max_length=40)
    suspect_age = forms.IntegerField(label="Suspect's age (if no date of birth)", required=False)
    suspect_phone = _text("Suspect's phone", max_length=256)
    suspect_email = _text("Suspect's e-mail", max_length=256)
    suspect_handle = _text("Suspect's social-media account (@name or link)", max_length=256)
    suspect_platform = _text("Platform (if not in the link)", max_length=32)
    suspect_vehicle = _text("Suspect's vehicle registration", max_length=20)

    narrative = forms.CharField(label="What happened", widget=forms.Textarea(attrs={"rows": 8}))
    occurred_from = forms.DateTimeField(label="When did it happen (or start)?", widget=DATETIME)
    occurred_to = forms.DateTimeField(
        label="Until (if it went on)", required=False, widget=DATETIME
    )
    channel = forms.ChoiceField(label="How was it reported?", choices=Channel.choices)
    classification = forms.ChoiceField(
        label="Recorded as", choices=Classification.choices, initial=Classification.NONE
    )
    location_address = _text("Where: address or place", max_length=300)
    location_postcode = _text("Where: postcode", max_length=16)

    report_in: ReportIn

    def _person(
        self, index: int, role: str, identifiers: dict[str, str], fields: dict[str, str]
    ) -> dict[str, Any] | None:
        """One person's payload (``None`` for a suspect left blank), noting which form field
        each payload path came from so errors land on the right field."""
        data, prefix = self.cleaned_data, role
        items: list[dict[str, str]] = []
        for field, kind in identifiers.items():
            if data.get(field):
                fields[f"people.{index}.identifiers.{len(items)}"] = field
                platform = data.get("suspect_platform", "") if kind == "handle" else ""
                items.append({"type": kind, "value": data[field], "platform": platform})
        person: dict[str, Any] = {"role": role, "identifiers": items}
        for name in ("name", "description", "date_of_birth", "age"):
            if data.get(f"{prefix}_{name}") not in (None, ""):
                person[name] = data[f"{prefix}_{name}"]
                fields[f"people.{index}.{name}"] = f"{prefix}_{name}"
        if data.get(f"{prefix}_address") or data.get(f"{prefix}_postcode"):
            person["address"] = {
                "address": data.get(f"{prefix}_address", ""),
                "postcode": data.get(f"{prefix}_postcode", ""),
            }
            fields[f"people.{index}.address.postcode"] = f"{prefix}_postcode"
        if len(person) == 2 and not items and role != "victim":
            return None
        fields[f"people.{index}"] = f"{prefix}_name"
        return person

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        fields: dict[str, str] = {"location.postcode": "location_postcode"}
        people = [
            self._person(0, "victim", VICTIM_IDENTIFIERS, fields),
            self._person(1, "suspect", SUSPECT_IDENTIFIERS, fields),
        ]
        payload = {
            "occurred_from": data["occurred_from"],
            "occurred_to": data.get("occurred_to"),
            "channel": data["channel"],
            "classification": data["classification"],
            "narrative": data["narrative"],
            "location": {
                "address": data.get("location_address", ""),
                "postcode": data.get("location_postcode", ""),
            },
            "people": [p for p in people if p is not None],
        }
        try:
            self.report_in = ReportIn.model_validate(payload)
        except ValidationError as exc:
            for error in field_errors(exc.errors()):  # type: ignore[arg-type]
                named = fields.get(error["field"], error["field"])
                self.add_error(named if named in self.fields else None, error["reason"])
        return data
