"""Links in account mails start with SITE_URL, whatever Host the request claims, and account
mails leave through the task queue once the write commits."""

import re

import pytest
from django.urls import reverse

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

SITE = "https://portal.clinic.example"
FORGED = {"HTTP_HOST": "127.0.0.1:9999"}


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]


def links_in(message):
    return re.findall(r"https?://\S+", message.body)


def signup_data(email):
    return {
        "full_name": "Carol Example",
        "email": email,
        "date_of_birth_0": "3",
        "date_of_birth_1": "27",
        "date_of_birth_2": "1980",
        "password1": "violet lantern harbour",
        "password2": "violet lantern harbour",
        "privacy_notice": "on",
        "notice_version": "1",
    }


def test_a_reset_link_starts_with_site_url_not_the_forged_host(client, mailoutbox):
    UserFactory(email="alice@example.com")
    client.post(reverse("password_reset"), {"email": "alice@example.com"}, **FORGED)
    assert len(mailoutbox) == 1
    links = links_in(mailoutbox[0])
    assert links
    assert all(link.startswith(SITE + "/") for link in links)
    assert "9999" not in mailoutbox[0].body


def test_sign_up_links_start_with_site_url_not_the_forged_host(client, mailoutbox):
    UserFactory(email="alice@example.com", password=PASSWORD)
    client.post(reverse("signup"), signup_data("carol@example.com"), **FORGED)
    client.post(reverse("signup"), signup_data("alice@example.com"), **FORGED)
    assert len(mailoutbox) == 2
    for message in mailoutbox:
        links = links_in(message)
        assert links
        assert all(link.startswith(SITE + "/") for link in links)
        assert "9999" not in message.body


@pytest.mark.django_db(transaction=False)
def test_a_reset_mail_is_queued_after_the_page_answers(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    """The page does not wait for the mail server: it answers the same for a known address
    as for an unknown one, and the worker sends the mail."""
    UserFactory(email="alice@example.com")
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("password_reset"), {"email": "alice@example.com"})
    assert response.status_code == 302
    assert mailoutbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["alice@example.com"]


@pytest.mark.django_db(transaction=False)
def test_a_sign_up_mail_is_queued_after_the_page_answers(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(reverse("signup"), signup_data("carol@example.com"))
    assert mailoutbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert mailoutbox[0].to == ["carol@example.com"]
