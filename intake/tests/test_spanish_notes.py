"""The eligibility notes and the "why we ask" lines in Spanish: the Spanish wording beside the
English (NoteText.patient_text_es, StepHelp.text_es), held to the English's placeholders and to
the same wording guard, shown to a Spanish reader at display time, the English (marked
lang="en") where there is no Spanish yet; the set-up data carries the Spanish."""

import re

import pytest
from django.urls import reverse

from education.models import Article
from intake.eligibility.wording import find_decision_words
from intake.models import NoteText, Reevaluation, SetupRecord, StepHelp
from intake.setup import files, loader
from intake.setup.loader import SetupError, load_clinic_setup

from .factories import make_intake
from .notes_helpers import import_seed_articles
from .test_clinic_setup import load, rewrite, row, setup_folder  # noqa: F401 - a fixture
from .test_eligibility_admin import post_change, url
from .test_eligibility_pages import FAILED_TRIALS_MET, HOME, notes_section, page

pytestmark = pytest.mark.django_db

FAILED_TRIALS_MET_ES = (
    "De los medicamentos que no le ayudaron lo suficiente, contamos 2 medicamentos "
    "(2 pruebas completas)"
)
SPANISH_VERDICTS = [
    "Usted es elegible para la EMT.",
    "Usted es elegíble.",
    "Su tratamiento fue aprobado.",
    "Quedó aprobada.",
    "Necesita aprobación del plan.",
    "Usted no califica.",
    "Usted califica.",
    "Usted es apto para el tratamiento.",
    "Usted no es apta.",
    "Usted está descalificado.",
    "Su caso fue rechazado.",
    "La solicitud fue rechazada.",
]


@pytest.fixture
def spanish_patient(patient):
    patient.language = "es"
    patient.save(update_fields=["language"])
    return patient


def spanish_notes(client, patient):
    client.force_login(patient)
    html = page(client, HOME)
    assert '<html lang="es"' in html
    return notes_section(html)


# --- what a Spanish reader sees ---------------------------------------------------------------


def test_a_spanish_reader_reads_the_notes_in_spanish(client, spanish_patient):
    make_intake(spanish_patient)
    notes = spanish_notes(client, spanish_patient)
    assert "Notas sobre sus tratamientos anteriores" in notes
    assert FAILED_TRIALS_MET_ES in notes
    assert "Parece estar en orden" in notes
    assert "el equipo de atención" in notes.lower() or "su equipo de atención" in notes.lower()
    assert "Estas notas son una guía, no una decisión." in notes
    assert "Tomados a una dosis completa por el tiempo suficiente" in notes
    # Every note text has its Spanish: nothing falls back to the English.
    assert 'lang="en"' not in notes
    for english in ("Notes on your treatment history", FAILED_TRIALS_MET, "Looks in place",
                    "The rules we used", "Your care team", "What you can do next"):  # fmt: skip
        assert english not in notes, english
    assert not find_decision_words(notes)


def test_the_words_inside_a_spanish_note_are_spanish_too(client, spanish_patient):
    make_intake(
        spanish_patient,
        psychosis=True,
        trials=[{"medication": "Lexapro", "daily_dose_mg": 5, "weeks": 3, "outcome": "no_change"}],
    )
    notes = spanish_notes(client, spanish_patient)
    assert "Usted tomó Lexapro (escitalopram) a 5 mg al día por 3 semanas." in notes
    assert "Lo que necesita una revisión más detallada: " in notes
    assert "Necesita una revisión más detallada" in notes
    for english in ("medicines", "medicine ", " and ", "psychosis", "not given"):
        assert english not in notes, english


def test_a_note_without_spanish_shows_the_english_marked_as_english(client, spanish_patient):
    NoteText.objects.filter(code="criterion.failed_trials.met").update(patient_text_es="")
    make_intake(spanish_patient)
    notes = spanish_notes(client, spanish_patient)
    assert f'<p class="mb-1" lang="en">{FAILED_TRIALS_MET}' in notes
    assert FAILED_TRIALS_MET_ES not in notes
    # The fixed parts around it are still Spanish.
    assert "Notas sobre sus tratamientos anteriores" in notes


def test_an_english_reader_still_reads_english(client, patient):
    make_intake(patient)
    client.force_login(patient)
    notes = notes_section(page(client, HOME))
    assert FAILED_TRIALS_MET in notes
    assert "contamos" not in notes
    assert 'lang="en"' not in notes


def test_a_change_to_the_spanish_shows_at_once_without_a_reevaluation(
    client, admin_client, spanish_patient
):
    make_intake(spanish_patient)  # an open intake: an English change re-evaluates it
    note = NoteText.objects.get(code="criterion.failed_trials.met")
    spanish = "Contamos {counted_words} ({breakdown}); se buscan {required}."
    response = post_change(admin_client, "notetext", note, patient_text_es=spanish)
    assert response.status_code == 302
    assert not Reevaluation.objects.exists()
    notes = spanish_notes(client, spanish_patient)
    assert "Contamos 2 medicamentos (2 pruebas completas); se buscan 2." in notes
    # A change to the English still updates the stored evaluations.
    note.refresh_from_db()
    post_change(admin_client, "notetext", note, staff_text="New staff words.")
    assert Reevaluation.objects.count() == 1


def test_the_why_we_ask_line_in_spanish_and_its_english_fallback(client, spanish_patient):
    client.force_login(spanish_patient)
    html = page(client, reverse("intake:step", args=["safety"]))
    assert "<strong>Por qué preguntamos:</strong> La EMT usa un imán fuerte." in html
    line = StepHelp.objects.get(step="safety")
    line.text_es = ""
    line.save()  # as staff do in the admin
    html = page(client, reverse("intake:step", args=["safety"]))
    assert '<span lang="en">TMS uses a strong magnet.' in html


def test_the_article_panel_in_spanish(client, spanish_patient):
    import_seed_articles()
    make_intake(spanish_patient)
    client.force_login(spanish_patient)
    article = Article.objects.get(slug="what-counts-as-a-full-medicine-trial")
    html = page(client, article.get_absolute_url())
    assert "Qué tiene que ver esto con su formulario de ingreso" in html
    assert FAILED_TRIALS_MET_ES in html


# --- the admin --------------------------------------------------------------------------------


def test_the_admin_shows_the_spanish_beside_the_english(admin_client):
    note = NoteText.objects.get(code="criterion.age.met")
    html = admin_client.get(url("notetext", "change", note.pk)).content.decode()
    row_html = re.search(r'<div class="form-row[^"]*field-patient_text.*?</fieldset>', html, re.S)
    assert row_html
    assert "field-patient_text_es" in row_html.group(0)
    assert 'lang="es"' in html
    help_line = StepHelp.objects.get(step="safety")
    html = admin_client.get(url("stephelp", "change", help_line.pk)).content.decode()
    assert "field-text_es" in html
    assert "La EMT usa un imán fuerte." in html


def test_the_admin_refuses_spanish_with_other_placeholders(admin_client):
    note = NoteText.objects.get(code="criterion.age.met")
    response = post_change(admin_client, "notetext", note, patient_text_es="Usted tiene {edad}.")
    assert response.status_code == 200
    html = response.content.decode()
    assert "The Spanish patient text must use exactly the placeholders of the English" in html
    assert "{age}, {min_age}" in html
    note.refresh_from_db()
    assert "{age}" in note.patient_text_es


@pytest.mark.parametrize("text", SPANISH_VERDICTS)
def test_the_admin_refuses_spanish_verdict_words(admin_client, text):
    note = NoteText.objects.get(code="info.care_team")
    response = post_change(admin_client, "notetext", note, patient_text_es=text)
    assert response.status_code == 200
    assert "The Spanish patient text must not say" in response.content.decode()
    line = StepHelp.objects.get(step="safety")
    response = post_change(admin_client, "stephelp", line, text_es=text)
    assert response.status_code == 200
    assert "The Spanish text must not say" in response.content.decode()


def test_the_guard_allows_plain_spanish():
    for text in (
        "Esta parte parece estar en orden.",
        "Esta parte necesita una revisión más detallada.",
        "El equipo de atención decide con usted.",
        "Su seguro debe aprobar el tratamiento primero.",
        "Usted se adaptó bien.",
    ):
        assert find_decision_words(text) == [], text


# --- the set-up data --------------------------------------------------------------------------


def test_every_note_text_and_line_has_a_careful_spanish_wording():
    for code, text in files.note_texts().items():
        assert text["patient_text_es"].strip(), code
        assert not find_decision_words(text["patient_text_es"]), code
        assert NoteText.objects.get(code=code).patient_text_es == text["patient_text_es"]
    for step, line in files.step_help().items():
        assert line["text_es"].strip(), step
        assert not find_decision_words(line["text_es"]), step


def test_loading_twice_with_the_spanish_changes_nothing():
    assert "Nothing changed." in load()
    assert "Nothing changed." in load()


def test_rows_loaded_before_the_spanish_get_it_without_a_reevaluation(patient):
    make_intake(patient)
    # As the last load before the Spanish left them: no Spanish, fingerprints without it.
    NoteText.objects.update(patient_text_es="")
    StepHelp.objects.update(text_es="")
    for kind in (loader.NoteTexts(), loader.StepHelpLines()):
        for obj in kind.model.objects.all():
            values = {k: v for k, v in kind.values(obj).items() if k not in kind.added_fields}
            SetupRecord.objects.filter(kind=kind.name, key=getattr(obj, kind.key_field)).update(
                fingerprint=loader.fingerprint(values)
            )
    output = load()
    assert f"updated {len(files.note_texts()) + len(files.step_help())}, kept 0" in output
    assert NoteText.objects.get(code="info.care_team").patient_text_es.startswith(
        "Estas notas son una guía"
    )
    assert not Reevaluation.objects.exists()  # the stored evaluations hold the English only
    assert "Nothing changed." in load()


def test_a_staff_edit_of_the_spanish_is_kept_and_reported(setup_folder):  # noqa: F811
    NoteText.objects.filter(code="prior_ect").update(patient_text_es="Nuestras palabras.")
    rewrite(
        setup_folder,
        "note_texts",
        lambda rows: row(rows, "code", "prior_ect").update(patient_text_es="Otra versión."),
    )
    output = load()
    assert "Kept (edited or deleted by staff since it was loaded, left as it is): note text " in (
        output
    )
    assert "note text prior_ect" in output
    assert NoteText.objects.get(code="prior_ect").patient_text_es == "Nuestras palabras."
    assert "Nothing changed." in load()


@pytest.mark.parametrize(
    ("spanish", "message"),
    [
        ("Usted tiene {edad} años.", "must use exactly the placeholders of the English"),
        ("Usted es elegible.", "must not say “elegible”"),
        ("Usted no califica todavía {age} {min_age}.", "must not say “no califica”"),
    ],
)
def test_the_loader_refuses_wrong_spanish_and_loads_nothing(
    setup_folder,  # noqa: F811
    spanish,
    message,
):
    rewrite(
        setup_folder,
        "note_texts",
        lambda rows: row(rows, "code", "criterion.age.met").update(patient_text_es=spanish),
    )
    with pytest.raises(SetupError) as error:
        load_clinic_setup()
    assert "note text criterion.age.met: patient_text_es:" in str(error.value)
    assert message in str(error.value)
    assert NoteText.objects.get(code="criterion.age.met").patient_text_es.startswith("Usted tiene")
