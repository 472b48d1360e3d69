"""The clinic's own words a Spanish reader sees: its opening hours (Clinic.hours_es, else the
English marked lang="en") and what a closed intake's outcome means."""

import pytest
from django.urls import reverse

from intake.models import Outcome, Status
from intake.tests.factories import make_intake
from portal.models import Clinic

pytestmark = pytest.mark.django_db

SPANISH = {"accept-language": "es"}


@pytest.fixture
def clinic():
    clinic = Clinic.current()
    clinic.phone = "(555) 010-0100"
    clinic.hours = "Monday to Friday, 8 am to 5 pm"
    clinic.save()
    return clinic


def test_a_spanish_reader_reads_the_spanish_hours(client, clinic):
    clinic.hours_es = "de lunes a viernes, de 8 a. m. a 5 p. m."
    clinic.save()
    html = client.get(reverse("home"), headers=SPANISH).content.decode()
    assert "Horario: de lunes a viernes, de 8 a. m. a 5 p. m." in html
    assert "Monday to Friday" not in html
    english = client.get(reverse("home")).content.decode()
    assert "Hours: Monday to Friday, 8 am to 5 pm</li>" in english


def test_without_spanish_hours_the_english_ones_are_marked_english(client, clinic):
    html = client.get(reverse("home"), headers=SPANISH).content.decode()
    assert 'Horario: <span lang="en">Monday to Friday, 8 am to 5 pm</span>' in html


def test_a_closed_intakes_outcome_reads_in_spanish(client, patient, clinic):
    patient.language = "es"
    patient.save()
    intake = make_intake(patient)
    intake.status, intake.outcome = Status.CLOSED, Outcome.CONSULTATION
    intake.save()
    client.force_login(patient)
    html = client.get(reverse("intake:home")).content.decode()
    assert "La clínica quiere reunirse con usted para una consulta." in html
    assert "La clínica se comunicará con usted para buscar una hora." in html
    assert "would like to meet you" not in html


def test_the_account_page_names_each_language_in_itself(client, patient):
    patient.language = "es"
    patient.save()
    client.force_login(patient)
    html = client.get(reverse("account_security")).content.decode()
    assert 'lang="en">English</label>' in html
    assert "Inglés" not in html


def test_the_date_of_birth_boxes_and_their_messages_read_in_spanish(client):
    html = client.get(reverse("signup"), headers=SPANISH).content.decode()
    for label in (">Mes</label>", ">Día</label>", ">Año</label>"):
        assert label in html
    response = client.post(
        reverse("signup"),
        {"date_of_birth_0": "2", "date_of_birth_1": "31", "date_of_birth_2": "1980"},
        headers=SPANISH,
    )
    assert "Escriba una fecha real, por ejemplo 3 27 1980" in response.content.decode()
