"""The upload and export forms (validation only: the actions decide)."""

from __future__ import annotations

from typing import Any

from django import forms

from mosaic.accounts.models import Unit

DATE = forms.DateInput(attrs={"type": "date"})


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Reports file (JSON Lines, import format 1.0)",
        help_text="One report per line, as described in docs/import-format.md.",
    )
    skip_other_forces = forms.BooleanField(
        label="Count other forces' reports as skipped (instead of rejecting them)", required=False
    )


class ExportForm(forms.Form):
    unit = forms.ChoiceField(label="Unit", required=False)
    date_from = forms.DateField(label="Reported from", required=False, widget=DATE)
    date_to = forms.DateField(label="Reported until", required=False, widget=DATE)
    recipient = forms.CharField(label="Recipient (who receives this export)", max_length=200)
    reason = forms.CharField(label="Reason for disclosure", max_length=500)

    def __init__(self, *args: Any, force_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(force_id=force_id or 0).order_by("code")
        self.fields["unit"].choices = [("", "Every unit")] + [  # type: ignore[attr-defined]
            (u.code, f"{u.code}: {u.name}") for u in units
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", "is before the start date")
        return data
