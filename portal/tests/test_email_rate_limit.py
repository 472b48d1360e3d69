"""The limit on account emails (sign-up, password reset): per address and per client, over a
window; the pages read the same whether an email went out or not, and whatever the address."""

import logging

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from portal import ratelimit

from .test_accounts import signup_data

# transaction=True: account mails leave through the task queue once the write commits.
pytestmark = pytest.mark.django_db(transaction=True)

PER_ADDRESS = 3
PER_CLIENT = 5


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.ACCOUNT_EMAIL_LIMIT_PER_ADDRESS = PER_ADDRESS
    settings.ACCOUNT_EMAIL_LIMIT_PER_CLIENT = PER_CLIENT
    settings.ACCOUNT_EMAIL_WINDOW_MINUTES = 60


@pytest.fixture
def clock(monkeypatch):
    """The limit's clock, moved by hand."""
    now = [1_000_000.0]
    monkeypatch.setattr(ratelimit, "_now", lambda: now[0])
    return now


def reset(client, email, ip="10.0.0.1"):
    return client.post(reverse("password_reset"), {"email": email}, follow=True, REMOTE_ADDR=ip)


def sign_up(client, email, ip="10.0.0.1"):
    return client.post(reverse("signup"), signup_data(email=email), follow=True, REMOTE_ADDR=ip)


def test_password_reset_emails_stop_at_the_limit_for_one_address(client, patient, mailoutbox):
    pages = [reset(client, patient.email, ip=f"10.0.0.{n}") for n in range(PER_ADDRESS + 2)]
    assert len(mailoutbox) == PER_ADDRESS
    # Every answer is the same "check your email" page, sent or not.
    assert {page.content for page in pages} == {pages[0].content}
    assert all(page.redirect_chain == pages[0].redirect_chain for page in pages)
    assert "Check your email" in pages[-1].content.decode()


def test_the_address_counts_whatever_its_case_and_spaces(client, patient, mailoutbox):
    for typed in [
        "alice@example.com",
        "ALICE@example.com",
        " Alice@Example.com",
        "alice@example.com",
    ]:
        reset(client, typed)
    assert len(mailoutbox) == PER_ADDRESS


def test_limited_and_unknown_addresses_read_the_same_as_known_ones(client, patient, mailoutbox):
    known = reset(client, patient.email)
    unknown = reset(client, "nobody@example.com")
    for _ in range(PER_ADDRESS):
        reset(client, patient.email, ip="10.0.9.9")
    limited = reset(client, patient.email, ip="10.0.9.8")
    assert known.content == unknown.content == limited.content
    assert known.redirect_chain == unknown.redirect_chain == limited.redirect_chain


def test_sign_up_emails_stop_at_the_limit_for_one_address(client, mailoutbox):
    pages = [sign_up(client, "carol@example.com", ip=f"10.0.1.{n}") for n in range(PER_ADDRESS + 2)]
    # One confirmation, then "someone tried to sign up" emails, up to the limit.
    assert len(mailoutbox) == PER_ADDRESS
    assert "Confirm your email" in mailoutbox[0].subject
    assert {page.content for page in pages} == {pages[0].content}
    assert get_user_model().objects.filter(email="carol@example.com").count() == 1


def test_one_client_is_limited_across_addresses_and_others_are_not(client, patient, mailoutbox):
    for number in range(PER_CLIENT):
        sign_up(client, f"new{number}@example.com", ip="10.5.5.5")
    assert len(mailoutbox) == PER_CLIENT
    # Beyond the limit: no email and no account, and the same page.
    page = sign_up(client, "late@example.com", ip="10.5.5.5")
    assert "Check your email" in page.content.decode()
    reset(client, patient.email, ip="10.5.5.5")
    assert len(mailoutbox) == PER_CLIENT
    assert not get_user_model().objects.filter(email="late@example.com").exists()
    # Another client is not affected.
    sign_up(client, "late@example.com", ip="10.5.5.6")
    assert mailoutbox[-1].to == ["late@example.com"]


def test_behind_a_trusted_proxy_the_forwarded_client_is_counted(client, patient, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    from django.core import mail

    for number in range(PER_CLIENT + 1):
        client.post(
            reverse("password_reset"),
            {"email": f"someone{number}@example.com"},
            REMOTE_ADDR="10.0.0.254",  # the proxy: the same for every visitor
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
    client.post(
        reverse("password_reset"),
        {"email": patient.email},
        REMOTE_ADDR="10.0.0.254",
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert [m.to for m in mail.outbox] == [[patient.email]]


def test_the_count_starts_again_after_the_window(client, patient, mailoutbox, clock):
    for _ in range(PER_ADDRESS + 1):
        reset(client, patient.email)
    assert len(mailoutbox) == PER_ADDRESS
    clock[0] += 59 * 60
    reset(client, patient.email)
    assert len(mailoutbox) == PER_ADDRESS
    clock[0] += 2 * 60
    reset(client, patient.email)
    assert len(mailoutbox) == PER_ADDRESS + 1


def test_a_limit_of_zero_turns_that_count_off(client, patient, mailoutbox, settings):
    settings.ACCOUNT_EMAIL_LIMIT_PER_ADDRESS = 0
    settings.ACCOUNT_EMAIL_LIMIT_PER_CLIENT = 0
    for _ in range(PER_CLIENT + 2):
        reset(client, patient.email)
    assert len(mailoutbox) == PER_CLIENT + 2


def test_the_log_says_which_limit_without_the_address(client, patient, caplog):
    with caplog.at_level(logging.WARNING, logger="portal.ratelimit"):
        for _ in range(PER_ADDRESS + 1):
            reset(client, patient.email)
    assert "limit for one address was reached" in caplog.text
    assert patient.email not in caplog.text
    assert "10.0.0.1" not in caplog.text
