"""The site's own pages and chrome for a visitor whose browser asks for Spanish: the home page,
the error pages, the footer, the privacy notice's page, the header's language switch, and the
words the scripts show (read from the page, so they follow its language). English unchanged."""

from unittest import mock

import pytest
from django.template import loader
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from portal.models import Clinic

pytestmark = pytest.mark.django_db

SPANISH = {"accept-language": "es-MX,es;q=0.9"}


def page(client, url, status=200, headers=SPANISH):
    response = client.get(url, headers=headers)
    assert response.status_code == status
    return response.content.decode()


def test_the_home_page_in_spanish(client):
    html = page(client, reverse("home"))
    assert '<html lang="es">' in html
    assert "<title>EMT para la depresión |" in html
    assert "¿Es la EMT adecuada para mí?" in html
    assert (
        "La estimulación magnética transcraneal (EMT) es un tratamiento para la depresión." in html
    )
    assert "Usted permanece consciente durante cada sesión y no necesita anestesia." in html
    assert ">Leer las respuestas</a>" in html
    assert ">Comenzar o continuar mi formulario de ingreso</a>" in html
    assert "Su equipo de atención decide sobre su tratamiento." in html
    assert ">Aviso de privacidad</a>" in html
    for english in ["Is TMS right for me?", "Read the answers", "Need help now?", "Privacy notice"]:
        assert english not in html


def test_the_home_page_in_english_is_unchanged(client):
    html = page(client, reverse("home"), headers={"accept-language": "en-US"})
    assert '<html lang="en">' in html
    assert "Is TMS right for me?" in html
    assert "Start or continue my intake" in html
    assert "call or text" in html
    assert "¿Es la EMT" not in html


def test_the_404_page_in_spanish(client):
    html = page(client, "/no-such-page/", status=404)
    assert '<html lang="es">' in html
    assert "<title>No encontramos la página" in html
    assert "Error 404" in html
    assert "No pudimos encontrar esa página." in html
    assert ">Ir a la página de inicio</a>" in html
    assert "Page not found" not in html


@override_settings(DEBUG=False)
def test_the_500_page_in_spanish(client):
    client.raise_request_exception = False
    with mock.patch("portal.views.render", side_effect=RuntimeError("boom")):
        response = client.get(reverse("home"), headers=SPANISH)
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="es">' in html
    assert "Lo sentimos, hubo un problema de nuestro lado" in html


@pytest.mark.parametrize(
    ("template", "heading"),
    [
        ("400.html", "Hubo un problema con esa solicitud"),
        ("403.html", "No puede abrir esta página"),
        ("404.html", "No encontramos la página"),
        ("500.html", "Lo sentimos, hubo un problema de nuestro lado"),
    ],
)
def test_each_error_template_in_spanish(template, heading):
    with translation.override("es"):
        html = loader.get_template(template).render({})
    assert '<html lang="es">' in html  # no request context needed for it
    assert heading in html
    assert "Ir a la página de inicio" in html


def test_the_footer_in_spanish_names_the_988_spanish_line_and_the_clinics_contact(client):
    Clinic(name="Lakeside TMS", phone="(555) 010-2000", text_line="555-010-3000").save()
    html = page(client, reverse("home"))
    assert "¿Necesita ayuda ahora?" in html
    assert "Línea de Prevención del Suicidio y Crisis" in html
    assert "marque 2 o envíe “AYUDA” por mensaje de texto al 988" in html
    assert "Comuníquese con Lakeside TMS" in html
    assert 'Llame al <a href="tel:5550102000">' in html
    assert 'Envíe un mensaje de texto al <a href="sms:5550103000">' in html


def test_the_privacy_notices_page_in_spanish(client):
    html = page(client, reverse("privacy_notice"))
    assert '<html lang="es">' in html
    assert "Versión 1, publicada el " in html
    assert " de 20" in html  # "7 de diciembre de 2026": the date in Spanish


def test_the_switch_shows_the_other_language_in_that_language(client):
    english = page(client, reverse("education:index"), headers={"accept-language": "en"})
    assert 'value="es" lang="es"' in english
    assert 'aria-label="Español: leer esta página en español">Español</button>' in english
    assert '<input type="hidden" name="next" value="/learn/">' in english
    spanish = page(client, reverse("education:index"))
    assert 'value="en" lang="en"' in spanish
    assert ">English</button>" in spanish
    # Outside the collapsed menu, so a phone shows it without opening the menu.
    for html in (english, spanish):
        assert html.index('class="language-switch"') < html.index('id="main-nav"')


def test_after_switching_the_visitor_is_on_the_same_page_in_spanish(client):
    response = client.post(reverse("set_language"), {"language": "es", "next": "/learn/"})
    assert response["Location"] == "/learn/"
    html = page(client, "/learn/", headers={"accept-language": "en"})
    assert '<html lang="es">' in html
    assert "Aprenda sobre la EMT" in html


def test_the_idle_warning_and_error_summary_words_follow_the_page(client, patient):
    patient.language = "es"
    patient.save()
    client.force_login(patient)
    html = page(client, reverse("home"))
    assert 'data-title="¿Sigue ahí?"' in html
    assert 'data-text="Para proteger su información, cerraremos su sesión en 1 minuto.' in html
    assert 'data-stay="Mantener la sesión iniciada"' in html
    with translation.override("es"):
        summary = loader.get_template("includes/form_errors.html").render(
            {"form": {"errors": {"q": ["x"]}}}
        )
    assert "Revise esta respuesta" in summary


def test_an_english_accounts_idle_warning_is_in_english(client, patient):
    client.force_login(patient)
    html = page(client, reverse("home"), headers={"accept-language": "en"})
    assert 'data-title="Are you still there?"' in html
    assert 'data-stay="Stay signed in"' in html
