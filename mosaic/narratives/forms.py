"""The report page's tag forms: they build the same ``ReviewIn``/``TagIn`` as the API."""

from __future__ import annotations

from typing import Any

from django import forms
from pydantic import ValidationError

from engines.narrative import STATUSES
from engines.vocabulary import BEHAVIOURS, RISK_CUES
from mosaic.narratives.schemas import ReviewIn, TagIn
from mosaic.web.errors import field_errors

CODES = [("", "Keep as it is")] + [(c, c.replace("_", " ")) for c in (*BEHAVIOURS, *RISK_CUES)]
STATUS_CHOICES = [("", "Keep as it is")] + [(s, s) for s in STATUSES]


def _copy_errors(form: forms.Form, exc: ValidationError) -> None:
    for error in field_errors(exc.errors()):  # type: ignore[arg-type]
        field = error["field"] if error["field"] in form.fields else None
        form.add_error(field, error["reason"])


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("confirm", "Confirm"), ("correct", "Correct"), ("reject", "Reject")]
    )
    code = forms.ChoiceField(label="Correct code to", choices=CODES, required=False)
    status = forms.ChoiceField(label="Correct status to", choices=STATUS_CHOICES, required=False)
    note = forms.CharField(label="Note (why; needed to reject)", max_length=500, required=False)

    review_in: ReviewIn

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        payload = {k: v for k, v in data.items() if v not in ("", None)}
        try:
            self.review_in = ReviewIn.model_validate(payload)
        except ValidationError as exc:
            _copy_errors(self, exc)
        return data


class AddTagForm(forms.Form):
    code = forms.ChoiceField(label="Code", choices=CODES[1:])
    status = forms.ChoiceField(label="Status", choices=STATUS_CHOICES[1:], initial="happened")
    words = forms.CharField(
        label="The words, exactly as in the narrative", max_length=1000, strip=False
    )
    note = forms.CharField(label="Note", max_length=500, required=False)

    tag_in: TagIn

    def __init__(self, *args: Any, narrative: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.narrative = narrative

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        words = data["words"]
        # The first place the words appear: officers quote, they do not count characters.
        start = self.narrative.find(words) if words.strip() else -1
        if start < 0:
            self.add_error("words", "these words are not in the narrative")
            return data
        payload = {**data, "start": start, "end": start + len(words)}
        payload.pop("words")
        try:
            self.tag_in = TagIn.model_validate(payload)
        except ValidationError as exc:
            _copy_errors(self, exc)
        return data
