"""A Spanish-speaking visitor's account journey in a real browser (Chromium, its language set to
Spanish), at phone and desktop size: sign up in Spanish, read the Spanish mail, confirm, sign
out and in again, reach the intake; each account page in Spanish and clean under axe."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from portal.models import PolicyAgreement
from portal.tests.browser.pages import open_menu_if_collapsed

from .test_accessibility import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "lucia@example.com"
PASSWORD = "tranquilo río mañana"


@pytest.fixture
def browser_context_args(browser_context_args):
    # A browser set to Spanish (its Accept-Language says so); axe's script allowed in.
    return {**browser_context_args, "locale": "es-MX", "bypass_csp": True}


def submit(page, button):
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def assert_spanish_and_clean(page):
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert violations(page) == [], page.url


def test_a_spanish_visitor_signs_up_confirms_and_signs_in(page, screen, mailoutbox):
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", name="Iniciar sesión")).to_be_visible()
    assert_spanish_and_clean(page)
    page.get_by_role("link", name="Crear una cuenta").click()

    expect(page.get_by_role("heading", name="Crear una cuenta")).to_be_visible()
    expect(page.get_by_label("Español")).to_be_checked()
    assert_spanish_and_clean(page)
    page.get_by_label("Nombre completo").fill("Lucía Ejemplo")
    page.get_by_label("Correo electrónico").fill(EMAIL)
    page.locator("#id_date_of_birth_0").fill("7")
    page.locator("#id_date_of_birth_1").fill("14")
    page.locator("#id_date_of_birth_2").fill("1984")
    page.get_by_label(re.compile(r"^\s*Contraseña\W*$")).fill(PASSWORD)
    page.get_by_label("Escriba la contraseña otra vez").fill(PASSWORD)
    page.get_by_label("He leído el aviso de privacidad de la clínica").check()
    submit(page, "Crear mi cuenta")

    expect(page.get_by_role("heading", name="Revise su correo electrónico")).to_be_visible()
    assert_spanish_and_clean(page)
    user = get_user_model().objects.get(email=EMAIL)
    assert user.language == "es"
    assert PolicyAgreement.objects.get(user=user).language == "es"

    (mail,) = mailoutbox
    assert mail.to == [EMAIL]
    assert mail.subject.startswith("Confirme su correo electrónico para ")
    assert "Para terminar de crear su cuenta, abra este enlace" in mail.body
    page.goto(re.search(r"https?://\S+", mail.body).group(0))
    expect(page.get_by_role("heading", name="Elija su contraseña")).to_be_visible()
    assert_spanish_and_clean(page)
    page.get_by_label("Elija una contraseña").fill(PASSWORD)
    page.get_by_label("Escriba la contraseña otra vez").fill(PASSWORD)
    submit(page, "Confirmar e iniciar sesión")
    expect(page.get_by_text("Su correo electrónico está confirmado")).to_be_visible()

    open_menu_if_collapsed(page)
    submit(page, "Cerrar sesión")
    expect(page.get_by_text("Cerró sesión.")).to_be_visible()

    page.goto("/accounts/login/")
    page.get_by_label("Correo electrónico").fill(EMAIL)
    page.get_by_label("Contraseña").fill("not the password")
    submit(page, "Iniciar sesión")
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("El correo electrónico y la contraseña no coinciden.")
    assert_spanish_and_clean(page)

    page.get_by_label("Contraseña").fill(PASSWORD)
    submit(page, "Iniciar sesión")
    response = page.goto("/intake/")
    assert response.ok
    assert page.url.endswith("/intake/")  # the intake itself, not the sign-in page

    page.goto("/accounts/security/")
    expect(page.get_by_role("heading", name="Inicio de sesión y seguridad")).to_be_visible()
    expect(page.get_by_label("Español")).to_be_checked()
    assert_spanish_and_clean(page)


def test_the_password_reset_pages_in_spanish(page, screen, patient, mailoutbox):
    page.goto("/accounts/password_reset/")
    expect(page.get_by_role("heading", name="¿Olvidó su contraseña?")).to_be_visible()
    assert_spanish_and_clean(page)
    page.get_by_label("Correo electrónico").fill(patient.email)
    submit(page, "Enviarme el enlace")
    expect(page.get_by_role("heading", name="Revise su correo electrónico")).to_be_visible()
    assert_spanish_and_clean(page)
    # Alice's account is in English: her mail is too, whatever the page's language.
    assert mailoutbox[-1].subject.startswith("Set a new password for ")
    page.goto(re.search(r"https?://\S+", mailoutbox[-1].body).group(0))
    expect(page.get_by_role("heading", name="Crear una contraseña nueva")).to_be_visible()
    assert_spanish_and_clean(page)

    page.goto("/privacy/")
    expect(page.get_by_role("heading", name="Aviso de privacidad")).to_be_visible()
    assert_spanish_and_clean(page)
