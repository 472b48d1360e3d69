"""An account staff deactivate stays off: neither a password reset nor the sign-up link turns
it on again, even when its owner never signed in (it must not pass for an unconfirmed
sign-up)."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .factories import UserFactory
from .test_accounts import link_in, signup_data

# transaction=True: account mails leave through the task queue once the write commits.
pytestmark = pytest.mark.django_db(transaction=True)

User = get_user_model()


def reset(client, email):
    return client.post(reverse("password_reset"), {"email": email}, follow=True)


def change_page_data(user, **changes):
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "date_of_birth": "",
        "is_active": "on" if user.is_active else "",
        "awaiting_confirmation": "on" if user.awaiting_confirmation else "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_a_staff_made_account_deactivated_before_first_sign_in_gets_no_reset(
    client, admin_client, mailoutbox
):
    user = UserFactory(email="dana@example.com")  # active, never signed in
    response = admin_client.post(
        reverse("admin:portal_user_change", args=[user.pk]),
        change_page_data(user, is_active=""),
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_active
    assert not user.awaiting_confirmation
    assert user.last_login is None  # what made it look like an unconfirmed sign-up before
    page = reset(client, user.email)
    assert mailoutbox == []
    assert "Check your email" in page.content.decode()  # the same page as for anyone


def test_a_deactivated_sign_up_cannot_be_confirmed_or_reset(client, admin_client, mailoutbox):
    client.post(reverse("signup"), signup_data())
    confirm_link = link_in(mailoutbox[0])
    user = User.objects.get(email="carol@example.com")
    assert user.awaiting_confirmation
    assert not user.is_active

    admin_client.post(
        reverse("admin:portal_user_changelist"),
        {"action": "deactivate", "_selected_action": [user.pk]},
    )
    user.refresh_from_db()
    assert not user.awaiting_confirmation
    assert not user.is_active

    assert client.get(confirm_link).status_code == 400
    assert (
        client.post(
            confirm_link, {"new_password1": "a long phrase", "new_password2": "a long phrase"}
        ).status_code
        == 400
    )
    reset(client, "carol@example.com")
    assert len(mailoutbox) == 1  # the sign-up email only
    user.refresh_from_db()
    assert not user.is_active


def test_an_old_reset_link_does_not_turn_a_deactivated_account_on(client, admin_client):
    user = UserFactory(email="erin@example.com", is_active=False, awaiting_confirmation=True)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    link = reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(user)])
    admin_client.post(
        reverse("admin:portal_user_changelist"),
        {"action": "deactivate", "_selected_action": [user.pk]},
    )
    form_url = client.get(link).url
    client.post(
        form_url, {"new_password1": "a long new phrase", "new_password2": "a long new phrase"}
    )
    user.refresh_from_db()
    assert not user.is_active
    signed_in = client.post(
        reverse("login"), {"username": user.email, "password": "a long new phrase"}
    )
    assert signed_in.status_code == 200  # the form again: "did not match"


def test_an_unconfirmed_sign_up_is_still_completed_by_a_reset(client, mailoutbox):
    client.post(reverse("signup"), signup_data())
    reset(client, "carol@example.com")
    assert len(mailoutbox) == 2
    form_page = client.get(link_in(mailoutbox[1]), follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "another long phrase", "new_password2": "another long phrase"},
    )
    user = User.objects.get(email="carol@example.com")
    assert user.is_active
    assert not user.awaiting_confirmation


def test_the_deactivate_action_spares_the_staff_member_using_it(admin_client, admin_user):
    patient = UserFactory()
    admin_client.post(
        reverse("admin:portal_user_changelist"),
        {"action": "deactivate", "_selected_action": [patient.pk, admin_user.pk]},
    )
    patient.refresh_from_db()
    admin_user.refresh_from_db()
    assert not patient.is_active
    assert admin_user.is_active


def test_the_migration_marks_only_accounts_that_look_unconfirmed():
    waiting = UserFactory(is_active=False)
    signed_in_once = UserFactory(is_active=False, last_login="2026-01-01T00:00Z")
    active = UserFactory()
    staff = UserFactory(is_active=False, is_staff=True)
    migration = importlib.import_module("portal.migrations.0003_mark_unconfirmed_signups")
    migration.mark_unconfirmed(apps, None)
    marked = set(User.objects.filter(awaiting_confirmation=True).values_list("pk", flat=True))
    assert waiting.pk in marked
    assert not {signed_in_once.pk, active.pk, staff.pk} & marked
