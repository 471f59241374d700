"""Review, merge and split forms: validation only."""

from __future__ import annotations

from django import forms


class ReviewForm(forms.Form):
    reason = forms.CharField(label="Reason", max_length=500, required=False)


class RejectForm(forms.Form):
    reason = forms.CharField(label="Why they are different people", max_length=500)


class MergeForm(forms.Form):
    other = forms.CharField(label="Same person as (P-…)", max_length=12)
    reason = forms.CharField(label="Reason", max_length=500)


class SplitForm(forms.Form):
    mentions = forms.TypedMultipleChoiceField(label="Reports to move", coerce=int)
    reason = forms.CharField(label="Reason", max_length=500)

    def __init__(self, *args: object, choices: list[tuple[int, str]], **kw: object) -> None:
        super().__init__(*args, **kw)  # type: ignore[arg-type]
        self.fields["mentions"].choices = choices  # type: ignore[attr-defined]
