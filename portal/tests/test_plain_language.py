"""Plain language: the patient-facing texts the project writes read at grade 8 or below
(Flesch-Kincaid, textstat), scored in sensible groups: one group per intake step's questions,
help and messages, one per eligibility note, one per "why we ask" line, one per account page.

Not scored: the PHQ-9 stem, items and answers, in English (intake.eligibility.vocabulary.PHQ9_*)
and in Spanish (intake.eligibility.phq9_forms), whose wording is fixed by the instrument and must
not be changed; clinic names and URLs.
"""

import re
from html.parser import HTMLParser

import pytest
import textstat
from django.urls import reverse

from intake import forms as intake_forms
from intake.eligibility.phq9_forms import PHQ9_FORMS
from intake.eligibility.vocabulary import (
    PHQ9_ANSWERS,
    PHQ9_DIFFICULTY_ANSWERS,
    PHQ9_DIFFICULTY_ITEM,
    PHQ9_ITEMS,
    PHQ9_STEM,
)
from intake.setup import files
from portal import forms as portal_forms

MAX_GRADE = 8
PHQ9_WORDING = (
    {PHQ9_STEM, PHQ9_DIFFICULTY_ITEM, *PHQ9_ITEMS}
    | {label for _value, label in (*PHQ9_ANSWERS, *PHQ9_DIFFICULTY_ANSWERS)}
    | {
        text
        for form in PHQ9_FORMS.values()
        for text in (
            form.stem,
            form.difficulty_item,
            *form.items,
            *(label for _value, label in (*form.answers, *form.difficulty_answers)),
        )
    }
)


def grade(text):
    return textstat.flesch_kincaid_grade(text)


def as_sentence(text):
    text = re.sub(r"\s+", " ", str(text)).strip()
    # Placeholders read as what fills them: a medicine's name, or a number.
    text = re.sub(r"\{(medication|generic)\}", "Zoloft", text)
    text = re.sub(r"%\(\w+\)[sd]|\{\w+\}", "2", text)
    return text if text.endswith((".", "?", "!", ":")) else f"{text}."


def form_texts(form):
    texts = []
    for field in form.fields.values():
        for text in (field.label, field.help_text, *field.error_messages.values()):
            if text and str(text) not in PHQ9_WORDING:
                texts.append(as_sentence(text))
        for _value, label in getattr(field, "choices", ()):
            if label and str(label) not in PHQ9_WORDING:
                texts.append(as_sentence(label))
    texts += [as_sentence(m) for m in getattr(form, "error_messages", {}).values()]
    return " ".join(texts)


INTAKE_FORMS = {
    "about-you": intake_forms.AboutYouForm,
    "depression": intake_forms.DepressionForm,
    "phq9 (beyond the instrument's wording)": intake_forms.Phq9Form,
    "antidepressants: none taken": intake_forms.NoAntidepressantsForm,
    "antidepressants: one medicine": intake_forms.TrialFormSet.form,
    "other-treatments": intake_forms.OtherTreatmentsForm,
    "safety": intake_forms.SafetyForm,
    "consent": intake_forms.ConsentForm,
    "papers (documents)": intake_forms.DocumentForm,
    "records release: one doctor or pharmacy": intake_forms.ReleaseFormSet.form,
    "records release and TMS consent: signature": intake_forms.SignForm,
    "parent or guardian": intake_forms.GuardianForm,
}
ACCOUNT_FORMS = {
    "sign-up form": portal_forms.SignupForm,
    "sign-in form": portal_forms.LoginForm,
    "password reset form": portal_forms.PasswordResetForm,
}


@pytest.mark.parametrize("name", INTAKE_FORMS)
def test_intake_questions_help_and_messages_are_plain(name):
    text = form_texts(INTAKE_FORMS[name]())
    assert grade(text) <= MAX_GRADE, text


@pytest.mark.parametrize("name", ACCOUNT_FORMS)
def test_account_form_labels_and_messages_are_plain(name):
    text = form_texts(ACCOUNT_FORMS[name]())
    assert grade(text) <= MAX_GRADE, text


@pytest.mark.parametrize("key", files.note_texts())
def test_each_eligibility_note_is_plain_for_patients(key):
    text = as_sentence(files.note_texts()[key]["patient_text"])
    assert grade(text) <= MAX_GRADE, (key, text)


@pytest.mark.parametrize("kind", [row["kind"] for row in files.rows("legal_texts")])
def test_the_starter_notice_and_consent_texts_are_plain(kind):
    (row,) = (row for row in files.rows("legal_texts") if row["kind"] == kind)
    text = " ".join(as_sentence(part) for part in row["text"].split("\n\n")[1:])
    assert grade(text) <= MAX_GRADE, (kind, text)


@pytest.mark.parametrize("step", files.step_help())
def test_why_we_ask_is_plain(step):
    text = as_sentence(files.step_help()[step]["text"])
    assert grade(text) <= MAX_GRADE, (step, text)


class _MainText(HTMLParser):
    """The visible text inside <main>, block by block."""

    BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "label", "legend", "button", "a", "div", "td"}

    def __init__(self):
        super().__init__()
        self.depth, self.skip, self.parts = 0, 0, [""]

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth += 1
        if tag in {"script", "style"}:
            self.skip += 1
        if tag in self.BLOCKS:
            self.parts.append("")

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1
        if tag in {"script", "style"}:
            self.skip -= 1
        if tag in self.BLOCKS:
            self.parts.append("")

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts[-1] += data


def page_text(html):
    parser = _MainText()
    parser.feed(html)
    blocks = [re.sub(r"\s+", " ", part).strip() for part in parser.parts]
    return " ".join(as_sentence(block) for block in blocks if block)


PAGES = {
    "home": ("home", False),
    "sign in": ("login", False),
    "sign up": ("signup", False),
    "sign up: check your email": ("signup_done", False),
    "password reset": ("password_reset", False),
    "password reset: sent": ("password_reset_done", False),
    "password reset: done": ("password_reset_complete", False),
    "intake start": ("intake:home", True),
    "privacy notice": ("privacy_notice", False),
    "records from past doctors": ("intake:release", True),
    "consent to TMS treatment": ("intake:tms_consent", True),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_home_and_account_pages_are_plain(client, patient, name):
    url_name, signed_in = PAGES[name]
    if signed_in:
        client.force_login(patient)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    text = page_text(response.content.decode())
    assert len(text.split()) > 10, text  # the page's own words were found
    assert grade(text) <= MAX_GRADE, text


@pytest.mark.django_db
def test_the_papers_page_is_plain(client, patient):
    from intake.models import Status
    from intake.tests.factories import build_intake

    build_intake(patient, status=Status.DRAFT)
    client.force_login(patient)
    response = client.get(reverse("intake:documents"))
    assert response.status_code == 200
    text = page_text(response.content.decode())
    assert "insurance card" in text.lower()
    assert grade(text) <= MAX_GRADE, text


def test_the_score_catches_hard_text():
    hard = (
        "Contraindications notwithstanding, transcranial magnetic stimulation necessitates "
        "comprehensive neuropsychiatric evaluation prior to commencement of therapeutic "
        "intervention."
    )
    assert grade(hard) > MAX_GRADE
