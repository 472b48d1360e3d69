"""The TMS course's patient side for a Spanish reader: the check-in in the PHQ-9's
published Spanish wording, the crisis help in Spanish after item 9 with the clinic still alerted
in English, the course page with Spanish dates, and the check-in mail in the patient's own
language even though the beat task that sends it has no request."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from intake.eligibility.phq9_forms import PHQ9_FORMS
from intake.eligibility.vocabulary import PHQ9_ITEMS
from portal.models import Clinic
from treatment.services.reminders import send_due_check_in_mails

from .checkin_helpers import due_course, form_data

pytestmark = pytest.mark.django_db

URL = reverse("treatment:check_in")
URGENT_ANSWERS = (2, 2, 1, 1, 2, 1, 2, 1, 1)  # item 9: "Varios días"
SPANISH = PHQ9_FORMS["es"]


def text_of(html):
    return re.sub(r"\s+", " ", html)


@pytest.fixture
def spanish(patient, client):
    patient.language = "es"
    patient.save()
    client.force_login(patient)
    return patient


def test_the_check_in_is_the_published_spanish_phq9_for_a_spanish_reader(client, spanish):
    due_course(spanish)
    html = text_of(client.get(URL).content.decode())
    assert '<html lang="es">' in html
    assert '<h1 class="h2">Su control</h1>' in html
    assert SPANISH.stem in html
    for number, item in enumerate(SPANISH.items, start=1):
        assert f"{number}. {item}" in html
    for _value, answer in (*SPANISH.answers, *SPANISH.difficulty_answers):
        assert answer in html
    assert "Puede dejar esta pregunta sin responder." in html
    assert "Enviar mi control" in html
    assert PHQ9_ITEMS[0] not in html
    assert "Not at all" not in html


def test_the_check_in_is_unchanged_in_english(client, patient):
    due_course(patient)
    client.force_login(patient)
    html = text_of(client.get(URL).content.decode())
    assert f"1. {PHQ9_ITEMS[0]}" in html
    assert "Send my check-in" in html
    assert "Ningún día" not in html


def test_item_9_in_spanish_shows_spanish_crisis_help_first_and_alerts_in_english(
    client, spanish, settings, django_capture_on_commit_callbacks
):
    settings.URGENT_ALERT_EMAILS = ["oncall@clinic.example"]
    due_course(spanish)
    with django_capture_on_commit_callbacks(execute=True), translation.override("es"):
        response = client.post(URL, form_data(URGENT_ANSWERS))
    assert response.status_code == 302
    page = text_of(client.get(response["Location"]).content.decode())
    crisis = page.index('id="intake-crisis"')
    assert crisis < page.index("<h1")
    assert "Hay ayuda ahora mismo" in page
    assert 'href="tel:988"><strong>988</strong></a>' in page
    assert 'llame al <a href="tel:911"><strong>911</strong></a>' in page
    assert "marque el 2" in page
    assert "Gracias por hacer su control" in page
    assert "Su puntaje de hoy es <strong>13 de 27</strong>" in page
    assert "&ldquo;moderado&rdquo;" in page
    assert "Help is here" not in page
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "An urgent answer needs review"
    assert "needs urgent review by a clinician" in mail.outbox[0].body


def test_the_course_page_in_spanish_with_spanish_dates(client, spanish):
    course = due_course(spanish)
    html = text_of(client.get(reverse("treatment:course")).content.decode())
    assert "Su tratamiento de EMT" in html
    assert "estimulación magnética transcraneal" in html
    with translation.override("es"):
        started = date_format(course.start_date, "DATE_FORMAT")
    assert " de " in started
    assert f"Su tratamiento comenzó el {started}." in html
    assert "Su puntaje pasó de 19 a 15: bajó 4." in html
    assert "Puntaje inicial" in html
    assert "Bajó 4" in html
    assert "Ya le toca hacer su control." in html
    assert "Si está en peligro ahora mismo, llame al" in html
    for english in ("Your TMS course", "Starting score", "Your score went", "Your sessions"):
        assert english not in html, english


def test_the_check_in_mail_is_in_spanish_for_a_spanish_patient(spanish):
    Clinic.current()
    due_course(spanish, weeks=0, scores=())
    with translation.override("en"):  # the beat task: no request, the default language
        assert send_due_check_in_mails() == 1
    message = mail.outbox[0]
    assert message.subject == "Es hora de su control semanal"
    assert "Toma unos 2 minutos." in message.body
    assert "llame o envíe un mensaje de texto al 988" in message.body
    assert "AYUDA" in message.body
    assert re.search(r"hasta el \d{1,2} de [a-z]+ de \d{4}\.", message.body)
    assert "It is time" not in message.body


def test_the_check_in_mail_stays_english_for_an_english_patient(patient):
    Clinic.current()
    due_course(patient, weeks=0, scores=())
    with translation.override("es"):  # whatever language the sender happens to be in
        assert send_due_check_in_mails() == 1
    message = mail.outbox[0]
    assert message.subject == "It is time for your weekly check-in"
    assert "It takes about 2 minutes." in message.body
    assert re.search(r"until [A-Z][a-z]+\.? \d{1,2}, \d{4}\.", message.body)
    assert "AYUDA" not in message.body


def test_the_chart_dates_are_spanish_on_a_spanish_page(client, spanish):
    course = due_course(spanish)
    first = course.check_ins.order_by("taken_on").first().taken_on
    html = client.get(reverse("treatment:course")).content.decode()
    months = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"]
    assert f">{first.day} {months[first.month - 1]}</text>" in html


def test_once_done_the_check_in_says_when_the_next_is_in_spanish(client, spanish):
    due_course(spanish)
    client.post(URL, form_data())
    html = text_of(client.get(URL).content.decode())
    assert "Está al día: ahora no tiene ningún control pendiente. Gracias." in html
    with translation.override("es"):
        next_due = date_format(timezone.localdate() + timedelta(days=7), "DATE_FORMAT")
    assert f"Su próximo control es el <strong>{next_due}</strong>." in html
    assert "You are up to date" not in html


def test_a_link_that_does_not_work_says_so_in_spanish(client, spanish):
    due_course(spanish)
    response = client.get(reverse("treatment:check_in_link", args=["not-a-token"]))
    assert response.status_code == 404
    html = text_of(response.content.decode())
    assert "Este enlace no funciona" in html
    assert "Hacer mi control" in html
    assert "This link does not work" not in html
