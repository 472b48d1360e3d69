"""The account pages and mails in Spanish: a Spanish reader's pages, the account's
language chosen at sign-up and on the Account page, each mail in its recipient's language, and
the clinic's policy texts with their Spanish wording (portal/models.py, PolicyText)."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from portal import services
from portal.models import PolicyAgreement, PolicyText
from portal.policies import current_text, publish

from .test_accounts import NEW_PASSWORD, signup_data

pytestmark = pytest.mark.django_db

SPANISH = {"accept-language": "es-MX,es;q=0.9"}
Kind = PolicyText.Kind


def html_of(response):
    return response.content.decode()


def lang_of(html):
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


def main_of(html):
    return html.split('id="main"', 1)[-1].split("<footer", 1)[0]


@pytest.fixture
def spanish():
    return Client(headers=SPANISH)


def sign_up(client, capture, **overrides):
    with capture(execute=True):
        return client.post(reverse("signup"), signup_data(**overrides))


# --- The pages, in Spanish for a Spanish browser ---------------------------------------------


def test_the_sign_up_page_is_in_spanish_and_offers_the_language_chosen(spanish):
    html = html_of(spanish.get(reverse("signup")))
    assert lang_of(html) == "es"
    assert "<title>Crear una cuenta |" in html
    assert "Con una cuenta puede llenar el formulario de ingreso" in html
    assert "Nombre completo" in html
    assert "He leído el aviso de privacidad de la clínica" in html
    assert "Idioma del portal y de sus correos electrónicos" in html
    checked = re.search(r'<input[^>]*name="language"[^>]*checked[^>]*>', html).group(0)
    assert 'value="es"' in checked
    assert "Crear mi cuenta" in html
    for english in ("Full name", "Create my account", "Email address", "Already have an account"):
        assert english not in main_of(html), english


def test_the_sign_up_page_stays_english_for_an_english_browser(client):
    html = html_of(client.get(reverse("signup")))
    assert "Language for the portal and its emails" in html
    assert "Create my account" in html
    checked = re.search(r'<input[^>]*name="language"[^>]*checked[^>]*>', html).group(0)
    assert 'value="en"' in checked


def test_sign_up_errors_are_in_spanish(spanish):
    data = signup_data(full_name="", password2="something else entirely")
    html = html_of(spanish.post(reverse("signup"), data))
    assert "Escriba su nombre completo." in html
    assert "Las dos contraseñas no son iguales. Escríbalas otra vez." in html


def test_sign_in_page_and_its_wrong_password_message_are_in_spanish(spanish, patient):
    html = html_of(spanish.get(reverse("login")))
    assert lang_of(html) == "es"
    assert '<h1 class="h2 mb-3">Iniciar sesión</h1>' in html
    assert "¿Olvidó su contraseña?" in html
    assert "Crear una cuenta" in html
    response = spanish.post(
        reverse("login"), {"username": patient.email, "password": "not the password"}
    )
    html = html_of(response)
    summary = html.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "El correo electrónico y la contraseña no coinciden." in summary
    assert "That email and password did not match" not in html


def test_the_password_reset_pages_are_in_spanish(spanish, patient):
    html = html_of(spanish.get(reverse("password_reset")))
    assert "¿Olvidó su contraseña?" in html
    assert "Enviarme el enlace" in html
    done = html_of(spanish.get(reverse("password_reset_done")))
    assert "Revise su correo electrónico" in done

    uid = urlsafe_base64_encode(force_bytes(patient.pk))
    token = default_token_generator.make_token(patient)
    url = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    html = html_of(spanish.get(url, follow=True))
    assert "Crear una contraseña nueva" in html
    assert "Contraseña nueva" in html
    assert "Guardar mi contraseña nueva" in html
    bad = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": "1-bad"})
    assert "Este enlace no funciona" in html_of(spanish.get(bad))
    assert "Su contraseña cambió" in html_of(spanish.get(reverse("password_reset_complete")))


def test_the_locked_out_page_is_in_spanish(spanish, patient, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        response = spanish.post(reverse("login"), {"username": patient.email, "password": "x"})
    assert response.status_code == 429
    html = html_of(response)
    assert lang_of(html) == "es"
    assert "El inicio de sesión está en pausa por un rato" in html
    assert "está en pausa por 15 minutos" in html
    assert "Sign-in is paused" not in html


def test_the_signed_out_message_is_in_the_language_of_the_page_it_lands_on(spanish, patient):
    spanish.force_login(patient)  # an English account, in a Spanish browser
    response = spanish.post(reverse("logout"), follow=True)
    assert lang_of(html_of(response)) == "es"
    assert "Cerró sesión." in html_of(response)


def test_the_confirmation_page_is_in_spanish(
    spanish, django_capture_on_commit_callbacks, mailoutbox
):
    sign_up(spanish, django_capture_on_commit_callbacks)
    link = re.search(r"https?://[^/\s]+(/\S+)", mailoutbox[0].body).group(1)
    html = html_of(spanish.get(link))
    assert "Elija su contraseña" in html
    assert "Confirmar e iniciar sesión" in html
    response = spanish.post(
        link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert "Gracias. Su correo electrónico está confirmado y ya inició sesión." in html_of(response)


# --- The account's language and its mails ---------------------------------------------------


def test_sign_up_in_spanish_keeps_spanish_and_mails_in_spanish(
    spanish, django_capture_on_commit_callbacks, mailoutbox
):
    response = sign_up(spanish, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert "Revise su correo electrónico" in html_of(spanish.get(response.url))
    user = get_user_model().objects.get(email="carol@example.com")
    assert user.language == "es"
    (mail,) = mailoutbox
    assert mail.subject.startswith("Confirme su correo electrónico para ")
    assert "Para terminar de crear su cuenta, abra este enlace" in mail.body
    assert "El enlace funciona una sola vez, durante tres días." in mail.body
    assert "Hola, Carol:" in mail.body
    assert "To finish creating your account" not in mail.body


def test_english_chosen_on_a_spanish_page_gives_an_english_account_and_mail(
    spanish, django_capture_on_commit_callbacks, mailoutbox
):
    sign_up(spanish, django_capture_on_commit_callbacks, language="en")
    assert get_user_model().objects.get(email="carol@example.com").language == "en"
    assert mailoutbox[0].subject.startswith("Confirm your email for ")
    assert "To finish creating your account, open this link" in mailoutbox[0].body


def test_an_unknown_language_is_refused_on_the_form(spanish):
    response = spanish.post(reverse("signup"), signup_data(language="xx"))
    assert response.status_code == 200
    assert not get_user_model().objects.filter(email="carol@example.com").exists()


def test_an_english_account_gets_english_mails_from_a_spanish_page(
    spanish, patient, django_capture_on_commit_callbacks, mailoutbox
):
    sign_up(spanish, django_capture_on_commit_callbacks, email=patient.email)
    (existing,) = mailoutbox
    assert existing.subject.startswith("Someone tried to sign up with your email at ")
    assert "This address already has an account" in existing.body
    with django_capture_on_commit_callbacks(execute=True):
        spanish.post(reverse("password_reset"), {"email": patient.email})
    reset = mailoutbox[1]
    assert reset.subject.startswith("Set a new password for ")
    assert "open this link to choose a new password" in reset.body


def test_a_spanish_account_gets_spanish_mails_from_an_english_page(
    client, patient, django_capture_on_commit_callbacks, mailoutbox
):
    patient.language = "es"
    patient.save(update_fields=["language"])
    sign_up(client, django_capture_on_commit_callbacks, email=patient.email)
    assert mailoutbox[0].subject.startswith("Alguien intentó crear una cuenta con su correo")
    assert "Este correo ya tiene una cuenta, así que no se cambió nada." in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": patient.email})
    reset = mailoutbox[1]
    assert reset.subject.startswith("Cree una contraseña nueva para ")
    assert "abra este enlace para elegir una contraseña nueva" in reset.body
    assert "/accounts/reset/" in reset.body


def test_the_data_deleted_mail_follows_the_accounts_language(
    patient, django_capture_on_commit_callbacks, mailoutbox
):
    patient.language = "es"
    patient.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        services._send(template="data_deleted", to=patient.email, context={"kept": 1})
        # An account already deleted: the language the caller kept, else English.
        services._send(
            template="data_deleted", to="gone@example.com", context={"kept": 0}, language="es"
        )
        services._send(template="data_deleted", to="gone@example.com", context={"kept": 0})
    spanish_kept, spanish_gone, english = mailoutbox
    assert spanish_kept.subject.startswith("Sus datos en ")
    assert "guardamos su parte médica" in spanish_kept.body
    assert "Usted nos pidió borrar su cuenta y sus datos." in spanish_gone.body
    assert "guardamos su parte médica" not in spanish_gone.body
    assert english.subject.startswith("Your data at ")


def test_the_account_page_changes_the_language_at_once(patient):
    client = Client()
    client.force_login(patient)
    html = html_of(client.get(reverse("account_security")))
    assert "Language for the portal and its emails" in html
    assert re.search(r'<input[^>]*value="en"[^>]*checked', html)
    response = client.post(
        reverse("set_language"), {"language": "es", "next": reverse("account_security")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_security")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    patient.refresh_from_db()
    assert patient.language == "es"
    html = html_of(client.get(reverse("account_security")))
    assert lang_of(html) == "es"
    assert "Inicio de sesión y seguridad" in html
    assert "Idioma del portal y de sus correos electrónicos" in html
    assert re.search(r'<input[^>]*value="es"[^>]*checked', html)
    assert "Mis datos" in html

    # and back to English, from a Spanish page
    client.post(reverse("set_language"), {"language": "en", "next": reverse("account_security")})
    patient.refresh_from_db()
    assert patient.language == "en"
    assert "Sign-in and security" in html_of(client.get(reverse("account_security")))


# --- The clinic's policy texts --------------------------------------------------------------


def test_the_privacy_notice_in_spanish(spanish):
    notice = current_text(Kind.PRIVACY_NOTICE)
    assert notice.text_es  # the bundled notice has its Spanish wording
    html = html_of(spanish.get(reverse("privacy_notice")))
    assert lang_of(html) == "es"
    assert ">Aviso de privacidad</h1>" in html
    assert "Este aviso explica qué información guardamos sobre usted" in html
    assert "Este texto solo está disponible en inglés." not in html
    assert 'lang="en"' not in main_of(html)
    english = html_of(Client().get(reverse("privacy_notice")))
    assert "This notice says what we keep about you" in english
    assert "Este aviso" not in english


def test_a_notice_without_spanish_shows_the_english_with_a_note(spanish):
    publish(kind=Kind.PRIVACY_NOTICE, title="Our privacy notice", text="We keep little.")
    html = html_of(spanish.get(reverse("privacy_notice")))
    assert "Este texto solo está disponible en inglés." in html
    assert '<h1 class="h2 mb-2" lang="en">Our privacy notice</h1>' in html
    assert '<div class="policy-text-body" lang="en"><p>We keep little.</p></div>' in html
    english = html_of(Client().get(reverse("privacy_notice")))
    assert "solo está disponible" not in english
    assert 'lang="en"><p>' not in english


def test_in_language_gives_the_wording_and_its_language():
    text = publish(
        kind=Kind.TMS_CONSENT, title="Consent", text="English.", title_es="", text_es="Español."
    )
    assert text.in_language("es") == ("Consent", "Español.", "es", "")
    assert text.in_language("en") == ("Consent", "English.", "en", "")
    blank = publish(kind=Kind.TMS_CONSENT, title="Consent", text="English.")
    assert blank.in_language("es").lang == "en"
    assert blank.in_language("es").note == "Este texto solo está disponible en inglés."


def test_an_agreement_records_the_language_the_patient_was_shown(
    spanish, django_capture_on_commit_callbacks
):
    sign_up(spanish, django_capture_on_commit_callbacks)
    (agreement,) = PolicyAgreement.objects.filter(user__email="carol@example.com")
    assert agreement.language == "es"

    # Spanish reader, but the clinic's new notice has no Spanish: the English was shown.
    publish(kind=Kind.PRIVACY_NOTICE, title="Privacy notice", text="We keep little.")
    sign_up(spanish, django_capture_on_commit_callbacks, email="dan@example.com", notice_version=2)
    (agreement,) = PolicyAgreement.objects.filter(user__email="dan@example.com")
    assert agreement.language == "en"


def test_an_english_reader_agreement_is_english(client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)
    (agreement,) = PolicyAgreement.objects.filter(user__email="carol@example.com")
    assert agreement.language == "en"


def test_the_admin_edits_the_spanish_beside_the_english_as_a_new_version(admin_client):
    notice = current_text(Kind.PRIVACY_NOTICE)
    url = reverse("admin:portal_policytext_change", args=[notice.pk])
    html = html_of(admin_client.get(url))
    assert 'name="title_es"' in html
    assert 'name="text_es"' in html
    response = admin_client.post(
        url,
        {
            "title": notice.title,
            "text": notice.text,
            "title_es": "Aviso de privacidad",
            "text_es": "Texto nuevo en español.",
        },
    )
    assert response.status_code == 302
    latest = current_text(Kind.PRIVACY_NOTICE)
    assert latest.version == notice.version + 1
    assert latest.text_es == "Texto nuevo en español."
    notice.refresh_from_db()
    assert notice.text_es != "Texto nuevo en español."


def test_the_staff_only_page_is_in_spanish(spanish, staff):
    staff.language = "es"
    staff.save(update_fields=["language"])
    spanish.force_login(staff)
    response = spanish.get(reverse("intake:home"))
    assert response.status_code == 403
    html = html_of(response)
    assert "Esta página es para pacientes" in html
    assert "El formulario de ingreso es para pacientes." in html


def test_the_tms_consent_page_shows_the_spanish_wording_and_records_it(patient):
    patient.language = "es"
    patient.save(update_fields=["language"])
    client = Client()
    client.force_login(patient)
    html = html_of(client.get(reverse("intake:tms_consent")))
    assert ">Consentimiento para el tratamiento con EMT</h2>" in html
    assert "La estimulación magnética transcraneal (EMT) usa un imán" in html
    version = current_text(Kind.TMS_CONSENT).version
    data = {"version": str(version), "agree": "on", "signed_name": "Alice Example"}
    assert client.post(reverse("intake:tms_consent"), data).status_code == 302
    signature = PolicyAgreement.objects.get(user=patient, kind=Kind.TMS_CONSENT)
    assert signature.language == "es"


def test_the_data_deleted_mail_is_in_the_deleted_accounts_language(
    patient, reviewer, django_capture_on_commit_callbacks, mailoutbox
):
    from intake.services import rights

    patient.language = "es"
    patient.save(update_fields=["language"])
    deletion_request, _ = rights.request_deletion(patient=patient)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        rights.carry_out_deletion(deletion_request=deletion_request, by=reviewer)
    assert not get_user_model().objects.filter(pk=patient.pk).exists()
    (mail,) = mailoutbox
    assert mail.to == ["alice@example.com"]
    assert mail.subject.startswith("Sus datos en ")
    assert "Usted nos pidió borrar su cuenta y sus datos. Ya lo hicimos." in mail.body
