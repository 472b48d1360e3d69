"""The patient's PHQ-9 check-in form: the intake's questions and answers, word for word
(intake.eligibility.vocabulary), with the same field names, so the intake's crisis help and its
script (static/js/intake.js) work here unchanged."""

from django import forms

from intake.eligibility.vocabulary import (
    PHQ9_ANSWERS,
    PHQ9_DIFFICULTY_ANSWERS,
    PHQ9_DIFFICULTY_ITEM,
    PHQ9_ITEMS,
)

ITEM_FIELDS = tuple(f"phq9_{number}" for number in range(1, 10))


def answer_field(label, answers, *, required=True, help_text=""):
    return forms.TypedChoiceField(
        label=label,
        choices=answers,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        required=required,
        help_text=help_text,
        error_messages={
            "required": "Please choose one answer.",
            "invalid_choice": "Please choose one of the answers.",
        },
    )


class CheckInForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number, item in enumerate(PHQ9_ITEMS, start=1):
            self.fields[f"phq9_{number}"] = answer_field(f"{number}. {item}", PHQ9_ANSWERS)
        self.fields["phq9_9"].widget.attrs["data-crisis-trigger"] = "true"
        self.fields["phq9_difficulty"] = answer_field(
            PHQ9_DIFFICULTY_ITEM,
            PHQ9_DIFFICULTY_ANSWERS,
            required=False,
            help_text="You can skip this one.",
        )

    @property
    def answers(self):
        return [self.cleaned_data[name] for name in ITEM_FIELDS]

    @property
    def difficulty(self):
        return self.cleaned_data.get("phq9_difficulty")
