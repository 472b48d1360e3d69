"""The intake's other pages in Spanish: papers, records release, parent or
guardian, TMS consent, my data and deletion; with their errors; English unchanged."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def html_lang(response):
    return response.content.decode().split('<html lang="', 1)[1].split('"', 1)[0]


@pytest.fixture
def spanish(patient):
    patient.language = "es"
    patient.save(update_fields=["language"])
    return patient


@pytest.fixture
def started(client, save):
    """A draft intake: the papers page needs one."""

    def _start(person):
        client.force_login(person)
        assert save("about-you", language=person.language).status_code == 302

    return _start


PAGES = {
    "intake:release": (
        [
            "Registros de sus médicos anteriores",
            "Médico o farmacia 1",
            "Nombre del médico o de la farmacia",
            "Médico o profesional que recetó",
            "Guardar",
        ],
        [
            "Records from your past doctors",
            "Doctor or pharmacy 1",
            "Name of the doctor or pharmacy",
        ],
    ),
    "intake:tms_consent": (
        [
            "Lea y firme el consentimiento para la EMT",
            "Firmar no quiere decir que vaya a recibir EMT",
            "Leí esto y estoy de acuerdo",
            "Versión 1, publicada el",
        ],
        [
            "Read and sign the TMS consent",
            "Signing does not mean you will get TMS",
            "Version 1, published",
        ],
    ),
    "my_data": (
        ["Mis datos", "Todos mis datos (archivo JSON)", "Borrar mi cuenta y mis datos"],
        ["My data", "All my data (JSON file)", "Delete my account and data"],
    ),
    "my_data_delete": (
        [
            "Borrar mi cuenta y mis datos",
            "Sí, quiero que se borren mi cuenta y mis datos.",
            "Pedir que se borren",
        ],
        ["Delete my account and data", "Yes, I want my account and data deleted."],
    ),
    "intake:documents": (
        [
            "Mis documentos para la clínica",
            "Registro de la farmacia",
            "Elija un archivo o tome una foto",
            "Subir registro de la farmacia",
            "Un archivo PDF, JPEG o PNG, de hasta",
        ],
        [
            "My papers for the clinic",
            "Pharmacy record",
            "Choose a file or take a photo",
            "Upload pharmacy record",
        ],
    ),
}


@pytest.mark.parametrize("name", PAGES)
def test_each_page_reads_in_spanish_and_stays_english(client, patient, started, name):
    for language, expected in (("es", PAGES[name][0]), ("en", PAGES[name][1])):
        patient.language = language
        patient.save(update_fields=["language"])
        started(patient)
        response = client.get(reverse(name))
        html = response.content.decode()
        assert html_lang(response) == language
        for text in expected:
            assert text in html, (language, text)


def test_the_home_and_review_boxes_read_in_spanish(client, spanish, started):
    started(spanish)
    html = client.get(reverse("intake:home")).content.decode()
    assert "Documentos para su seguro" in html
    assert "Agregar mis documentos" in html
    review = client.get(reverse("intake:review")).content.decode()
    for text in (
        "Registros, padre, madre o tutor, y consentimiento",
        "léalo y fírmelo antes de su primera sesión",
        "ninguno anotado todavía",
    ):
        assert text in review, text


def test_a_release_row_error_is_in_spanish(client, spanish):
    client.force_login(spanish)
    page = client.get(reverse("intake:release"))
    data = {
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "6",
        "version": str(page.context["form"]["version"].value()),
        "rows-0-kind": "prescriber",
        "rows-0-city": "Springfield",
        "rows-0-phone": "abc",
    }
    html = client.post(reverse("intake:release"), data).content.decode()
    assert "Revise estas respuestas" in html
    assert "Médico o farmacia 1, nombre del médico o de la farmacia:" in html
    assert "Escriba el nombre, o borre esta fila." in html
    assert "Escriba un número de teléfono o de fax de 7 a 15 dígitos" in html


def test_the_guardian_page_and_its_errors_in_spanish(client, spanish, save):
    spanish.date_of_birth = timezone.localdate().replace(year=timezone.localdate().year - 16)
    spanish.date_of_birth -= datetime.timedelta(days=10)
    spanish.save()
    client.force_login(spanish)
    save("about-you", language="es", date_of_birth_2=str(spanish.date_of_birth.year))
    html = client.get(reverse("intake:guardian")).content.decode()
    assert "Usted es menor de 18 años." in html
    assert "Nombre completo del padre, la madre o el tutor" in html
    html = client.post(reverse("intake:guardian"), {}).content.decode()
    assert "Escriba el nombre completo del padre, la madre o el tutor." in html
    assert "El padre, la madre o el tutor debe marcar esta casilla." in html


def test_an_upload_refused_in_spanish(client, spanish, started):
    started(spanish)
    upload = SimpleUploadedFile("notes.txt", b"just some words", content_type="text/plain")
    response = client.post(reverse("intake:documents"), {"kind": "pharmacy", "file": upload})
    assert "Solo aceptamos archivos PDF, JPEG o PNG." in response.content.decode()


def test_a_deletion_without_the_box_ticked_in_spanish(client, spanish):
    client.force_login(spanish)
    html = client.post(reverse("my_data_delete"), {}).content.decode()
    assert "Hay un problema" in html
    assert "Marque la casilla para indicar que quiere que se borren su cuenta y sus datos." in html
