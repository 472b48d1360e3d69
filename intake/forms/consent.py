"""The forms of the records release, the parent or guardian, and the TMS consent pages."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import MAX_RELEASE_ROWS, STEP_FIELDS, Intake, ReleaseRequest
from ..signature import expected_signature, signature_matches
from .base import StepFormMixin

PHONE_MESSAGE = _("Please enter a phone or fax number with 7 to 15 digits, like 555-123-4567.")
SIGN_MESSAGE = _("Please type your full name to sign.")


def clean_phone(value, *, required=False):
    phone = " ".join((value or "").split())
    if not phone and not required:
        return ""
    if not re.fullmatch(r"[0-9+()\-. ]+", phone) or not 7 <= len(re.sub(r"\D", "", phone)) <= 15:
        raise forms.ValidationError(PHONE_MESSAGE, code="phone_invalid")
    return phone


def one_line(value):
    """Typed text on one line, without the extra spaces a phone keyboard adds."""
    return " ".join((value or "").split())


class ReleaseRowForm(forms.Form):
    """One doctor or pharmacy. A row left blank is skipped."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(
        label=_("Who is this?"),
        choices=ReleaseRequest.Kind.choices,
        initial=ReleaseRequest.Kind.PRESCRIBER,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(
        label=_("Name of the doctor or pharmacy"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    practice = forms.CharField(
        label=_("Clinic or pharmacy name (if you know it)"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone or fax (if you know it)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
    city = forms.CharField(
        label=_("City"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    error_messages = {"name_needed": _("Please add the name, or clear this row.")}

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone"))

    def clean(self):
        data = super().clean()
        for name in ("name", "practice", "city"):
            if name in data:
                data[name] = one_line(data[name])
        if not data.get("name") and (data.get("practice") or data.get("phone") or data.get("city")):
            self.add_error(
                "name",
                forms.ValidationError(self.error_messages["name_needed"], code="name_needed"),
            )
        return data

    def is_blank(self):
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(n) for n in ("name", "practice", "phone", "city"))


class BaseReleaseFormSet(forms.BaseFormSet):
    def rows(self):
        """The rows filled in, as the service takes them."""
        return [
            {k: v for k, v in form.cleaned_data.items() if k != "id" or v}
            for form in self.forms
            if form.is_valid() and not form.is_blank()
        ]


ReleaseFormSet = forms.formset_factory(
    ReleaseRowForm,
    formset=BaseReleaseFormSet,
    extra=0,
    max_num=MAX_RELEASE_ROWS,
    validate_max=True,
    absolute_max=MAX_RELEASE_ROWS,
)


class SignForm(forms.Form):
    """A typed-name signature of the text shown (its version travels with the form)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    agree = forms.BooleanField(
        label=_("I have read this and I agree"),
        error_messages={"required": _("Please tick the box to say you read it and agree.")},
    )
    signed_name = forms.CharField(
        label=_("Type your full name to sign"),
        max_length=150,
        error_messages={"required": SIGN_MESSAGE},
        help_text=_("Use the name on your account."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def __init__(self, *args, required=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not required:
            self.fields["agree"].required = False
            self.fields["signed_name"].required = False

    def clean_signed_name(self):
        return one_line(self.cleaned_data.get("signed_name"))


class GuardianForm(forms.Form):
    """A minor's parent or guardian, and their consent, typed by them."""

    name = forms.CharField(
        label=_("Parent or guardian's full name"),
        max_length=150,
        error_messages={"required": _("Please enter the parent or guardian's full name.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    relationship = forms.CharField(
        label=_("How are they related to you?"),
        max_length=60,
        help_text=_("For example: mother, father, or legal guardian."),
        error_messages={"required": _("Please say how they are related to you.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Their phone number"),
        max_length=40,
        error_messages={"required": _("Please enter their phone number.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("Their email (if they have one)"),
        max_length=254,
        required=False,
        error_messages={"invalid": _("Enter an email address like name@example.com.")},
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    agree = forms.BooleanField(
        label=_(
            "I am the parent or guardian. I agree that the clinic may look at this intake "
            "and talk with my child about TMS."
        ),
        error_messages={"required": _("The parent or guardian must tick this box.")},
    )
    signed_name = forms.CharField(
        label=_("Parent or guardian: type your full name to sign"),
        max_length=150,
        error_messages={"required": _("The parent or guardian must type their name to sign.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    error_messages = {
        "name_mismatch": _("The signature must be the same as the parent or guardian's name above.")
    }

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone"), required=True)

    def clean(self):
        data = super().clean()
        for name in ("name", "relationship", "signed_name"):
            if name in data:
                data[name] = one_line(data[name])
        name, signed = data.get("name"), data.get("signed_name")
        if name and signed and name.casefold() != signed.casefold():
            error = forms.ValidationError(
                self.error_messages["name_mismatch"], code="name_mismatch"
            )
            self.add_error("signed_name", error)
        return data


class ConsentForm(StepFormMixin, forms.ModelForm):
    required_fields = ("consent_true", "consent_contact", "signed_name")

    class Meta:
        model = Intake
        fields = STEP_FIELDS["consent"]
        labels = {
            "consent_true": _("My answers are true to the best of my knowledge."),
            "consent_contact": _("The clinic may contact me about my intake, in the way I chose."),
            "signed_name": _("Type your full name to sign"),
        }
        help_texts = {
            "signed_name": _(
                "Type the name on your account, exactly as you gave it when you "
                "signed up (upper or lower case does not matter). We record the date and time."
            ),
        }
        widgets = {"signed_name": forms.TextInput(attrs={"autocomplete": "off"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent_true"].error_messages["required"] = _(
            "Please tick this box to confirm your answers."
        )
        self.fields["consent_contact"].error_messages["required"] = _(
            "Please tick this box so the clinic can contact you about your intake."
        )
        self.fields["signed_name"].error_messages["required"] = _(
            "Please type your full name to sign."
        )

    def clean_signed_name(self):
        typed = " ".join(self.cleaned_data.get("signed_name", "").split())
        if typed and not signature_matches(typed, expected_signature(self.patient, self.intake)):
            raise ValidationError(
                _(
                    "The name you typed does not match the name on your account. Please type "
                    "your full name as you gave it when you signed up."
                ),
                code="signature_mismatch",
            )
        return typed
