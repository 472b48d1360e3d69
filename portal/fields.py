"""Form fields shared by the portal's forms (sign-up, and the intake's "About you" step): the
date of birth, and the account's language."""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

OLDEST_AGE = 120
ADULT_AGE = 18  # under this, the intake needs a parent or guardian (intake/guardian.py)


def youngest_age() -> int:
    """The clinic's minimum age for an account (the ``PATIENT_MINIMUM_AGE`` setting)."""
    return settings.PATIENT_MINIMUM_AGE


def age_on(born: datetime.date, day: datetime.date) -> int:
    """Whole years between a date of birth and a day (a birthday on 29 February counts on 1 March
    in other years)."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class MemorableDateWidget(forms.MultiWidget):
    """A date typed as three short boxes, month / day / year, with the number keypad on phones.

    Easier to type than a calendar picker for a date far in the past, such as a date of birth
    (the GOV.UK "memorable date" pattern). Rendered inside a fieldset whose legend is the field's
    label; the boxes' ids are ``<id>_0`` (month), ``<id>_1`` (day) and ``<id>_2`` (year).
    """

    template_name = "portal/widgets/memorable_date.html"
    parts = (("month", _("Month"), 2), ("day", _("Day"), 2), ("year", _("Year"), 4))
    autocomplete_prefix = None  # "bday" for a date of birth: bday-month, bday-day, bday-year

    def __init__(self, attrs=None, autocomplete_prefix=None):
        autocomplete_prefix = autocomplete_prefix or self.autocomplete_prefix
        widgets = []
        for part, _label, size in self.parts:
            part_attrs = {
                "inputmode": "numeric",
                "maxlength": str(size),
                "size": str(size),
                "class": f"form-control date-part date-part-{part}",
            }
            part_attrs["autocomplete"] = (
                f"{autocomplete_prefix}-{part}" if autocomplete_prefix else "off"
            )
            widgets.append(forms.TextInput(attrs=part_attrs))
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.month, value.day, value.year]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, (_part, label, _size) in zip(
            context["widget"]["subwidgets"], self.parts, strict=True
        ):
            subwidget["part_label"] = label
        return context


class DateOfBirthWidget(MemorableDateWidget):
    autocomplete_prefix = "bday"


class MemorableDateField(forms.MultiValueField):
    """A date from three boxes (month, day, year), with plain-word messages."""

    widget = MemorableDateWidget
    default_error_messages = {
        "incomplete": _("Enter the month, the day and the year."),
        "invalid": _("Enter a real date, for example 3 27 1980 for March 27, 1980."),
        "future": _("The date cannot be in the future."),
        "year_digits": _("Enter the year with four numbers, for example 1980."),
    }

    def __init__(self, **kwargs):
        # Their own messages are replaced by one plain message in clean().
        fields = (
            forms.IntegerField(min_value=1, max_value=12),
            forms.IntegerField(min_value=1, max_value=31),
            forms.IntegerField(min_value=0, max_value=9999),
        )
        kwargs.setdefault("require_all_fields", False)
        super().__init__(fields, **kwargs)

    def clean(self, value):
        parts = value if isinstance(value, list | tuple) else []
        filled = [str(part).strip() not in ("", "None") for part in parts]
        if any(filled) and not all(filled):
            raise ValidationError(self.error_messages["incomplete"], code="incomplete")
        # One clear message for any unreadable box, instead of one message per box.
        try:
            return super().clean(value)
        except ValidationError as error:
            own_codes = set(self.error_messages) - {"invalid"}
            if all(e.code in own_codes for e in error.error_list):
                raise
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error

    def compress(self, data_list):
        if not data_list or all(part in (None, "") for part in data_list):
            return None
        if any(part in (None, "") for part in data_list):
            raise ValidationError(self.error_messages["incomplete"], code="incomplete")
        month, day, year = data_list
        if year < 1000:
            raise ValidationError(self.error_messages["year_digits"], code="year_digits")
        try:
            value = datetime.date(year, month, day)
        except ValueError as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error
        if value > timezone.localdate():
            raise ValidationError(self.error_messages["future"], code="future")
        return value


class DateOfBirthField(MemorableDateField):
    """A date of birth: not in the future, and an age from the clinic's minimum
    (``PATIENT_MINIMUM_AGE``) to 120 years."""

    widget = DateOfBirthWidget

    default_error_messages = {
        "future": _("Your date of birth cannot be in the future. Please check the year."),
        "too_young": _(
            "You need to be at least %(youngest)s years old to use this portal. "
            "Please ask the clinic how to get help."
        ),
        "too_old": _("That date makes you more than %(oldest)s years old. Please check the year."),
    }

    def compress(self, data_list):
        value = super().compress(data_list)
        if value is None:
            return None
        age = age_on(value, timezone.localdate())
        params = {"youngest": youngest_age(), "oldest": OLDEST_AGE}
        if age < params["youngest"]:
            raise ValidationError(self.error_messages["too_young"], code="too_young", params=params)
        if age > OLDEST_AGE:
            raise ValidationError(self.error_messages["too_old"], code="too_old", params=params)
        return value


class LanguageField(forms.ChoiceField):
    """The account's language (User.language), as radio buttons: each language named in itself
    ("English", "Español") whatever the page's language, and marked as that language for screen
    readers."""

    widget = forms.RadioSelect

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Language for the portal and its emails"))
        choices = [
            (code, format_html('<span lang="{}">{}</span>', code, name))
            for code, name in settings.LANGUAGES
        ]
        super().__init__(choices=choices, **kwargs)
