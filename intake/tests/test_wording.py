"""The one wording guard (intake/eligibility/wording.py, and intake/wording.py's form
validator): what it catches, what it lets through, and that every patient wording the project
ships passes it."""

import pytest
from django.core.exceptions import ValidationError

from intake.eligibility.wording import find_decision_words, normalise
from intake.models import Outcome
from intake.setup import files
from intake.wording import check_patient_wording


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("You are ineligible for TMS.", "ineligible"),
        ("Good news: you are eligible.", "eligible"),
        ("Your eligibility is being checked.", "eligibility"),
        ("unapproved", "unapproved"),
        ("You are approved.", "approved"),
        ("Approval takes a week.", "Approval"),
        ("You have been accepted for TMS.", "You have been accepted"),
        ("We accepted you for treatment: accepted for TMS.", "accepted for"),
        ("eli\u00adgible", "eligible"),  # a soft hyphen inside the word
        ("\u0435ligible", "eligible"),  # a Cyrillic ie
        ("e\u200bligible", "eligible"),  # a zero-width space
        ("\uff45\uff4c\uff49\uff47\uff49\uff42\uff4c\uff45", "eligible"),  # full-width letters
        ("QUAL\u0399FIED", "QUALIFIED"),  # a Greek capital iota
        ("You qualify for TMS.", "qualify"),
        ("Your request was denied.", "denied"),
        ("Your request was rejected.", "rejected"),
        ("You are not a candidate.", "not a candidate"),
        ("You cannot have TMS.", "cannot have TMS"),
        ("You can\u2019t have TMS.", "can't have TMS"),
        ("You are excluded.", "excluded"),
        ("Seizures are ruled out.", "ruled out"),
    ],
)
def test_the_guard_catches_wording_that_reads_as_a_decision(text, found):
    assert find_decision_words(text)[0] == found
    with pytest.raises(ValidationError) as error:
        check_patient_wording(text)
    assert error.value.code == "forbidden_word"


@pytest.mark.parametrize(
    "text",
    [
        "Your insurer must approve the treatment before it starts.",
        "We accept most insurance plans.",
        "Dental fillings and braces are usually fine.",
        "These qualities matter.",
        "The approach is gentle.",
        "A clinician reviews your answers and decides the next steps with you.",
        "Some rules count only medicines from this time of depression.",
    ],
)
def test_the_guard_lets_ordinary_words_through(text):
    assert find_decision_words(text) == []
    check_patient_wording(text)


def test_normalise_removes_hidden_characters_and_folds_look_alikes():
    assert normalise("eli\u00adgi\u200dble \u0430\u0440\u0440roved") == "eligible approved"


def test_a_form_error_names_its_field():
    with pytest.raises(ValidationError) as error:
        check_patient_wording("You are eligible.", field="text")
    assert "text" in error.value.message_dict


def test_every_seeded_patient_wording_passes_the_guard():
    for code, row in files.note_texts().items():
        assert not find_decision_words(row["patient_text"]), code
    for step, row in files.step_help().items():
        assert not find_decision_words(row["text"]), step
    for _value, label in Outcome.choices:
        assert not find_decision_words(label), label


@pytest.mark.django_db
def test_the_shipped_articles_never_tell_a_patient_a_decision():
    from education.models import Article

    from .notes_helpers import import_seed_articles

    import_seed_articles()
    assert Article.objects.count() > 10
    for article in Article.objects.all():
        text = f"{article.title}. {article.summary} {article.body}"
        assert not find_decision_words(text), (article.slug, find_decision_words(text))


def test_a_request_for_more_information_is_patient_wording():
    from intake.admin.review import RequestInfoForm

    form = RequestInfoForm({"message": "You are not eligible, sorry."})
    assert not form.is_valid()
    assert "Patients must not read “eligible”" in str(form.errors)
    assert RequestInfoForm({"message": "Please add your Zoloft dose."}).is_valid()


def test_the_intake_questions_help_and_messages_pass_the_guard():
    from portal.tests.test_plain_language import INTAKE_FORMS, form_texts

    for name, form in INTAKE_FORMS.items():
        assert not find_decision_words(form_texts(form())), name
