"""Forms on the course page: reclassify, record the crime. Validation only."""

from __future__ import annotations

from django import forms

from engines.vocabulary import HOME_OFFICE_CLASSES

CLASS_CHOICES = [("", "No crime")] + [
    (code, f"{code} {c['label']}") for code, c in HOME_OFFICE_CLASSES.items()
]


class ReclassifyForm(forms.Form):
    classification = forms.ChoiceField(
        label="New classification", choices=CLASS_CHOICES, required=False
    )
    reason = forms.CharField(
        label="Reason for the reclassification",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class RecordCrimeForm(forms.Form):
    crime_reference = forms.CharField(label="Crime reference", max_length=40)
