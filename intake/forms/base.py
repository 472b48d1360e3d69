"""What every step form shares: optional fields when saving for later, plain-word messages."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.form_rendering import FIELD_RENDERER

from ..models import MONTHS

REQUIRED_MESSAGE = _("Please answer this question.")
MIN_YEAR = 1900
UP_TO = _("Up to %(limit)s characters.")


def today():
    return timezone.localdate()


def month_field(label):
    return forms.TypedChoiceField(
        label=label,
        choices=[("", _("Month (optional)")), *MONTHS],
        coerce=int,
        empty_value=None,
        required=False,
    )


def year_field(label, help_text=""):
    return forms.IntegerField(
        label=label,
        required=False,
        help_text=help_text,
        error_messages={"invalid": _("Please enter the year as four digits, like 2021.")},
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


def whole_number_field(label, help_text="", **attrs):
    return forms.CharField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", **attrs}),
    )


def parse_whole_number(value, *, what, maximum, too_high_code):
    """A patient-typed whole number ("12", " 12 ") or None; plain-word errors with codes."""
    value = (value or "").strip()
    if not value:
        return None
    if re.fullmatch(r"-\s*\d+", value):
        raise ValidationError(
            _("The number of %(what)s cannot be below zero."),
            code="negative",
            params={"what": what},
        )
    if not value.isdigit():
        raise ValidationError(
            _("Please enter the number of %(what)s as a whole number, like 8."),
            code="not_a_number",
            params={"what": what},
        )
    number = int(value)
    if number > maximum:
        raise ValidationError(
            _(
                "That is more %(what)s than we can record (the most is %(max)s). "
                "Please check the number."
            ),
            code=too_high_code,
            params={"what": what, "max": maximum},
        )
    return number


def parse_dose(value, *, maximum):
    """A daily dose in mg as typed ("150", "37.5", "150 mg", "1,000") or None."""
    value = (value or "").strip().lower()
    value = re.sub(r"\s*(mg|milligrams?)\.?$", "", value).replace(",", "").strip()
    if not value:
        return None
    try:
        dose = Decimal(value)
    except InvalidOperation:
        dose = None
    if dose is None or not dose.is_finite():
        raise ValidationError(
            _("Please enter the dose as a number of milligrams, like 150 or 37.5."),
            code="dose_not_a_number",
        )
    if dose < 0:
        raise ValidationError(_("The dose cannot be below zero."), code="dose_negative")
    if dose > maximum:
        raise ValidationError(
            _(
                "%(dose)s mg a day is far more than any usual dose (we accept up to %(max)s "
                "mg). Please check the number and the unit: the dose is in milligrams (mg)."
            ),
            code="dose_too_high",
            params={"dose": f"{dose.normalize():f}", "max": maximum},
        )
    return dose.quantize(Decimal("0.01"))


def check_month_year(form, month_field_name, year_field_name, *, birth_date=None):
    """Month and year of a past event: the year is needed with a month, nothing in the future."""
    month = form.cleaned_data.get(month_field_name)
    year = form.cleaned_data.get(year_field_name)
    if year_field_name in form.errors:
        return
    if month and year is None:
        form.add_error(
            year_field_name, ValidationError(_("Please add the year too."), "year_missing")
        )
        return
    if year is None:
        return
    now = today()
    if year < MIN_YEAR:
        form.add_error(
            year_field_name,
            ValidationError(
                _("Please enter a year after %(min)s."),
                code="year_too_early",
                params={"min": MIN_YEAR},
            ),
        )
    elif year > now.year or (year == now.year and month and month > now.month):
        form.add_error(
            year_field_name,
            ValidationError(
                _("This date is in the future. Please enter when it happened."),
                code="date_in_future",
            ),
        )
    elif birth_date and year < birth_date.year:
        form.add_error(
            year_field_name,
            ValidationError(_("This is before your date of birth."), code="before_birth"),
        )


class StepFormMixin:
    """A step form is ``complete`` (every required answer needed: "Save and continue") or not
    ("Save and finish later": only what was typed is checked)."""

    # Fields required when complete (model fields are blank=True so drafts can be saved).
    required_fields = ()
    # Bootstrap 5 markup drawn in Python: {{ form }}, {{ form.name.as_field_group }}.
    default_renderer = FIELD_RENDERER

    def __init__(self, *args, complete=True, patient=None, intake=None, **kwargs):
        self.complete = complete
        self.patient = patient
        self.intake = intake
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.required = complete and name in self.required_fields
            field.error_messages["required"] = REQUIRED_MESSAGE
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = _(
                    "Please keep this to %(limit_value)d characters or fewer "
                    "(it has %(show_value)d)."
                )
                if isinstance(field.widget, forms.Textarea):
                    field.help_text = field.help_text or UP_TO % {"limit": field.max_length}
            if isinstance(field, forms.TypedChoiceField | forms.ChoiceField) and isinstance(
                field.widget, forms.RadioSelect
            ):
                field.choices = [c for c in field.choices if c[0] not in ("", None)]
                field.error_messages["invalid_choice"] = _("Please choose one of the answers.")

    def require(self, *names):
        """In a complete save, each of ``names`` must have an answer (conditional questions)."""
        if not self.complete:
            return
        for name in names:
            value = self.cleaned_data.get(name)
            if name not in self.errors and value in (None, "", [], False):
                self.add_error(name, ValidationError(REQUIRED_MESSAGE, code="required"))


def radio(**kwargs):
    return forms.RadioSelect(**kwargs)


__all__ = [
    "REQUIRED_MESSAGE",
    "StepFormMixin",
    "check_month_year",
    "month_field",
    "parse_dose",
    "parse_whole_number",
    "radio",
    "today",
    "whole_number_field",
    "year_field",
]
