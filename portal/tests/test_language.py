"""Which language a page is in (portal/i18n.py): the header's switch, then the account's
language once signed in, then the browser's; English by default; the admin stays English."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def html_lang(response):
    content = response.content.decode()
    return content.split('<html lang="', 1)[1].split('"', 1)[0]


def test_english_by_default(client):
    response = client.get(reverse("home"))
    assert html_lang(response) == "en"
    assert "Skip to main content" in response.content.decode()
    assert "Español" in response.content.decode()  # the switch offers the other language


def test_a_browser_that_asks_for_spanish_gets_spanish(client):
    response = client.get(reverse("home"), headers={"accept-language": "es-MX,es;q=0.9"})
    assert html_lang(response) == "es"
    assert response["Content-Language"] == "es"
    assert "Saltar al contenido principal" in response.content.decode()
    assert "Accept-Language" in response["Vary"]
    assert "Cookie" in response["Vary"]


def test_the_switch_needs_no_token_from_a_visitor_and_wins_over_the_browser():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("set_language"), {"language": "es", "next": "/learn/"})
    assert response.status_code == 302
    assert response["Location"] == "/learn/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "es"
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    page = client.get(reverse("home"), headers={"accept-language": "en"})
    assert html_lang(page) == "es"


def test_the_switch_refuses_an_unknown_language_and_a_foreign_next(client):
    response = client.post(
        reverse("set_language"), {"language": "xx", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert client.get(reverse("set_language")).status_code == 405


def test_a_signed_in_patient_reads_in_their_accounts_language(client, patient):
    patient.language = "es"
    patient.save()
    client.force_login(patient)
    assert html_lang(client.get(reverse("home"), headers={"accept-language": "en"})) == "es"


def test_a_signed_in_patients_switch_is_kept_on_the_account_and_needs_a_token(patient):
    client = Client(enforce_csrf_checks=True)
    client.force_login(patient)
    refused = client.post(reverse("set_language"), {"language": "es"})
    assert refused.status_code == 403
    patient.refresh_from_db()
    assert patient.language == "en"

    page = client.get(reverse("home"))
    token = page.content.decode().split('name="csrfmiddlewaretoken" value="', 1)[1][:64]
    client.post(reverse("set_language"), {"language": "es", "csrfmiddlewaretoken": token})
    patient.refresh_from_db()
    assert patient.language == "es"


def test_the_admin_stays_english_whatever_the_browser_asks(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    response = client.get(reverse("admin:login"), headers={"accept-language": "es"})
    assert html_lang(response) == "en"
    assert "Password" in response.content.decode()  # not Django's own "Contraseña"


def test_an_account_with_no_language_yet_takes_the_one_read_in_at_sign_in(client, patient):
    """An account made before the portal spoke Spanish: signing in from a Spanish browser keeps
    the pages Spanish, and the account (so its mails) takes Spanish."""
    from portal.tests.factories import PASSWORD

    assert patient.language == ""
    spanish = {"accept-language": "es-MX,es;q=0.9"}
    response = client.post(
        reverse("login"), {"username": patient.email, "password": PASSWORD}, headers=spanish
    )
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.language == "es"
    # Chosen now: a browser asking for English later does not change it.
    assert html_lang(client.get(reverse("home"), headers={"accept-language": "en"})) == "es"


def test_an_account_that_chose_english_reads_english_from_a_spanish_browser(client, patient):
    from portal.tests.factories import PASSWORD

    patient.language = "en"
    patient.save()
    client.post(
        reverse("login"),
        {"username": patient.email, "password": PASSWORD},
        headers={"accept-language": "es"},
    )
    patient.refresh_from_db()
    assert patient.language == "en"
    assert html_lang(client.get(reverse("home"), headers={"accept-language": "es"})) == "en"
