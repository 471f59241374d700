"""Questionnaire and order forms. They gather fields; the schemas and the engine validate."""

from __future__ import annotations

from django import forms

from engines.risk import ConditionKind, OrderKind, Questionnaire

ANSWERS = [("", "Not answered yet"), ("yes", "Yes"), ("no", "No"), ("not_known", "Not known")]
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class QuestionnaireForm(forms.Form):
    """One radio group per question; an unanswered question keeps the assessment a draft."""

    def __init__(self, questionnaire: Questionnaire, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for q in questionnaire.questions:
            self.fields[q.id] = forms.ChoiceField(
                label=f"{q.number}. {q.text}",
                choices=ANSWERS,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"{q.id}_notes"] = forms.CharField(
                label="Notes", required=False, max_length=2000
            )


class OrderForm(forms.Form):
    """An order with one condition (more conditions through the API)."""

    kind = forms.ChoiceField(label="Order", choices=[(k.value, k.value) for k in OrderKind])
    subject = forms.ChoiceField(label="Against")
    protected = forms.MultipleChoiceField(label="Protecting", widget=forms.CheckboxSelectMultiple)
    starts_at = forms.DateTimeField(label="In force from", widget=DATETIME)
    ends_at = forms.DateTimeField(
        label="Until (blank: until further order)", required=False, widget=DATETIME
    )
    condition = forms.ChoiceField(
        label="Condition", choices=[(k.value, k.value) for k in ConditionKind]
    )
    postcodes = forms.CharField(
        label="Excluded postcodes (comma-separated)", required=False, max_length=300
    )

    def __init__(
        self,
        suspects: list[tuple[str, str]],
        victims: list[tuple[str, str]],
        *args: object,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["subject"].choices = suspects  # type: ignore[attr-defined]
        self.fields["protected"].choices = victims  # type: ignore[attr-defined]
