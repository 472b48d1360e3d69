"""How each step's forms are built from the saved intake or from a POST, and what they save.

One small class per kind of step; ``PAGES`` maps a step slug to its page.
"""

from ..forms import (
    MAX_TRIALS,
    AboutYouForm,
    ConsentForm,
    DepressionForm,
    NoAntidepressantsForm,
    OtherTreatmentsForm,
    Phq9Form,
    SafetyForm,
    TrialFormSet,
    check_trials_answer,
)
from ..models import STEP_FIELDS, Intake
from ..step_cache import medication_suggestions


class ModelStepPage:
    """A step whose answers are fields of the Intake, edited with one ModelForm."""

    def __init__(self, slug, form_class):
        self.slug = slug
        self.form_class = form_class

    def template(self):
        return f"intake/steps/{self.slug}.html"

    def build(self, *, patient, intake, data=None, complete=True, extra_rows=0):
        instance = intake
        if instance is None:
            # Not saved yet: what the account already knows is filled in.
            instance = Intake(
                patient=patient,
                legal_name=patient.get_full_name(),
                date_of_birth=patient.date_of_birth,
            )
        form = self.form_class(
            data, instance=instance, complete=complete, patient=patient, intake=intake
        )
        return {"form": form}

    def is_valid(self, forms):
        return forms["form"].is_valid()

    def save_kwargs(self, forms):
        form = forms["form"]
        if hasattr(form, "answers"):
            return {"answers": form.answers()}
        return {"answers": {name: form.cleaned_data.get(name) for name in STEP_FIELDS[self.slug]}}


class AboutYouPage(ModelStepPage):
    """Step 1: the intake's answers, and the account's language (saved on the account)."""

    def save_kwargs(self, forms):
        form = forms["form"]
        return {**super().save_kwargs(forms), "language": form.cleaned_data.get("language")}


class SafetyPage(ModelStepPage):
    def build(self, *, patient, intake, data=None, complete=True, extra_rows=0):
        answers = intake.safety_answers.all() if intake is not None else []
        initial = SafetyForm.initial_from(answers)
        form = SafetyForm(data, initial=initial, complete=complete, patient=patient, intake=intake)
        return {"form": form}

    def save_kwargs(self, forms):
        return {"answers": {}, "safety": forms["form"].safety()}


class TrialsPage(ModelStepPage):
    """Step 4: the "none" box and the formset of medicine rows."""

    def build(self, *, patient, intake, data=None, complete=True, extra_rows=0):
        trials = list(intake.trials.all()) if intake is not None else []
        no_initial = {"no_antidepressants": intake.no_antidepressants if intake else False}
        initial = [_trial_initial(t) for t in trials]
        if data is None and not trials and not no_initial["no_antidepressants"]:
            extra_rows = max(extra_rows, 1)  # a first row to fill in
        extra_rows = max(0, min(extra_rows, MAX_TRIALS - len(trials)))
        formset = TrialFormSet(data, initial=initial or None, complete=complete)
        formset.extra = extra_rows  # per request; the class attribute is left alone
        no_form = NoAntidepressantsForm(
            data, initial=no_initial, complete=complete, patient=patient, intake=intake
        )
        return {
            "form": no_form,
            "formset": formset,
            "medication_suggestions": medication_suggestions(),
            "max_trials": MAX_TRIALS,
        }

    def is_valid(self, forms):
        no_form, formset = forms["form"], forms["formset"]
        valid = no_form.is_valid() & formset.is_valid()
        if valid:
            check_trials_answer(no_form, formset)
        return valid and no_form.is_valid()

    def save_kwargs(self, forms):
        return {
            "answers": {"no_antidepressants": forms["form"].cleaned_data["no_antidepressants"]},
            "trials": forms["formset"].rows(),
        }


def _trial_initial(trial):
    """A saved medicine row as its form shows it."""
    return {
        "id": trial.pk,
        "medication": trial.medication,
        "daily_dose_mg": _dose_text(trial.daily_dose_mg),
        "weeks": "" if trial.weeks is None else str(trial.weeks),
        "start_month": trial.start_month,
        "start_year": trial.start_year,
        "current_episode": trial.current_episode,
        "augmentation": trial.augmentation,
        "still_taking": trial.still_taking,
        "outcome": trial.outcome,
        "side_effects": trial.side_effects,
    }


def _dose_text(dose):
    return "" if dose is None else f"{dose.normalize():f}"


PAGES = {
    "about-you": AboutYouPage("about-you", AboutYouForm),
    "depression": ModelStepPage("depression", DepressionForm),
    "phq9": ModelStepPage("phq9", Phq9Form),
    "antidepressants": TrialsPage("antidepressants", None),
    "other-treatments": ModelStepPage("other-treatments", OtherTreatmentsForm),
    "safety": SafetyPage("safety", SafetyForm),
    "consent": ModelStepPage("consent", ConsentForm),
}
