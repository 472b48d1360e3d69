"""The intake steps' fields, drawn in Python by the project's renderer (portal/form_rendering.py),
are crispy-forms' Bootstrap 5 markup: the same elements, attributes, ids, classes, labels, help
texts and error messages. crispy-forms stays the reference here: each form is drawn both ways,
blank, filled and with errors, in English and in Spanish, and the two trees must be equal."""

import pytest
from django.utils import translation

from intake.eligibility.vocabulary import SAFETY_KEYS
from intake.views.pages import PAGES

from .dom import assert_forms_match, dom
from .factories import management, step_data, trial_row

STEPS = tuple(PAGES)

# Answers a patient may get wrong, per step: each gives the field an error message of its own.
WRONG = {
    "about-you": {
        "legal_name": "",
        "phone": "call me",
        "date_of_birth_0": "3",
        "date_of_birth_1": "",
        "date_of_birth_2": "1980",
        "contact_method": "pigeon",
        "interpreter_language": "x" * 61,
    },
    "depression": {
        "diagnosis": "",
        "episode_start_month": "13",
        "episode_start_year": "20x3",
        "hospital_stays": "yes",
    },
    "phq9": {"phq9_9": "7", "phq9_difficulty": ""},
    "antidepressants": {
        **management(2),
        **trial_row(0, medication="", daily_dose_mg="9999", weeks="-2", start_month="5"),
        **trial_row(1, outcome="", current_episode="", side_effects="y" * 1001),
    },
    "other-treatments": {
        "therapy_had": "yes",
        "therapy_kind": "",
        "therapy_weeks": "many",
        "ect_had": "",
        "tms_had": "yes",
        "tms_improvement_pct": "150",
        "tms_month": "4",
        "tms_year": "",
    },
    "safety": {
        SAFETY_KEYS[0]: "",
        f"{SAFETY_KEYS[0]}_details": "z" * 1001,
        SAFETY_KEYS[1]: "maybe",
    },
    "consent": {"consent_true": "", "signed_name": ""},
}


def step_forms(slug, patient, data, complete):
    """Every form of a step's page, as the view builds it (the medicine rows, and the blank row
    the page's script copies, included)."""
    built = PAGES[slug].build(patient=patient, intake=None, data=data, complete=complete)
    forms = [built["form"]]
    formset = built.get("formset")
    if formset is not None:
        forms += [*formset.forms, formset.empty_form]
    if data is not None:
        PAGES[slug].is_valid(built)
    return forms


CASES = {
    "blank": lambda slug: (None, True),
    "blank, saving for later": lambda slug: (None, False),
    "filled": lambda slug: (step_data(slug), True),
    "missing answers": lambda slug: (
        {"action": "continue", **(management(1) if slug == "antidepressants" else {})},
        True,
    ),
    "wrong answers": lambda slug: ({**step_data(slug), **WRONG[slug]}, True),
    "wrong answers, saving for later": lambda slug: ({**step_data(slug), **WRONG[slug]}, False),
}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("slug", STEPS)
def test_each_step_is_drawn_as_crispy_forms_draws_it(patient, slug, case, language):
    data, complete = CASES[case](slug)
    with translation.override(language):
        forms = step_forms(slug, patient, data, complete)
        if case.startswith(("missing", "wrong")) and not case.endswith("later"):
            assert any(form.errors for form in forms), "the case shows no error"
        assert_forms_match(
            lambda: step_forms(slug, patient, data, complete), f"{slug}, {case}, {language}"
        )


def test_the_comparison_sees_one_attribute_or_word_apart():
    field = (
        '<div class="mb-3"><input type="text" name="x" class="textinput form-control" id="id_x">'
        "</div>"
    )
    assert dom(field) == dom(field.replace('" ', '"\n   ').replace("</div>", " \n</div>"))
    for changed in (
        field.replace(' id="id_x"', ""),
        field.replace(' id="id_x"', ' id="id_y"'),
        field.replace("form-control", "form-control is-invalid"),
        field.replace('id="id_x"', 'id="id_x" required'),
        field.replace("<div", "<span").replace("</div>", "</span>"),
        field.replace("</div>", "Month</div>"),
    ):
        assert dom(changed) != dom(field), changed
