"""Step 4: the antidepressants tried, as a formset of rows, or "I have not taken one"."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from ..eligibility.vocabulary import MAX_DAILY_DOSE_MG, MAX_TRIAL_WEEKS
from ..models import TrialOutcome, YesNo, YesNoNotSure
from ..suggestions import medication_suggestions
from .base import (
    REQUIRED_MESSAGE,
    StepFormMixin,
    check_month_year,
    month_field,
    parse_dose,
    parse_whole_number,
    year_field,
)

# Far more rows than anyone needs, and a hard stop against a forged TOTAL_FORMS.
MAX_TRIALS = 30
TRIALS_PREFIX = "trials"


class NoAntidepressantsForm(StepFormMixin, forms.Form):
    no_antidepressants = forms.BooleanField(
        label=_("I have not taken an antidepressant"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["no_antidepressants"].required = False


class TrialForm(StepFormMixin, forms.Form):
    required_fields = ("medication", "current_episode", "augmentation", "outcome")

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    medication = forms.CharField(
        label=_("Medicine name"),
        max_length=100,
        help_text=_("The brand or the generic name, for example Zoloft or sertraline."),
        widget=forms.TextInput(
            attrs={"list": "medication-suggestions", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    daily_dose_mg = forms.CharField(
        label=_("Highest daily dose, in mg (optional)"),
        help_text=_("For example 150. If you took it twice a day, add the doses together."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    weeks = forms.CharField(
        label=_("Weeks at that dose (optional)"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    start_month = month_field(_("Month you started it"))
    start_year = year_field(_("Year you started it (optional)"))
    current_episode = forms.ChoiceField(
        label=_("Was this during your current episode of depression?"),
        choices=YesNoNotSure.choices,
        widget=forms.RadioSelect,
    )
    augmentation = forms.ChoiceField(
        label=_("Did you take it as an add-on to another antidepressant?"),
        choices=YesNo.choices,
        widget=forms.RadioSelect,
    )
    still_taking = forms.BooleanField(label=_("I am still taking it."))
    outcome = forms.ChoiceField(
        label=_("How did it work for you?"), choices=TrialOutcome.choices, widget=forms.RadioSelect
    )
    side_effects = forms.CharField(
        label=_("Side effects, if any (optional)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The name is checked in clean(): a row left entirely blank is simply dropped.
        self.fields["medication"].required = False

    def clean_daily_dose_mg(self):
        return parse_dose(self.cleaned_data.get("daily_dose_mg"), maximum=MAX_DAILY_DOSE_MG)

    def clean_weeks(self):
        return parse_whole_number(
            self.cleaned_data.get("weeks"),
            what=_("weeks"),
            maximum=MAX_TRIAL_WEEKS,
            too_high_code="weeks_too_many",
        )

    def clean_medication(self):
        return " ".join(self.cleaned_data.get("medication", "").split())

    def clean(self):
        cleaned = super().clean()
        check_month_year(self, "start_month", "start_year")
        if self.is_blank():
            return cleaned
        if not cleaned.get("medication") and "medication" not in self.errors:
            self.add_error(
                "medication",
                ValidationError(_("Please type the name of the medicine."), code="required"),
            )
        return cleaned

    def full_clean(self):
        """A row the patient removed is not checked: it has no errors, and nothing in it is
        saved (the formset drops it)."""
        if self.is_bound and "DELETE" in self.fields:
            delete = self.fields["DELETE"]
            if delete.to_python(self["DELETE"].data):
                self._errors = ErrorDict()
                self.cleaned_data = {"DELETE": True}
                return
        super().full_clean()

    def is_blank(self):
        """Nothing typed or chosen in this row (a blank row is dropped, not an error)."""
        data = getattr(self, "cleaned_data", {})
        return not any(
            data.get(name) not in (None, "", False) for name in self.fields if name != "id"
        ) and not any(name in self.errors for name in self.fields if name != "id")

    def row(self):
        data = {name: self.cleaned_data.get(name) for name in self.fields}
        for name in ("medication", "current_episode", "augmentation", "outcome", "side_effects"):
            data[name] = data[name] or ""
        data["still_taking"] = bool(data["still_taking"])
        return data


class BaseTrialFormSet(forms.BaseFormSet):
    def __init__(self, *args, complete=True, **kwargs):
        self.complete = complete
        super().__init__(*args, prefix=TRIALS_PREFIX, **kwargs)
        self.error_messages = {
            **self.error_messages,
            "too_many_forms": _(
                "You can list up to %(max)s medicines here. If you have tried more, list the "
                "most recent ones and tell the clinic about the others."
            )
            % {"max": MAX_TRIALS},
            "missing_management_form": _(
                "Something went wrong with this page. Please reload it and try again."
            ),
        }

    def get_form_kwargs(self, index):
        return {"complete": self.complete}

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.use_required_attribute = False
        return form

    @property
    def kept_forms(self):
        """Rows to save: valid, not removed, not blank."""
        return [
            form
            for form in self.forms
            if not self._should_delete_form(form) and form.is_valid() and not form.is_blank()
        ]

    def rows(self):
        return [form.row() for form in self.kept_forms]


TrialFormSet = forms.formset_factory(
    TrialForm,
    formset=BaseTrialFormSet,
    extra=0,
    can_delete=True,
    max_num=MAX_TRIALS,
    absolute_max=MAX_TRIALS,
    validate_max=True,
)


def check_trials_answer(no_form, formset):
    """Either "I have not taken one" or at least one medicine (when complete); never both."""
    has_rows = bool(formset.kept_forms)
    if no_form.cleaned_data.get("no_antidepressants") and has_rows:
        no_form.add_error(
            "no_antidepressants",
            ValidationError(
                _(
                    "You ticked “I have not taken an antidepressant” but also listed "
                    "medicines. Please untick the box or remove the medicines."
                ),
                code="no_trials_conflict",
            ),
        )
    elif no_form.complete and not has_rows and not no_form.cleaned_data.get("no_antidepressants"):
        no_form.add_error(
            "no_antidepressants",
            ValidationError(
                _(
                    "Please list at least one antidepressant, or tick this box if you have not "
                    "taken one."
                ),
                code="no_trials_answer",
            ),
        )


__all__ = [
    "MAX_TRIALS",
    "REQUIRED_MESSAGE",
    "NoAntidepressantsForm",
    "TrialFormSet",
    "check_trials_answer",
    "medication_suggestions",
]
