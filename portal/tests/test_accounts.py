"""Sign-up, sign-in and password reset, as a patient meets them."""

import re

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from .factories import PASSWORD, UserFactory

# transaction=True: account mails leave through the task queue once the write commits.
pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "violet lantern harbour"


def signup_data(**overrides):
    data = {
        "full_name": "Carol  Example ",
        "email": "carol@example.com",
        "date_of_birth_0": "3",
        "date_of_birth_1": "27",
        "date_of_birth_2": "1980",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "privacy_notice": "on",
        "notice_version": "1",
    }
    data.update(overrides)
    return data


def link_in(message):
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def signed_in(client):
    return SESSION_KEY in client.session


# --- Sign-up ---------------------------------------------------------------------------------


def test_signup_page_has_labelled_fields_with_autocomplete_and_links_to_sign_in(client):
    response = client.get(reverse("signup"))
    assert response.status_code == 200
    html = response.content.decode()
    for field, autocomplete in (
        ("id_full_name", "name"),
        ("id_email", "email"),
        ("id_date_of_birth_0", "bday-month"),
        ("id_date_of_birth_1", "bday-day"),
        ("id_date_of_birth_2", "bday-year"),
        ("id_password1", "new-password"),
        ("id_password2", "new-password"),
    ):
        assert f'for="{field}"' in html
        tag = re.search(rf'<input[^>]*id="{field}"[^>]*>', html).group(0)
        assert f'autocomplete="{autocomplete}"' in tag
    assert "<legend" in html  # the date's three boxes are grouped under "Date of birth"
    assert f'href="{reverse("login")}"' in html
    assert "error-summary" not in html


def test_signup_creates_an_unconfirmed_account_and_emails_a_confirmation_link(client, mailoutbox):
    response = client.post(reverse("signup"), signup_data())
    assert response.status_code == 302
    assert response.url == reverse("signup_done")
    user = get_user_model().objects.get(email="carol@example.com")
    assert user.full_name == "Carol Example"
    assert str(user.date_of_birth) == "1980-03-27"
    assert user.check_password(NEW_PASSWORD)
    assert not user.is_active
    assert not signed_in(client)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["carol@example.com"]
    assert "Confirm your email" in mailoutbox[0].subject
    assert "/accounts/signup/confirm/" in link_in(mailoutbox[0])


CHOSEN = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}


def test_the_confirmation_link_asks_for_a_password_and_signs_the_patient_in_once(
    client, mailoutbox
):
    client.post(reverse("signup"), signup_data())
    link = link_in(mailoutbox[0])

    page = client.get(link)  # opening the link (or a mail scanner) changes nothing
    assert page.status_code == 200
    html = page.content.decode()
    assert "Choose your password" in html
    # Why a second password: the one typed at sign-up is not kept (a stranger may have typed it).
    assert "so that only you can sign in to this account" in " ".join(html.split())
    assert "Confirm and sign in" in html
    assert 'autocomplete="new-password"' in html
    assert not get_user_model().objects.get(email="carol@example.com").is_active

    nothing = client.post(link)  # no password chosen: the page says so, nothing changes
    assert nothing.status_code == 200
    assert "error-summary" in nothing.content.decode()
    assert not get_user_model().objects.get(email="carol@example.com").is_active

    response = client.post(link, CHOSEN)
    assert response.status_code == 302
    # Straight on to the intake they signed up for, not the home page.
    assert response.url == reverse("intake:home")
    assert get_user_model().objects.get(email="carol@example.com").is_active
    assert signed_in(client)
    intake_page = client.get(response.url).content.decode()
    assert "Your email is confirmed" in intake_page
    assert "Tell the clinic about your depression" in intake_page

    client.logout()
    again = client.post(link, CHOSEN)
    assert again.status_code == 400
    assert "This link does not work" in again.content.decode()
    assert not signed_in(client)


def test_a_confirmed_patient_signs_in_with_the_password_chosen_on_the_link_page(client, mailoutbox):
    client.post(
        reverse("signup"), signup_data(password1="first try 1234", password2="first try 1234")
    )
    client.post(link_in(mailoutbox[0]), CHOSEN)
    client.logout()
    response = client.post(
        reverse("login"), {"username": "carol@example.com", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert signed_in(client)


def test_a_stranger_who_signed_up_with_the_victims_address_cannot_sign_in_after_she_confirms(
    client, mailoutbox
):
    """Mallory signs up with Carol's address and her own password; Carol confirms from the
    genuine email and chooses her password; Mallory's password does not open the account."""
    mallory_password = "mallory takes over"
    client.post(
        reverse("signup"),
        signup_data(full_name="Mallory", password1=mallory_password, password2=mallory_password),
    )
    carol = Client()
    carol.post(link_in(mailoutbox[0]), CHOSEN)
    assert get_user_model().objects.get(email="carol@example.com").is_active
    assert signed_in(carol)

    mallory = Client()
    response = mallory.post(
        reverse("login"), {"username": "carol@example.com", "password": mallory_password}
    )
    assert response.status_code == 200
    assert "did not match" in response.content.decode()
    assert not signed_in(mallory)
    account = get_user_model().objects.get(email="carol@example.com")
    assert not account.check_password(mallory_password)
    assert account.check_password(NEW_PASSWORD)


def test_an_unconfirmed_account_cannot_sign_in_and_is_told_to_open_the_email(client, mailoutbox):
    client.post(reverse("signup"), signup_data())
    response = client.post(
        reverse("login"), {"username": "carol@example.com", "password": NEW_PASSWORD}
    )
    assert response.status_code == 200
    assert not signed_in(client)
    assert "open the link in the email we sent you" in response.content.decode()


@pytest.mark.parametrize("typed", ["alice@example.com", "ALICE@Example.COM", " Alice@example.com "])
def test_signup_with_a_registered_email_looks_the_same_and_tells_the_owner(
    client, mailoutbox, patient, typed
):
    response = client.post(
        reverse("signup"),
        signup_data(
            email=typed,
            full_name="Mallory",
            password1="mallory takes over",
            password2="mallory takes over",
        ),
    )
    assert response.status_code == 302
    assert response.url == reverse("signup_done")
    assert get_user_model().objects.count() == 1
    patient.refresh_from_db()
    assert patient.full_name == "Alice Example"
    assert patient.check_password("correct horse battery")
    assert patient.is_active
    assert not signed_in(client)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["alice@example.com"]
    assert "tried to sign up" in mailoutbox[0].subject
    body = mailoutbox[0].body
    assert "http://testserver/accounts/login/" in body
    assert "http://testserver/accounts/password_reset/" in body
    assert "/accounts/signup/confirm/" not in body


def test_signup_pages_are_identical_for_new_and_registered_emails(client, patient, mailoutbox):
    new = client.post(reverse("signup"), signup_data(), follow=True)
    registered = client.post(reverse("signup"), signup_data(email="alice@example.com"), follow=True)
    assert new.redirect_chain == registered.redirect_chain
    assert new.status_code == registered.status_code == 200
    assert new.content == registered.content
    assert "Check your email" in new.content.decode()
    assert len(mailoutbox) == 2


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "too short"),
        ("12345678901", "entirely numeric"),
        ("password123", "too common"),
        ("carolexample", "too similar"),
    ],
)
def test_signup_refuses_a_weak_password(client, mailoutbox, password, message):
    response = client.post(reverse("signup"), signup_data(password1=password, password2=password))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not get_user_model().objects.exists()
    assert mailoutbox == []


def test_signup_refuses_two_different_passwords(client):
    response = client.post(reverse("signup"), signup_data(password2="something else entirely"))
    assert "The two passwords are not the same" in response.content.decode()
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize(
    ("month", "day", "year", "message"),
    [
        ("1", "1", "2999", "cannot be in the future"),
        ("1", "1", "2020", "at least 18 years old"),
        ("1", "1", "1890", "more than 120 years old"),
        ("2", "31", "1980", "Enter a real date"),
        ("", "", "", "Enter your date of birth"),
    ],
)
def test_signup_refuses_bad_dates_of_birth(client, mailoutbox, month, day, year, message):
    data = signup_data(date_of_birth_0=month, date_of_birth_1=day, date_of_birth_2=year)
    response = client.post(reverse("signup"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not get_user_model().objects.exists()
    assert mailoutbox == []


def test_signup_errors_are_summarised_at_the_top_with_links_to_the_fields(client):
    response = client.post(
        reverse("signup"), signup_data(email="not an email", date_of_birth_2="2999")
    )
    html = response.content.decode()
    start = html.index('id="error-summary"')
    summary = html[start : html.index("<form", start)]
    assert 'role="alert"' in summary
    assert 'tabindex="-1"' in summary
    assert 'href="#id_email"' in summary
    assert 'href="#id_date_of_birth_0"' in summary
    assert "Enter an email address like name@example.com." in summary
    assert re.search(r'<script src="/static/js/form-errors\.js[^"]*" defer></script>', html)
    assert "<script>" not in html
    assert 'value="Carol  Example "' in html  # what was typed is kept


def test_signup_is_for_visitors_only(client, patient):
    client.force_login(patient)
    response = client.get(reverse("signup"))
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_signup_accepts_only_get_and_post(client):
    assert client.put(reverse("signup")).status_code == 405
    assert client.delete(reverse("signup")).status_code == 405
    assert client.post(reverse("signup_done")).status_code == 405


def test_a_forged_confirmation_link_is_refused(client, patient):
    patient.is_active = False
    patient.save()
    response = client.post(reverse("signup_confirm", args=["Mg", "abc-123"]))
    assert response.status_code == 400
    response = client.get(reverse("signup_confirm", args=["!!", "abc-123"]))
    assert response.status_code == 400
    patient.refresh_from_db()
    assert not patient.is_active


# --- Sign-in ---------------------------------------------------------------------------------


def test_sign_in_page_links_to_sign_up_and_password_reset(client):
    html = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("signup")}"' in html
    assert f'href="{reverse("password_reset")}"' in html
    assert 'autocomplete="current-password"' in html


@pytest.mark.parametrize("username", ["a" * 100_000, "alice@example.com" + " " * 60_000 + "x"])
def test_a_very_long_email_at_sign_in_gets_the_plain_message(client, patient, username):
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 200
    assert "That email and password did not match" in response.content.decode()
    assert not signed_in(client)


def test_sign_in_goes_to_a_safe_next_page(client, patient):
    response = client.post(
        reverse("login") + "?next=/intake/",
        {"username": "ALICE@example.com", "password": PASSWORD, "next": "/intake/"},
    )
    assert response.status_code == 302
    assert response.url == "/intake/"
    assert signed_in(client)


@pytest.mark.parametrize("next_url", ["https://evil.example.com/", "//evil.example.com/", ""])
def test_sign_in_ignores_an_unsafe_next_page(client, patient, next_url):
    response = client.post(
        reverse("login"), {"username": "alice@example.com", "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_a_wrong_password_gets_one_plain_message_in_the_error_summary(client, patient):
    response = client.post(reverse("login"), {"username": "alice@example.com", "password": "no"})
    assert response.status_code == 200
    assert not signed_in(client)
    html = response.content.decode()
    start = html.index('id="error-summary"')
    summary = html[start : html.index("<form", start)]
    assert "That email and password did not match" in summary


def test_sign_out_is_a_post(client, patient):
    client.force_login(patient)
    assert client.get(reverse("logout")).status_code == 405
    assert signed_in(client)
    assert client.post(reverse("logout")).status_code == 302
    assert not signed_in(client)


def test_signing_out_says_so_and_keeps_the_crisis_and_home_links(client, patient):
    client.force_login(patient)
    response = client.post(reverse("logout"), follow=True)
    assert response.redirect_chain == [(reverse("home"), 302)]
    html = response.content.decode()
    assert "You are signed out." in html
    assert '<a href="tel:988">' in html
    assert "Sign in" in html
    # Said once, not again on the next page.
    assert "You are signed out." not in client.get(reverse("home")).content.decode()


# --- Password reset --------------------------------------------------------------------------


def reset(client, email):
    return client.post(reverse("password_reset"), {"email": email}, follow=True)


def test_password_reset_looks_the_same_for_known_and_unknown_emails(client, patient, mailoutbox):
    unknown = reset(client, "nobody@example.com")
    assert mailoutbox == []
    known = reset(client, "alice@example.com")
    assert unknown.redirect_chain == known.redirect_chain == [(reverse("password_reset_done"), 302)]
    assert unknown.content == known.content
    assert "Check your email" in known.content.decode()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["alice@example.com"]


def test_password_reset_finds_the_account_whatever_the_case(client, patient, mailoutbox):
    reset(client, "Alice@EXAMPLE.com")
    assert [m.to for m in mailoutbox] == [["alice@example.com"]]


def test_password_reset_pages_link_back_and_use_the_site_design(client):
    html = client.get(reverse("password_reset")).content.decode()
    assert "Forgot your password?" in html
    assert 'autocomplete="email"' in html
    assert f'href="{reverse("login")}"' in html
    assert 'href="#main"' in html


def test_password_reset_end_to_end(client, patient, mailoutbox):
    reset(client, "alice@example.com")
    message = mailoutbox[0]
    assert "Set a new password" in message.subject
    link = link_in(message)

    form_page = client.get(link, follow=True)
    assert "Set a new password" in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]

    weak = client.post(set_password_url, {"new_password1": "123", "new_password2": "123"})
    assert weak.status_code == 200
    assert "error-summary" in weak.content.decode()
    patient.refresh_from_db()
    assert patient.check_password(PASSWORD)

    done = client.post(
        set_password_url,
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert done.redirect_chain[-1][0] == reverse("password_reset_complete")
    assert "Your password is changed" in done.content.decode()
    patient.refresh_from_db()
    assert patient.check_password(NEW_PASSWORD)
    assert not patient.check_password(PASSWORD)

    reused = client.get(link, follow=True)
    assert "This link does not work" in reused.content.decode()

    assert client.login(request=HttpRequest(), username="alice@example.com", password=NEW_PASSWORD)


def test_a_reset_completes_an_unconfirmed_signup(client, mailoutbox):
    """Whoever signed up with an address first, its owner can take it back by email."""
    client.post(reverse("signup"), signup_data())
    reset(client, "carol@example.com")
    assert len(mailoutbox) == 2
    form_page = client.get(link_in(mailoutbox[1]), follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "another long phrase", "new_password2": "another long phrase"},
    )
    user = get_user_model().objects.get(email="carol@example.com")
    assert user.is_active
    assert user.check_password("another long phrase")


def test_a_deactivated_account_gets_no_reset_email(client, mailoutbox):
    UserFactory(email="gone@example.com", is_active=False, last_login="2026-01-01T00:00Z")
    reset(client, "gone@example.com")
    assert mailoutbox == []


def test_signup_still_answers_when_the_mail_server_is_down(client, mailoutbox, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("portal.tasks.send_mail", refuse)
    response = client.post(reverse("signup"), signup_data(), follow=True)
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    # The account waits; signing up again or a password reset sends a new email.
    assert not get_user_model().objects.get(email="carol@example.com").is_active
