"""The forms of steps 1, 2, 3, 5, 6 and 7 (step 4, the antidepressants, is in trials.py)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from portal.fields import DateOfBirthField, LanguageField
from portal.i18n import language_of

from ..eligibility.phq9_forms import phq9_form
from ..eligibility.vocabulary import MAX_TRIAL_WEEKS, SAFETY_ITEMS, SAFETY_KEYS
from ..models import STEP_FIELDS, Intake
from .base import (
    StepFormMixin,
    check_month_year,
    month_field,
    parse_whole_number,
    radio,
    whole_number_field,
    year_field,
)


class AboutYouForm(StepFormMixin, forms.ModelForm):
    required_fields = (
        "legal_name",
        "date_of_birth",
        "phone",
        "contact_method",
        "contact_time",
        "language",
    )

    date_of_birth = DateOfBirthField(
        label=_("Date of birth"), help_text=_("For example: 3 27 1980.")
    )
    # Not an answer of the intake: the account's language (User.language), which the portal's
    # pages and mails follow. The service saves it on the account.
    language = LanguageField()

    class Meta:
        model = Intake
        fields = STEP_FIELDS["about-you"]
        labels = {
            "legal_name": _("Your legal name"),
            "preferred_name": _("The name you like to be called (optional)"),
            "date_of_birth": _("Date of birth"),
            "phone": _("Phone number"),
            "contact_method": _("What is the best way to reach you?"),
            "contact_time": _("What is the best time to reach you?"),
            "interpreter_language": _("Another language you speak best at appointments (optional)"),
            "referring_clinician": _("Did a clinician send you to us? Their name (optional)"),
            "insurance_plan": _("Your insurance plan name (optional)"),
        }
        help_texts = {
            "legal_name": _("As it appears on your insurance card or ID."),
            "interpreter_language": _(
                "If you would like an interpreter, write the language here. We can arrange one."
            ),
            "insurance_plan": _(
                "For example: Aetna Choice POS II. It helps us check your plan's rules for TMS."
            ),
        }
        widgets = {
            "contact_method": radio(),
            "contact_time": radio(),
            "legal_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "preferred_name": forms.TextInput(attrs={"autocomplete": "nickname"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "interpreter_language": forms.TextInput(attrs={"autocomplete": "language"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = self.fields.pop("language")
        language.initial = language_of(self.patient) if self.patient else None
        # Right after the contact questions, as the page asks them.
        fields = list(self.fields.items())
        at = [name for name, _field in fields].index("interpreter_language")
        self.fields = dict([*fields[:at], ("language", language), *fields[at:]])

    def clean_phone(self):
        phone = " ".join(self.cleaned_data.get("phone", "").split())
        if phone and (
            not re.fullmatch(r"[0-9+()\-. ]+", phone)
            or not 7 <= len(re.sub(r"\D", "", phone)) <= 15
        ):
            raise ValidationError(
                _("Please enter a phone number with 7 to 15 digits, like 555-123-4567."),
                code="phone_invalid",
            )
        return phone


class DepressionForm(StepFormMixin, forms.ModelForm):
    required_fields = (
        "diagnosis",
        "episode_start_year",
        "past_episodes",
        "hospital_stays",
        "psychosis",
        "high_mood",
        "substance_use_90d",
    )
    episode_start_month = month_field(_("Month"))
    episode_start_year = year_field(_("Year"))

    class Meta:
        model = Intake
        fields = STEP_FIELDS["depression"]
        labels = {
            "diagnosis": _("What has a clinician told you about your depression?"),
            "past_episodes": _(
                "Before this one, how many times have you had depression that lasted "
                "2 weeks or more?"
            ),
            "hospital_stays": _("Have you ever stayed in a hospital for your mental health?"),
            "hospital_details": _("If yes: about when, and for how long? (optional)"),
            "psychosis": _(
                "Have you ever heard or seen things that other people did not, or held "
                "beliefs that other people found very strange?"
            ),
            "high_mood": _(
                "Have you had times of unusually high mood or energy, when you needed "
                "much less sleep, lasting several days?"
            ),
            "substance_use_90d": _(
                "In the last 90 days, has alcohol or drug use caused problems "
                "for you, or have you used street drugs?"
            ),
            "substance_details": _("If yes: please tell us more (optional)"),
        }
        help_texts = {
            "psychosis": _(
                "We ask everyone this. Some conditions change which treatment is safest."
            ),
            "high_mood": _(
                "This can be a sign of bipolar disorder, which changes how TMS is used."
            ),
        }
        widgets = {
            name: radio()
            for name in (
                "diagnosis",
                "past_episodes",
                "hospital_stays",
                "psychosis",
                "high_mood",
                "substance_use_90d",
            )
        } | {
            "hospital_details": forms.Textarea(attrs={"rows": 2}),
            "substance_details": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        cleaned = super().clean()
        birth = self.intake.date_of_birth if self.intake else None
        check_month_year(self, "episode_start_month", "episode_start_year", birth_date=birth)
        return cleaned


class Phq9Form(StepFormMixin, forms.ModelForm):
    required_fields = STEP_FIELDS["phq9"]

    class Meta:
        model = Intake
        fields = STEP_FIELDS["phq9"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The published wording in the reader's language (never a .po translation).
        wording = phq9_form(get_language())
        for number, item in enumerate(wording.items, start=1):
            self.fields[f"phq9_{number}"] = self._answer_field(
                f"{number}. {item}", wording.answers, f"phq9_{number}"
            )
        self.fields["phq9_difficulty"] = self._answer_field(
            wording.difficulty_item, wording.difficulty_answers, "phq9_difficulty"
        )

    def _answer_field(self, label, answers, name):
        field = forms.TypedChoiceField(
            label=label,
            choices=answers,
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            required=self.complete,
            error_messages={
                "required": _("Please choose one answer."),
                "invalid_choice": _("Please choose one of the answers."),
            },
        )
        if name == "phq9_9":
            field.widget.attrs["data-crisis-trigger"] = "true"
        return field


class OtherTreatmentsForm(StepFormMixin, forms.ModelForm):
    required_fields = ("therapy_had", "ect_had", "tms_had", "ketamine")
    therapy_weeks = whole_number_field(
        _("About how many weeks did it last? (optional)"),
        _("If you went once a week, this is about the number of sessions."),
    )
    ect_sessions = whole_number_field(_("About how many ECT sessions? (optional)"))
    ect_month = month_field(_("Month of the last ECT"))
    ect_year = year_field(_("Year of the last ECT (optional)"))
    tms_improvement_pct = whole_number_field(
        _("About how much did TMS help, in percent? (optional)"),
        help_text=_("0 means no help at all, 100 means you felt completely well."),
    )
    tms_month = month_field(_("Month of your last TMS"))
    tms_year = year_field(_("Year of your last TMS (optional)"))

    class Meta:
        model = Intake
        fields = STEP_FIELDS["other-treatments"]
        labels = {
            "therapy_had": _("Have you had talk therapy (psychotherapy) for depression?"),
            "therapy_kind": _("What kind of talk therapy?"),
            "therapy_outcome": _("How did talk therapy work for you?"),
            "ect_had": _("Have you ever had ECT (electroconvulsive therapy)?"),
            "ect_outcome": _("How did ECT work for you?"),
            "tms_had": _("Have you had TMS before?"),
            "ketamine": _("Have you had ketamine or esketamine (Spravato) for depression?"),
            "ketamine_details": _("If yes: when, and how did it work for you? (optional)"),
        }
        widgets = {
            name: radio()
            for name in (
                "therapy_had",
                "therapy_kind",
                "therapy_outcome",
                "ect_had",
                "ect_outcome",
                "tms_had",
                "ketamine",
            )
        } | {"ketamine_details": forms.Textarea(attrs={"rows": 2})}

    def clean_therapy_weeks(self):
        return parse_whole_number(
            self.cleaned_data.get("therapy_weeks"),
            what=_("weeks"),
            maximum=MAX_TRIAL_WEEKS,
            too_high_code="weeks_too_many",
        )

    def clean_ect_sessions(self):
        return parse_whole_number(
            self.cleaned_data.get("ect_sessions"),
            what=_("sessions"),
            maximum=200,
            too_high_code="sessions_too_many",
        )

    def clean_tms_improvement_pct(self):
        value = self.cleaned_data.get("tms_improvement_pct", "").strip().rstrip("%").strip()
        number = parse_whole_number(
            value, what=_("percent"), maximum=100, too_high_code="percent_too_high"
        )
        return number

    def clean(self):
        cleaned = super().clean()
        birth = self.intake.date_of_birth if self.intake else None
        check_month_year(self, "ect_month", "ect_year", birth_date=birth)
        check_month_year(self, "tms_month", "tms_year", birth_date=birth)
        if cleaned.get("therapy_had") == "yes":
            self.require("therapy_kind", "therapy_outcome")
        if cleaned.get("ect_had") == "yes":
            self.require("ect_outcome")
        return cleaned

    def answers(self):
        """Answers to questions that do not apply ("no" to the main question) are cleared."""
        data = {name: self.cleaned_data.get(name) for name in self._meta.fields}
        for main, dependents in (
            ("therapy_had", ("therapy_kind", "therapy_weeks", "therapy_outcome")),
            ("ect_had", ("ect_sessions", "ect_outcome", "ect_month", "ect_year")),
            ("tms_had", ("tms_improvement_pct", "tms_month", "tms_year")),
        ):
            if data[main] == "no":
                for name in dependents:
                    data[name] = None if name in NULLABLE else ""
        if data["ketamine"] == "no":
            data["ketamine_details"] = ""
        return data


NULLABLE = {
    "therapy_weeks",
    "ect_sessions",
    "ect_month",
    "ect_year",
    "tms_improvement_pct",
    "tms_month",
    "tms_year",
}


class SafetyForm(StepFormMixin, forms.Form):
    """One yes/no question per safety item, each with a details box for a "yes"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for item in SAFETY_ITEMS:
            key = item.key
            self.fields[key] = forms.ChoiceField(
                label=gettext(item.question),
                choices=[("yes", _("Yes")), ("no", _("No"))],
                widget=forms.RadioSelect(attrs={"data-details-toggle": f"id_{key}_details"}),
                required=self.complete,
                error_messages={
                    "required": _("Please answer yes or no."),
                    "invalid_choice": _("Please answer yes or no."),
                },
            )
            self.fields[f"{key}_details"] = forms.CharField(
                label=gettext("If yes, tell us about %(topic)s (what and when)")
                % {"topic": gettext(item.topic)},
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2, "data-details-for": key}),
                error_messages={
                    "max_length": _(
                        "Please keep this to %(limit_value)d characters or fewer "
                        "(it has %(show_value)d)."
                    )
                },
            )

    @classmethod
    def initial_from(cls, answers):
        initial = {}
        for answer in answers:
            initial[answer.key] = answer.answer
            initial[f"{answer.key}_details"] = answer.details
        return initial

    def pairs(self):
        """Each question with its details box, for the template."""
        return [(self[key], self[f"{key}_details"]) for key in SAFETY_KEYS]

    def safety(self):
        return {
            key: (self.cleaned_data.get(key) or "", self.cleaned_data.get(f"{key}_details", ""))
            for key in SAFETY_KEYS
        }
