"""Idle sign-out (enforced on the server), sign-out, and a new session key at sign-in."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from portal.middleware import LAST_ACTIVITY, SIGNED_IN_AT

from .factories import PASSWORD, StaffFactory

pytestmark = pytest.mark.django_db

STEP = reverse("intake:step", args=["about-you"])


def idle_for(client, seconds):
    session = client.session
    session[LAST_ACTIVITY] = int(time.time()) - seconds
    session.save()


def test_the_session_key_changes_at_sign_in(client, patient):
    client.get(reverse("login"))
    session = client.session
    session["before"] = "yes"
    session.save()
    before = session.session_key
    response = client.post(reverse("login"), {"username": patient.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session.session_key != before
    assert not Session.objects.filter(session_key=before).exists()


def test_sign_out_ends_the_session_on_the_server(client, patient):
    client.force_login(patient)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(STEP).status_code == 302


def test_a_patient_idle_for_30_minutes_is_signed_out_and_comes_back_to_the_same_step(
    client, patient
):
    client.force_login(patient)
    idle_for(client, 29 * 60)
    assert client.get(STEP).status_code == 200  # still signed in; the clock starts again
    idle_for(client, 30 * 60 + 5)
    response = client.get(STEP)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={STEP}"
    assert "_auth_user_id" not in client.session
    page = client.get(response.url)
    assert "signed out after 30 minutes without activity" in page.content.decode()
    back = client.post(
        response.url, {"username": patient.email, "password": PASSWORD, "next": STEP}
    )
    assert back.url == STEP


def test_staff_are_signed_out_after_15_minutes(client):
    staff = StaffFactory(is_superuser=True)
    client.force_login(staff)
    idle_for(client, 14 * 60)
    assert client.get(reverse("admin:index")).status_code == 200
    idle_for(client, 15 * 60 + 5)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert "_auth_user_id" not in client.session


def test_the_timeouts_come_from_settings(client, patient, settings):
    settings.PATIENT_IDLE_TIMEOUT_MINUTES = 5
    client.force_login(patient)
    html = client.get(reverse("home")).content.decode()
    assert '<meta name="idle-timeout" content="300"' in html
    assert "js/idle-timeout.js" in html
    idle_for(client, 5 * 60 + 5)
    assert client.get(STEP).status_code == 302


def test_the_warning_script_is_only_for_signed_in_pages(client):
    html = client.get(reverse("home")).content.decode()
    assert 'name="idle-timeout"' not in html
    assert "idle-timeout.js" not in html


def test_stay_signed_in_restarts_the_idle_clock(client, patient):
    client.force_login(patient)
    idle_for(client, 29 * 60 + 30)
    assert client.post(reverse("keep_alive")).status_code == 204
    assert client.session[LAST_ACTIVITY] >= int(time.time()) - 2
    assert client.get(reverse("keep_alive")).status_code == 405


def test_keep_alive_after_the_timeout_does_not_bring_the_session_back(client, patient):
    client.force_login(patient)
    idle_for(client, 31 * 60)
    response = client.post(reverse("keep_alive"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.post(reverse("keep_alive")).status_code == 401


def signed_in_ago(client, seconds):
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - seconds
    session.save()


def test_an_active_patient_is_signed_out_session_cookie_age_after_signing_in(
    client, patient, settings
):
    """Activity keeps the idle clock going, but not past SESSION_COOKIE_AGE from sign-in."""
    settings.SESSION_COOKIE_AGE = 2 * 60 * 60
    client.force_login(patient)
    signed_in_ago(client, 2 * 60 * 60 - 60)
    idle_for(client, 60)
    assert client.get(STEP).status_code == 200  # active, and still within the limit
    signed_in_ago(client, 2 * 60 * 60 + 5)
    idle_for(client, 20)  # active a moment ago
    response = client.get(STEP)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={STEP}"
    assert "_auth_user_id" not in client.session
    page = client.get(response.url)
    assert "signed in a long time ago" in page.content.decode()


def test_signing_in_again_starts_the_limit_again(client, patient, settings):
    settings.SESSION_COOKIE_AGE = 60 * 60
    before = int(time.time())
    client.post(reverse("login"), {"username": patient.email, "password": PASSWORD})
    assert client.session[SIGNED_IN_AT] >= before
    assert client.get(STEP).status_code == 200


def test_a_step_posted_after_the_idle_limit_keeps_the_typing_across_sign_in(client, patient):
    client.force_login(patient)
    client.get(STEP)
    idle_for(client, 30 * 60 + 5)
    response = client.post(
        STEP, {"interpreter_language": "Portuguese", "phone": "555 0100", "action": "continue"}
    )
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={STEP}"
    assert "_auth_user_id" not in client.session
    back = client.post(
        response.url, {"username": patient.email, "password": PASSWORD, "next": STEP}
    )
    assert back.url == STEP
    html = client.get(STEP).content.decode()
    assert 'value="Portuguese"' in html
    assert "We kept what you typed" in html
    # Shown once; nothing was saved without the patient.
    assert 'value="Portuguese"' not in client.get(STEP).content.decode()


def test_kept_typing_is_never_shown_to_another_account(client, patient, other_patient):
    client.force_login(patient)
    idle_for(client, 30 * 60 + 5)
    client.post(STEP, {"interpreter_language": "Portuguese", "action": "continue"})
    client.post(reverse("login"), {"username": other_patient.email, "password": PASSWORD})
    assert 'value="Portuguese"' not in client.get(STEP).content.decode()


def test_a_spanish_reader_is_told_of_each_sign_out_in_spanish(client, patient, settings):
    patient.language = "es"
    patient.save()
    client.force_login(patient)
    idle_for(client, 30 * 60 + 5)
    response = client.get(STEP, HTTP_ACCEPT_LANGUAGE="es")
    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Cerramos su sesión después de 30 minutos sin actividad" in page

    settings.SESSION_COOKIE_AGE = 60 * 60
    client.force_login(patient)
    signed_in_ago(client, 60 * 60 + 5)
    response = client.get(STEP, HTTP_ACCEPT_LANGUAGE="es")
    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Cerramos su sesión porque inició sesión hace mucho tiempo" in page
