"""The PHQ-9, the safety questions, the depression step and the urgent path for a Spanish
reader: the PHQ-9 in its published Spanish wording (never a translation of ours), crisis
help in Spanish with 988 and 911 to tap, only the clinic's own promise, and the clinic's alert
mail still in English."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from intake.eligibility.phq9_forms import PHQ9_FORMS, phq9_form
from intake.eligibility.vocabulary import PHQ9_ITEMS, phq9_total
from intake.forms.steps import Phq9Form
from portal.models import Clinic

pytestmark = pytest.mark.django_db

# "PHQ-9 Spanish for the USA" (Pfizer, PHQ Screeners), as docs/clinical-facts.md 4x gives it.
PUBLISHED_STEM = (
    "Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los "
    "siguientes problemas?"
)
PUBLISHED_ITEMS = [
    "Poco interés o placer en hacer cosas",
    "Se ha sentido decaído(a), deprimido(a) o sin esperanzas",
    "Ha tenido dificultad para quedarse o permanecer dormido(a), o ha dormido demasiado",
    "Se ha sentido cansado(a) o con poca energía",
    "Sin apetito o ha comido en exceso",
    "Se ha sentido mal con usted mismo(a) \u2013 o que es un fracaso o que ha quedado mal con "
    "usted mismo(a) o con su familia",
    "Ha tenido dificultad para concentrarse en ciertas actividades, tales como leer el "
    "periódico o ver la televisión",
    "¿Se ha movido o hablado tan lento que otras personas podrían haberlo notado? o lo "
    "contrario \u2013 muy inquieto(a) o agitado(a) que ha estado moviéndose mucho más de lo normal",
    "Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera",
]
PUBLISHED_ANSWERS = [
    "Ningún día",
    "Varios días",
    "Más de la mitad de los días",
    "Casi todos los días",
]
PUBLISHED_DIFFICULTY = (
    "Si marcó cualquiera de los problemas, ¿qué tanta dificultad le han dado estos problemas "
    "para hacer su trabajo, encargarse de las tareas del hogar, o llevarse bien con otras "
    "personas?"
)
PUBLISHED_DIFFICULTY_ANSWERS = [
    "No ha sido difícil",
    "Un poco difícil",
    "Muy difícil",
    "Extremadamente difícil",
]

PHQ9 = reverse("intake:step", args=["phq9"])


@pytest.fixture
def spanish(patient, client):
    patient.language = "es"
    patient.save()
    client.force_login(patient)
    return patient


def section(html, element_id):
    """The <section> with ``element_id``, from its id to its end."""
    start = html.index(f'id="{element_id}"')
    return html[start : html.index("</section>", start)]


def text_of(html):
    return re.sub(r"\s+", " ", html).replace("&#x27;", "'")


def test_the_spanish_form_is_the_published_wording_word_for_word():
    spanish = PHQ9_FORMS["es"]
    assert spanish.stem == PUBLISHED_STEM
    assert list(spanish.items) == PUBLISHED_ITEMS
    assert [label for _value, label in spanish.answers] == PUBLISHED_ANSWERS
    assert spanish.difficulty_item == PUBLISHED_DIFFICULTY
    assert [label for _value, label in spanish.difficulty_answers] == PUBLISHED_DIFFICULTY_ANSWERS
    # the same values, in the same order, as the English form: the scoring is unchanged
    assert [value for value, _ in spanish.answers] == [
        value for value, _ in PHQ9_FORMS["en"].answers
    ]
    assert phq9_form("es-US") is spanish
    assert phq9_form("en").items == PHQ9_ITEMS
    assert phq9_form("fr") is PHQ9_FORMS["en"]


def test_a_spanish_answer_scores_as_the_same_english_answer():
    answers = {f"phq9_{n}": str(value) for n, value in enumerate((3, 2, 2, 1, 1, 0, 2, 1, 1), 1)}
    answers["phq9_difficulty"] = "2"
    cleaned = {}
    for language in ("en", "es"):
        with translation.override(language):
            form = Phq9Form(data=answers, patient=None, intake=None)
            assert form.is_valid(), form.errors
            cleaned[language] = form.cleaned_data
    assert cleaned["es"] == cleaned["en"]
    assert phq9_total(cleaned["es"][f"phq9_{n}"] for n in range(1, 10)) == 13


def test_the_phq9_step_shows_the_published_spanish_wording_to_a_spanish_reader(client, spanish):
    html = text_of(client.get(PHQ9).content.decode())
    assert '<html lang="es">' in html
    assert PUBLISHED_STEM in html
    for number, item in enumerate(PUBLISHED_ITEMS, start=1):
        assert f"{number}. {item}" in html
    for answer in PUBLISHED_ANSWERS + PUBLISHED_DIFFICULTY_ANSWERS + [PUBLISHED_DIFFICULTY]:
        assert answer in html
    assert "un cuestionario corto que usan las clínicas" in html
    assert "Not at all" not in html
    assert PHQ9_ITEMS[8] not in html


def test_the_phq9_step_is_unchanged_in_english(client, patient):
    client.force_login(patient)
    html = text_of(client.get(PHQ9).content.decode())
    assert (
        "9. Thoughts that you would be better off dead, or of hurting yourself in some way" in html
    )
    assert "Not at all" in html
    assert "Ningún día" not in html
    assert "Help is here, right now" in html  # ready under item 9, hidden


def test_the_crisis_help_under_item_9_is_in_spanish_with_numbers_to_tap(client, spanish):
    html = client.get(PHQ9).content.decode()
    box = html[
        html.index('id="phq9-crisis"') : html.index("</section>", html.index('id="phq9-crisis"'))
    ]
    assert "Hay ayuda ahora mismo" in box
    assert '<a class="btn btn-danger" href="tel:988">Llamar al 988</a>' in box
    assert 'href="sms:988">Enviar texto al 988</a>' in box
    assert "marque el 2" in box
    assert "<strong>AYUDA</strong>" in box
    assert 'Llame al <a href="tel:911"><strong>911</strong></a>' in box
    assert "Help is here" not in box
    assert "Call 988" not in box


def test_item_9_in_spanish_shows_spanish_crisis_help_and_alerts_the_clinic_in_english(
    client, spanish, save, settings, django_capture_on_commit_callbacks
):
    settings.URGENT_ALERT_EMAILS = ["oncall@clinic.example"]
    with django_capture_on_commit_callbacks(execute=True), translation.override("es"):
        response = save("phq9", phq9_9="1")
    assert spanish.intakes.get().urgent
    html = text_of(client.get(response.url).content.decode())
    crisis = html[
        html.index('id="intake-crisis"') : html.index(
            "</section>", html.index('id="intake-crisis"')
        )
    ]
    assert 'role="alert"' in crisis
    assert "Usted nos dijo que ha tenido pensamientos" in crisis
    assert "La clínica ya recibió un aviso sobre esta respuesta." in crisis
    assert (
        'llame o envíe un mensaje de texto al <a href="tel:988"><strong>988</strong></a>' in crisis
    )
    assert 'llame al <a href="tel:911"><strong>911</strong></a>' in crisis
    assert "marque el 2" in crisis
    assert "The clinic has been told" not in html
    # the clinic's alert: English, whatever the patient read
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["oncall@clinic.example"]
    assert message.subject == "An urgent answer needs review"
    assert "An answer on an intake needs urgent review by a clinician." in message.body
    # the pages after: the short form, in Spanish
    later = text_of(client.get(reverse("intake:step", args=["safety"])).content.decode())
    assert "¿Necesita hablar con alguien ahora?" in later
    assert "Si está en peligro ahora mismo, llame al" in later


def test_a_spanish_reader_is_promised_the_clinics_spanish_wording(client, spanish, save):
    Clinic(
        name="Lakeside TMS",
        urgent_response="within 2 hours on weekdays",
        urgent_response_es="en un plazo de 2 horas los días de semana",
    ).save()
    response = save("phq9", phq9_9="2")
    html = text_of(client.get(response.url).content.decode())
    assert (
        "El equipo de atención de Lakeside TMS se comunicará con usted en un plazo de 2 horas "
        "los días de semana." in html
    )
    assert "within 2 hours" not in html


def test_without_a_spanish_wording_the_english_promise_is_shown_marked_english(
    client, spanish, save
):
    Clinic(name="Lakeside TMS", urgent_response="within 2 hours on weekdays").save()
    response = save("phq9", phq9_9="2")
    html = text_of(client.get(response.url).content.decode())
    assert (
        '<p class="urgent-promise" lang="en">Lakeside TMS\'s care team will contact you '
        "within 2 hours on weekdays.</p>" in html
    )
    assert "se comunicará con usted" not in html


def test_with_no_promise_at_all_a_spanish_reader_is_promised_no_time(client, spanish, save):
    Clinic(name="Lakeside TMS", urgent_response="", urgent_response_es="").save()
    response = save("phq9", phq9_9="2")
    html = text_of(client.get(response.url).content.decode())
    assert "urgent-promise" not in html
    assert "se comunicará con usted" not in html


def test_the_safety_step_in_spanish_says_a_yes_is_for_a_clinician(client, spanish):
    html = text_of(client.get(reverse("intake:step", args=["safety"])).content.decode())
    assert (
        "Responder &ldquo;Sí&rdquo; no le descarta: un profesional de salud lo hablará con usted."
        in html
    )
    assert "¿Tiene un implante coclear?" in html
    assert "Si respondió que sí, cuéntenos sobre el implante coclear (qué pasó y cuándo)" in html
    assert 'for="id_seizure_0" class="form-check-label"> Sí </label>' in html
    assert "Do you have a cochlear implant?" not in html
    assert "does not rule you out" not in html


def test_the_safety_step_is_unchanged_in_english(client, patient):
    client.force_login(patient)
    html = text_of(client.get(reverse("intake:step", args=["safety"])).content.decode())
    assert "Do you have a cochlear implant?" in html
    assert "If yes, tell us about the cochlear implant (what and when)" in html


def test_the_depression_step_in_spanish(client, spanish):
    html = text_of(client.get(reverse("intake:step", args=["depression"])).content.decode())
    assert "¿Cuándo comenzó este episodio de depresión?" in html
    assert "¿Qué le ha dicho un profesional de salud sobre su depresión?" in html
    assert "En los últimos 90 días" in html
    assert "When did this episode of depression begin?" not in html


def test_a_missing_answer_is_told_in_spanish(client, spanish):
    page = client.get(PHQ9)
    response = client.post(PHQ9, {"version": str(page.context["version"]), "action": "continue"})
    assert "Por favor, elija una respuesta." in response.content.decode()


def test_staff_set_the_spanish_promise_in_the_admin_beside_the_english(admin_client):
    url = admin_client.get("/admin/portal/clinic/")["Location"]  # the one record
    page = admin_client.get(url).content.decode()
    assert page.index('name="urgent_response"') < page.index('name="urgent_response_es"')
    response = admin_client.post(
        url,
        {
            "name": "Lakeside TMS",
            "urgent_response": "within 2 hours",
            "urgent_response_es": "en un plazo de 2 horas",
            "sessions_requested": 36,
        },
    )
    assert response.status_code == 302
    assert Clinic.current().urgent_response_es == "en un plazo de 2 horas"
