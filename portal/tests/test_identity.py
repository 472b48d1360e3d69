"""One key per email address (portal/identity.py): look-alike spellings such as a dotless i
("\u0131", which PostgreSQL's UPPER() turns into "I") reach one account, one lockout, one
email limit, and can never make a second account."""

import threading

import pytest
from axes.models import AccessAttempt
from django.apps import apps as django_apps
from django.contrib.auth import SESSION_KEY, get_user_model
from django.db import IntegrityError, connection, connections, transaction
from django.test import Client
from django.urls import reverse

from portal import services
from portal.identity import email_key

from .factories import PASSWORD
from .test_accounts import link_in, signup_data

pytestmark = pytest.mark.django_db

DOTLESS = "\u0131"
IRIS = "iris@example.com"
IRIS_LOOK_ALIKE = f"{DOTLESS}r{DOTLESS}s@example.com"
IVY = "ivy@example.com"
IVY_LOOK_ALIKE = f"{DOTLESS}vy@example.com"


def test_the_key_folds_case_spaces_and_look_alike_letters():
    assert email_key(IRIS_LOOK_ALIKE) == IRIS
    assert email_key(" IRIS@Example.COM ") == IRIS
    assert email_key("\u0130ris@example.com") == IRIS  # capital I with a dot
    assert email_key("\u017fam@example.com") == "sam@example.com"  # long s
    assert email_key("\u212aim@example.com") == "kim@example.com"  # Kelvin sign
    assert email_key("\uff49ris@example.com") == IRIS  # full-width i (NFKC)
    assert email_key("jos\u00e9@example.com") != "jose@example.com"  # a real letter stays
    assert email_key("") == ""


def test_five_wrong_passwords_lock_the_look_alike_spelling_too(client, settings):
    settings.AXES_FAILURE_LIMIT = 5
    get_user_model().objects.create_user(email=IRIS, password=PASSWORD)
    for _ in range(5):
        client.post(reverse("login"), {"username": IRIS, "password": "wrong"})
    response = client.post(reverse("login"), {"username": IRIS_LOOK_ALIKE, "password": PASSWORD})
    assert response.status_code == 429
    assert "Sign-in is paused" in response.content.decode()
    assert SESSION_KEY not in client.session
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {IRIS}


def test_the_admin_lockout_keys_the_look_alike_spelling_too(client, settings):
    settings.AXES_FAILURE_LIMIT = 5
    get_user_model().objects.create_user(email=IRIS, password=PASSWORD, is_staff=True)
    # Each failure from another network address, so only the email's lockout can pause her.
    for n in range(5):
        client.post(
            reverse("admin:login"),
            {"username": IRIS_LOOK_ALIKE, "password": "wrong"},
            REMOTE_ADDR=f"203.0.113.{n + 1}",
        )
    response = client.post(
        reverse("admin:login"), {"username": IRIS, "password": PASSWORD}, REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 429
    assert SESSION_KEY not in client.session


@pytest.mark.django_db(transaction=True)  # mail leaves on commit
def test_signing_up_a_look_alike_of_a_registered_address_tells_the_real_owner(client, mailoutbox):
    ivy = get_user_model().objects.create_user(email=IVY, password=PASSWORD)
    response = client.post(reverse("signup"), signup_data(email=IVY_LOOK_ALIKE))
    assert response.url == reverse("signup_done")
    assert get_user_model().objects.count() == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [IVY]  # the owner's address, never the typed spelling
    assert "/accounts/signup/confirm/" not in mailoutbox[0].body
    ivy.refresh_from_db()
    assert ivy.check_password(PASSWORD)


@pytest.mark.django_db(transaction=True)  # mail leaves on commit
def test_an_unconfirmed_look_alike_sign_up_does_not_hold_the_real_address(client, mailoutbox):
    client.post(reverse("signup"), signup_data(email=IVY_LOOK_ALIKE, full_name="Mallory"))
    stale_link = link_in(mailoutbox[0])
    assert mailoutbox[0].to == [IVY_LOOK_ALIKE]

    client.post(reverse("signup"), signup_data(email=IVY, full_name="Ivy Example"))
    account = get_user_model().objects.get()
    assert account.email == IVY
    assert account.full_name == "Ivy Example"
    assert mailoutbox[1].to == [IVY]
    assert "/accounts/signup/confirm/" in mailoutbox[1].body
    assert Client().get(stale_link).status_code == 400  # the look-alike's link is dead


@pytest.mark.django_db(transaction=True)  # mail leaves on commit
def test_a_password_reset_for_a_look_alike_goes_to_the_owner(client, mailoutbox):
    get_user_model().objects.create_user(email=IVY, password=PASSWORD)
    client.post(reverse("password_reset"), {"email": IVY_LOOK_ALIKE})
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [IVY]


@pytest.mark.django_db(transaction=True)  # mail leaves on commit
def test_the_email_limit_counts_look_alikes_as_one_address(client, settings, mailoutbox):
    settings.ACCOUNT_EMAIL_LIMIT_PER_ADDRESS = 2
    settings.ACCOUNT_EMAIL_LIMIT_PER_CLIENT = 0
    get_user_model().objects.create_user(email=IVY, password=PASSWORD)
    for typed in (IVY, IVY_LOOK_ALIKE, IVY.upper(), IVY_LOOK_ALIKE):
        client.post(reverse("password_reset"), {"email": typed})
    assert len(mailoutbox) == 2


def test_the_database_refuses_a_second_account_with_a_look_alike_address():
    get_user_model().objects.create_user(email=IVY, password=PASSWORD)
    with pytest.raises(IntegrityError), transaction.atomic():
        get_user_model().objects.create_user(email=IVY_LOOK_ALIKE, password=PASSWORD)


def test_signing_up_both_spellings_one_after_the_other_makes_one_account(mailoutbox):
    for typed in (IVY, IVY_LOOK_ALIKE):
        services.sign_up(
            full_name="Ivy",
            email=typed,
            password=PASSWORD,
            date_of_birth=None,
            base_url="http://testserver/",
        )
    # One account; the unconfirmed sign-up started again with the later spelling.
    assert get_user_model().objects.get().email == IVY_LOOK_ALIKE


def test_an_old_clash_keeps_both_rows_and_the_signed_in_owner_keeps_the_key():
    User = get_user_model()
    owner = User.objects.create_user(email=IVY, password=PASSWORD)
    User.objects.filter(pk=owner.pk).update(last_login="2026-01-01T00:00Z")
    stranger = User.objects.create_user(email="other@example.com", password=PASSWORD)
    # As the rows were before keys existed: both spellings, no key.
    User.objects.filter(pk=stranger.pk).update(email=IVY_LOOK_ALIKE, email_key=None)
    User.objects.filter(pk=owner.pk).update(email_key=None)
    migration = __import__("portal.migrations.0005_user_email_key", fromlist=["fill_email_keys"])
    migration.fill_email_keys(django_apps, None)
    assert User.objects.get(pk=owner.pk).email_key == IVY
    assert User.objects.get(pk=stranger.pk).email_key is None
    # Sign-in by either spelling finds one account, never two (no server error).
    assert User.objects.get_by_natural_key(IVY_LOOK_ALIKE) == owner


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two real writers (PostgreSQL)")
def test_two_sign_ups_of_the_two_spellings_at_the_same_moment_make_one_account(client):
    barrier = threading.Barrier(2)
    errors = []

    def run(typed):
        try:
            barrier.wait()
            services.sign_up(
                full_name="Ivy",
                email=typed,
                password=PASSWORD,
                date_of_birth=None,
                base_url="http://testserver/",
            )
        except Exception as error:  # collected for the assertion
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(typed,)) for typed in (IVY, IVY_LOOK_ALIKE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert get_user_model().objects.count() == 1
    response = client.post(reverse("login"), {"username": IVY, "password": PASSWORD})
    assert response.status_code == 200  # not confirmed yet; and never a server error
