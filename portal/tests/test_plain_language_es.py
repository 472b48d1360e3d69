"""Plain language in Spanish: the same groups as test_plain_language.py (each intake step's
questions, help and messages, each eligibility note, each "why we ask" line, each account page),
rendered in Spanish and scored with Fernández-Huerta (textstat, ``set_lang("es")``): 70 or more
reads as "fairly easy" (about 7th grade) or easier. A higher score is easier, unlike
Flesch-Kincaid's grade.

Not scored, as in English: the PHQ-9 stem, items and answers (the instrument's published wording,
in either language); clinic names and URLs.

The notes and the "why we ask" lines are scored here for every text. Every group of
test_plain_language.py is scored in Spanish too.
"""

import re

import pytest
import textstat
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from intake.setup import files

from .test_plain_language import (
    ACCOUNT_FORMS,
    INTAKE_FORMS,
    PAGES,
    PHQ9_WORDING,
    as_sentence,
    page_text,
)

# "Fairly easy" (Fernández-Huerta 70-80; 80 and over is easy): the level of a 7th grader.
MIN_EASE = 70
# A group of under 15 words (a label and its one error message) swings by 10 points or more with
# one long word that has no everyday synonym: "Correo electrónico. Este campo es obligatorio."
# scores 51, "No he tomado ningún antidepresivo. Por favor, responda esta pregunta." 58. Such a
# group must not fall below 50 ("somewhat hard" begins under 50).
MIN_EASE_SHORT = 50
SHORT_WORDS = 15


def minimum(text):
    return MIN_EASE if len(text.split()) >= SHORT_WORDS else MIN_EASE_SHORT


def ease(text):
    return textstat.fernandez_huerta(text)


@pytest.fixture(autouse=True)
def spanish():
    """Spanish strings, scored with Spanish syllables; English again afterwards."""
    textstat.set_lang("es")
    with translation.override("es"):
        yield
    textstat.set_lang("en")


def phq9_wording_es():
    """The PHQ-9's wording in either language (not scored)."""
    return PHQ9_WORDING | {gettext(text) for text in PHQ9_WORDING}


def form_texts_es(form):
    skip = phq9_wording_es()
    texts = []
    for field in form.fields.values():
        for text in (field.label, field.help_text, *field.error_messages.values()):
            if text and str(text) not in skip:
                texts.append(as_sentence(text))
        for _value, label in getattr(field, "choices", ()):
            if label and str(label) not in skip:
                texts.append(as_sentence(label))
    texts += [as_sentence(m) for m in getattr(form, "error_messages", {}).values()]
    return " ".join(texts)


@pytest.mark.parametrize("key", files.note_texts())
def test_each_eligibility_note_is_plain_in_spanish(key):
    text = as_sentence(files.note_texts()[key]["patient_text_es"])
    assert ease(text) >= MIN_EASE, (key, text)


@pytest.mark.parametrize("step", files.step_help())
def test_why_we_ask_is_plain_in_spanish(step):
    text = as_sentence(files.step_help()[step]["text_es"])
    assert ease(text) >= MIN_EASE, (step, text)


@pytest.mark.django_db
def test_the_notes_page_is_plain_in_spanish(client, patient):
    """The notes as a Spanish patient reads them: the fixed parts and the notes filled in."""
    from intake.tests.factories import make_intake

    patient.language = "es"
    patient.save(update_fields=["language"])
    make_intake(patient)
    client.force_login(patient)
    html = client.get(reverse("intake:home")).content.decode()
    section = re.search(r'<section class="intake-notes.*?</section>', html, re.S).group(0)
    text = page_text(f"<main>{section}</main>")
    assert "Notas sobre sus tratamientos anteriores" in text
    assert ease(text) >= MIN_EASE, text


@pytest.mark.parametrize("name", INTAKE_FORMS)
def test_intake_questions_help_and_messages_are_plain_in_spanish(name):
    text = form_texts_es(INTAKE_FORMS[name]())
    assert ease(text) >= minimum(text), text


@pytest.mark.parametrize("name", ACCOUNT_FORMS)
def test_account_form_labels_and_messages_are_plain_in_spanish(name):
    text = form_texts_es(ACCOUNT_FORMS[name]())
    assert ease(text) >= minimum(text), text


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_home_and_account_pages_are_plain_in_spanish(client, patient, name):
    url_name, signed_in = PAGES[name]
    if signed_in:
        patient.language = "es"
        patient.save(update_fields=["language"])
        client.force_login(patient)
    response = client.get(reverse(url_name), headers={"accept-language": "es"})
    assert response.status_code == 200
    text = page_text(response.content.decode())
    assert len(text.split()) > 10, text
    assert ease(text) >= MIN_EASE, text


def test_the_spanish_score_catches_hard_text():
    hard = (
        "Las contraindicaciones, no obstante, la estimulación magnética transcraneal requiere "
        "una evaluación neuropsiquiátrica exhaustiva previa a la intervención terapéutica."
    )
    assert ease(hard) < MIN_EASE
    assert ease("Su equipo de atención habla con usted. Usted decide con ellos.") >= MIN_EASE
