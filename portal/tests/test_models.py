import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

pytestmark = pytest.mark.django_db


def test_email_is_unique_whatever_its_case(django_user_model):
    django_user_model.objects.create_user(email="alice@example.com", password="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        django_user_model.objects.create_user(email="ALICE@Example.com", password="x")
    assert django_user_model.objects.count() == 1


@pytest.mark.parametrize("typed", ["Alice@example.com", "al\u0131ce@example.com"])
def test_model_validation_reports_a_case_insensitive_or_look_alike_duplicate(
    django_user_model, typed
):
    django_user_model.objects.create_user(email="alice@example.com", password="x")
    duplicate = django_user_model(email=typed)
    with pytest.raises(ValidationError, match="already exists"):
        duplicate.clean()


def test_users_have_no_username_and_sign_in_by_email(django_user_model):
    user = django_user_model.objects.create_user(email="alice@EXAMPLE.com", password="x")
    assert django_user_model.USERNAME_FIELD == "email"
    assert not hasattr(user, "username") or user.username is None
    assert user.email == "alice@example.com"  # the domain is normalised
    assert django_user_model.objects.get_by_natural_key("ALICE@example.com") == user


def test_passwords_are_hashed_with_argon2(django_user_model, settings):
    from portal import settings as project_settings

    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = django_user_model.objects.create_user(email="a@example.com", password="long secret")
    assert user.password.startswith("argon2")
    assert user.check_password("long secret")


def test_superuser_is_staff(django_user_model):
    user = django_user_model.objects.create_superuser(email="s@example.com", password="x")
    assert user.is_staff
    assert user.is_superuser
