"""The patient's PHQ-9 check-in form: the intake's questions and answers, word for word in the
reader's language (intake.eligibility.phq9_forms), with the same field names, so the intake's
crisis help and its script (static/js/intake.js) work here unchanged."""

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from intake.eligibility.phq9_forms import phq9_form
from portal.form_rendering import FIELD_RENDERER

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
            "required": _("Please choose one answer."),
            "invalid_choice": _("Please choose one of the answers."),
        },
    )


class CheckInForm(forms.Form):
    # Drawn as the intake's PHQ-9 (intake/includes/phq9_fields.html).
    default_renderer = FIELD_RENDERER

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        wording = phq9_form(get_language())
        for number, item in enumerate(wording.items, start=1):
            self.fields[f"phq9_{number}"] = answer_field(f"{number}. {item}", wording.answers)
        self.fields["phq9_9"].widget.attrs["data-crisis-trigger"] = "true"
        self.fields["phq9_difficulty"] = answer_field(
            wording.difficulty_item,
            wording.difficulty_answers,
            required=False,
            help_text=_("You can skip this one."),
        )

    @property
    def answers(self):
        return [self.cleaned_data[name] for name in ITEM_FIELDS]

    @property
    def difficulty(self):
        return self.cleaned_data.get("phq9_difficulty")
