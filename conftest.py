"""Fixtures shared by every app's tests."""

import pytest


@pytest.fixture
def patient(django_user_model):
    return django_user_model.objects.create_user(
        email="alice@example.com", password="correct horse battery", full_name="Alice Example"
    )


@pytest.fixture
def other_patient(django_user_model):
    return django_user_model.objects.create_user(
        email="bob@example.com", password="correct horse battery", full_name="Bob Example"
    )


@pytest.fixture(autouse=True)
def _serve_static_without_collectstatic(settings):
    """Tests run with DEBUG off, as production does, but without a collectstatic step:
    plain static storage found through the finders, and no HTTPS redirect for the test client."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    settings.SECURE_SSL_REDIRECT = False
