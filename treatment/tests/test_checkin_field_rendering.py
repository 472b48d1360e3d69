"""The course's PHQ-9 check-in, its fields drawn in Python (portal/form_rendering.py), is drawn
as crispy-forms' Bootstrap 5 pack draws it (crispy-forms stays the reference;
intake/tests/test_field_rendering.py does the same for every intake step)."""

import pytest
from django.utils import translation

from intake.tests.dom import assert_forms_match
from intake.tests.factories import step_data
from treatment.forms import CheckInForm


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(
    "data", [None, step_data("phq9"), {"phq9_1": "9"}], ids=["blank", "filled", "errors"]
)
def test_the_course_check_in_is_drawn_as_crispy_forms_draws_it(data, language):
    with translation.override(language):

        def make():
            form = CheckInForm(data)
            if data is not None:
                form.is_valid()
            return [form]

        assert_forms_match(make, f"check-in, {language}")
