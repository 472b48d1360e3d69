"""Sign-in lockout (django-axes) for patients and the admin, and pages that never say whether
an email has an account."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from .factories import PASSWORD, StaffFactory

pytestmark = pytest.mark.django_db

LIMIT = 5
WRONG = "wrong password"


@pytest.fixture(autouse=True)
def _lockout_settings(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT


def sign_in(client, email, password=WRONG, url="login", ip="10.0.0.1"):
    return client.post(reverse(url), {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_a_patient_account_is_locked_after_repeated_failures_even_with_the_right_password(
    client, patient
):
    for _ in range(LIMIT - 1):
        assert sign_in(client, patient.email).status_code == 200
    response = sign_in(client, patient.email)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Sign-in is paused" in html
    assert "15 minutes" in html
    assert 'href="/static/css/portal.css"' in html  # the site's own design
    # The right password does not help while the lock lasts, from another address too.
    response = sign_in(client, patient.email, PASSWORD, ip="10.0.0.2")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_keys_on_the_email_whatever_its_case(client, patient):
    for number in range(LIMIT):
        sign_in(
            client, "Alice@Example.com " if number % 2 else patient.email, ip=f"10.0.1.{number}"
        )
    assert sign_in(client, patient.email, PASSWORD, ip="10.0.2.1").status_code == 429


def test_one_address_is_locked_after_failures_on_many_accounts(client, patient):
    for number in range(LIMIT):
        sign_in(client, f"someone{number}@example.com", ip="10.9.9.9")
    assert sign_in(client, patient.email, PASSWORD, ip="10.9.9.9").status_code == 429
    assert sign_in(Client(), patient.email, PASSWORD, ip="10.9.9.8").status_code == 302


def test_the_admin_login_is_locked_too(client):
    staff = StaffFactory(is_superuser=True)
    for _ in range(LIMIT):
        sign_in(client, staff.email, url="admin:login")
    response = sign_in(client, staff.email, PASSWORD, url="admin:login", ip="10.0.0.3")
    assert response.status_code == 429
    assert "Sign-in is paused" in response.content.decode()


def test_staff_unlock_an_account_in_the_admin(client, admin_client, patient):
    for _ in range(LIMIT):
        sign_in(client, patient.email)
    attempt = AccessAttempt.objects.get(username=patient.email)
    changelist = admin_client.get(reverse("admin:axes_accessattempt_changelist"))
    assert patient.email in changelist.content.decode()
    admin_client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert not AccessAttempt.objects.exists()
    assert sign_in(client, patient.email, PASSWORD).status_code == 302


def test_a_successful_sign_in_clears_earlier_failures(client, patient):
    for _ in range(LIMIT - 1):
        sign_in(client, patient.email)
    assert sign_in(client, patient.email, PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(LIMIT - 1):
        assert sign_in(client, patient.email).status_code == 200


def _page_text(response):
    return response.content.decode().replace("csrfmiddlewaretoken", "")


def test_sign_in_says_the_same_for_a_known_and_an_unknown_email(patient):
    known = sign_in(Client(), patient.email, ip="10.1.0.1")
    unknown = sign_in(Client(), "nobody@example.com", ip="10.1.0.2")
    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].errors == unknown.context["form"].errors
    # Locked the same way too.
    for _ in range(LIMIT - 1):
        known = sign_in(Client(), patient.email, ip="10.1.0.1")
        unknown = sign_in(Client(), "nobody@example.com", ip="10.1.0.2")
    assert known.status_code == unknown.status_code == 429
    assert known.content.decode().count("paused") == unknown.content.decode().count("paused")


def test_password_reset_and_sign_up_say_the_same_for_a_known_and_an_unknown_email(patient):
    known = Client().post(reverse("password_reset"), {"email": patient.email})
    unknown = Client().post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    data = {
        "full_name": "Someone New",
        "date_of_birth_0": "3",
        "date_of_birth_1": "27",
        "date_of_birth_2": "1980",
        "password1": "a long new passphrase",
        "password2": "a long new passphrase",
        "privacy_notice": "on",
        "notice_version": "1",
    }
    known = Client().post(reverse("signup"), {**data, "email": patient.email})
    unknown = Client().post(reverse("signup"), {**data, "email": "new@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == reverse("signup_done")


def test_behind_a_proxy_the_lock_is_per_visitor_not_per_proxy(client, patient, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(LIMIT):
        client.post(
            reverse("login"),
            {"username": f"someone{number}@example.com", "password": WRONG},
            REMOTE_ADDR="10.0.0.254",
            HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.7",
        )
    other_visitor = Client().post(
        reverse("login"),
        {"username": patient.email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.254",
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )
    assert other_visitor.status_code == 302
    same_visitor = Client().post(
        reverse("login"),
        {"username": patient.email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.254",
        HTTP_X_FORWARDED_FOR="anything, 203.0.113.7",
    )
    assert same_visitor.status_code == 429
