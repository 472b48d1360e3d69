"""The intake in Spanish: a Spanish patient's steps, errors, review and home page,
the language question of "About you" (User.language), the migration of the old free-text
language, and the "you have an update" mail in the patient's language."""

import importlib
import json

import pytest
from django.core import mail
from django.urls import reverse

from intake.fhir import intake_bundle_json
from intake.questions import ANSWER_STEP_SLUGS
from intake.services.messages import clinic_writes
from portal.models import Clinic

from .factories import step_data, submitted_intake

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("intake.migrations.0011_interpreter_language")


def html_lang(response):
    return response.content.decode().split('<html lang="', 1)[1].split('"', 1)[0]


@pytest.fixture
def spanish(patient):
    patient.language = "es"
    patient.save(update_fields=["language"])
    return patient


def page(client, step):
    response = client.get(reverse("intake:step", args=[step]))
    assert response.status_code == 200
    return response


# The key sentences of each step, in Spanish and in English.
STEP_TEXT = {
    "about-you": (
        [
            "Paso 1 de 8",
            "Sobre usted",
            "¿Cuál es la mejor manera de comunicarnos con usted?",
            "Idioma del portal y de sus correos electrónicos",
            "Llamada telefónica",
            "Guardar y continuar",
            "Guardar y terminar después",
        ],
        [
            "Step 1 of 8",
            "About you",
            "What is the best way to reach you?",
            "Language for the portal and its emails",
            "Phone call",
            "Save and continue",
        ],
    ),
    "antidepressants": (
        [
            "Antidepresivos que ha probado",
            "Anote cada antidepresivo que ha tomado",
            "Medicamento 1",
            "Nombre del medicamento",
            "Agregar otro medicamento",
            "Quitar el medicamento 1",
            "Lo dejé por los efectos secundarios",
            'data-text-added="Se agregó una fila para otro medicamento."',
        ],
        [
            "Antidepressants you have tried",
            "List each antidepressant you have taken",
            "Medicine 1",
            "Medicine name",
            "Add another medicine",
            "Remove medicine 1",
            'data-text-added="A new medicine row was added."',
        ],
    ),
    "other-treatments": (
        [
            "Otros tratamientos",
            "Terapia de conversación",
            "¿Ha recibido terapia de conversación (psicoterapia) para la depresión?",
            "Terapia cognitivo-conductual (TCC)",
            "EMT (estimulación magnética transcraneal)",
            "Mes de la última TEC",
            "enero",
        ],
        [
            "Other treatments",
            "Talk therapy",
            "Cognitive behavioral therapy (CBT)",
            "TMS (transcranial magnetic stimulation)",
            "January",
        ],
    ),
    "consent": (
        [
            "Consentimiento y firma",
            "Lea y marque las dos casillas",
            "Mis respuestas son verdaderas según mi mejor conocimiento.",
            "Escriba su nombre completo para firmar",
        ],
        [
            "Consent and signature",
            "Please read and tick both boxes",
            "My answers are true to the best of my knowledge.",
        ],
    ),
}


@pytest.mark.parametrize("step", STEP_TEXT)
def test_each_step_reads_in_spanish_for_a_spanish_patient(client, spanish, step):
    client.force_login(spanish)
    response = page(client, step)
    html = response.content.decode()
    assert html_lang(response) == "es"
    for text in STEP_TEXT[step][0]:
        assert text in html, text
    assert "Su formulario de ingreso, paso a paso" in html
    for english in ("Save and continue", "Your intake, step by step", "Questions marked with"):
        assert english not in html


@pytest.mark.parametrize("step", STEP_TEXT)
def test_each_step_is_unchanged_in_english(client, patient, step):
    client.force_login(patient)
    response = page(client, step)
    html = response.content.decode()
    assert html_lang(response) == "en"
    for text in STEP_TEXT[step][1]:
        assert text in html, text
    assert "Guardar y continuar" not in html


def test_an_invalid_step_shows_the_error_summary_in_spanish(client, spanish):
    client.force_login(spanish)
    page(client, "about-you")
    response = client.post(
        reverse("intake:step", args=["about-you"]),
        {"version": "0", "action": "continue", "phone": "llámeme", "language": "es"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Revise estas respuestas" in html
    assert "Escriba un número de teléfono de 7 a 15 dígitos" in html
    assert "Por favor, responda esta pregunta." in html
    assert "Please answer this question." not in html


def test_an_invalid_medicine_row_is_named_in_spanish(client, spanish):
    client.force_login(spanish)
    page(client, "antidepressants")
    data = step_data("antidepressants")
    data.update({"version": "0", "trials-0-daily_dose_mg": "mucho", "trials-0-start_year": "2999"})
    response = client.post(reverse("intake:step", args=["antidepressants"]), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Medicamento 1, dosis diaria más alta, en mg (opcional):" in html
    assert "Escriba la dosis como un número de miligramos" in html
    assert "Esta fecha está en el futuro." in html


def test_the_other_treatments_numbers_are_checked_in_spanish(client, spanish):
    client.force_login(spanish)
    page(client, "other-treatments")
    data = {**step_data("other-treatments"), "version": "0", "therapy_weeks": "-3"}
    response = client.post(reverse("intake:step", args=["other-treatments"]), data)
    assert "El número de semanas no puede ser menor que cero." in response.content.decode()


def test_the_language_choice_saves_the_account_and_the_next_page_follows_it(client, patient):
    client.force_login(patient)
    page(client, "about-you")
    response = client.post(
        reverse("intake:step", args=["about-you"]),
        {"version": "0", **step_data("about-you", language="es", interpreter_language="")},
    )
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.language == "es"
    following = client.get(response.url)
    assert html_lang(following) == "es"
    assert "Su depresión" in following.content.decode()
    # And back: the about-you page offers the account's language as chosen.
    about = page(client, "about-you")
    assert about.context["form"]["language"].initial == "es"
    response = client.post(
        reverse("intake:step", args=["about-you"]),
        {"version": "1", **step_data("about-you", language="en", action="later")},
    )
    patient.refresh_from_db()
    assert patient.language == "en"
    home = client.get(response.url)
    assert html_lang(home) == "en"
    assert "Your answers are saved." in home.content.decode()


def test_the_choice_also_moves_the_header_switch_cookie(client, patient, settings):
    client.force_login(patient)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page(client, "about-you")
    response = client.post(
        reverse("intake:step", args=["about-you"]),
        {"version": "0", **step_data("about-you", language="es")},
    )
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert html_lang(client.get(response.url)) == "es"


def test_an_unknown_language_is_refused(client, patient):
    client.force_login(patient)
    page(client, "about-you")
    response = client.post(
        reverse("intake:step", args=["about-you"]),
        {"version": "0", **step_data("about-you", language="fr")},
    )
    assert response.status_code == 400
    patient.refresh_from_db()
    assert patient.language == "en"


def test_the_interpreter_language_is_kept_on_the_intake_and_shown_to_the_clinic(client, patient):
    client.force_login(patient)
    page(client, "about-you")
    client.post(
        reverse("intake:step", args=["about-you"]),
        {"version": "0", **step_data("about-you", interpreter_language="Portuguese")},
    )
    intake = patient.intakes.get()
    assert intake.interpreter_language == "Portuguese"
    resource = next(
        e["resource"]
        for e in json.loads(intake_bundle_json(intake))["entry"]
        if e["resource"]["resourceType"] == "Patient"
    )
    assert resource["communication"][0]["language"]["coding"] == [
        {"system": "urn:ietf:bcp:47", "code": "en"}
    ]
    assert resource["communication"][1]["language"]["text"] == "Portuguese"


def test_review_and_home_read_in_spanish(client, spanish, save):
    client.force_login(spanish)
    for step in ANSWER_STEP_SLUGS:
        assert save(step, language="es").status_code == 302
    review = client.get(reverse("intake:review")).content.decode()
    for text in (
        "Revise y envíe su formulario de ingreso",
        "Enviar mi formulario de ingreso a la clínica",
        "Idioma del portal y de sus correos electrónicos",
        "Español",
        "Cambiar",
        "Sin un cambio real",
    ):
        assert text in review, text
    home = client.get(reverse("intake:home")).content.decode()
    assert "Su formulario de ingreso está guardado como borrador." in home
    assert "Revisar y enviar mi formulario de ingreso" in home
    sent = client.post(reverse("intake:review"), follow=True).content.decode()
    assert "Gracias. Su formulario de ingreso se envió a la clínica." in sent
    assert "Enviado a la clínica" in sent


def test_a_new_patient_home_page_in_spanish(client, spanish):
    client.force_login(spanish)
    html = client.get(reverse("intake:home")).content.decode()
    assert "Hay 8 pasos cortos." in html
    assert "Empezar mi formulario de ingreso" in html
    assert "Sobre usted" in html


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Spanish", "es"),
        ("español", "es"),
        ("ESPAÑOL", "es"),
        ("espanol ", "es"),
        ("Spanish / Español", "es"),
        ("Castellano", "es"),
        ("English", "en"),
        ("english.", "en"),
        ("", "en"),
        ("   ", "en"),
        ("Portuguese", None),
        ("Spanish and English", None),
        ("Klingon", None),
    ],
)
def test_the_migration_reads_the_old_free_text(text, language):
    assert MIGRATION.language_from_text(text) == language


@pytest.mark.parametrize(
    ("language", "subject", "sentence"),
    [
        ("es", "Tiene una novedad de Lakeside TMS", "inicie sesión para leerla"),
        ("en", "You have an update from Lakeside TMS", "sign in to read it"),
    ],
)
def test_the_update_mail_is_in_the_patients_language(
    patient, reviewer, django_capture_on_commit_callbacks, language, subject, sentence
):
    Clinic(name="Lakeside TMS").save()
    patient.language = language
    patient.save(update_fields=["language"])
    intake = submitted_intake(patient=patient)
    with django_capture_on_commit_callbacks(execute=True):
        clinic_writes(intake=intake, by=reviewer, body="Please call us.")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == subject
    assert sentence in mail.outbox[0].body
    assert "988" in mail.outbox[0].body
    assert "Please call us" not in mail.outbox[0].body
