"""Log lines carry the request id and no patient data; Sentry only when SENTRY_DSN is set."""

import io
import json
import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from intake.tests.factories import step_data
from portal.logs import RequestIdFilter

# transaction=True: account mails leave through the task queue once the write commits.
pytestmark = pytest.mark.django_db(transaction=True)

SECRET_NAME = "Zebediah Quillfeather"
SECRET_EMAIL = "zebediah.quill@example.com"
SECRET_ANSWER = "Xylophonia Street 42"


@pytest.fixture
def log_lines():
    """Everything logged at DEBUG and up, formatted as production formats it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(logging.Formatter(settings.LOGGING["formatters"]["plain"]["format"]))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


def test_sign_up_sign_in_failure_and_intake_save_log_no_patient_data(log_lines, patient):
    client = Client()
    data = {
        "full_name": SECRET_NAME,
        "email": SECRET_EMAIL,
        "date_of_birth_0": "3",
        "date_of_birth_1": "27",
        "date_of_birth_2": "1980",
        "password1": "a long new passphrase",
        "password2": "a long new passphrase",
        "privacy_notice": "on",
        "notice_version": "1",
    }
    assert client.post(reverse("signup"), data).status_code == 302
    assert len(mail.outbox) == 1
    # Again with the same address: the "you already have an account" path logs too.
    assert client.post(reverse("signup"), data).status_code == 302
    client.post(reverse("login"), {"username": SECRET_EMAIL, "password": "wrong"})
    client.post(reverse("login"), {"username": patient.email, "password": "wrong"})

    client.force_login(patient)
    step = reverse("intake:step", args=["about-you"])
    version = client.get(step).context["version"]
    response = client.post(
        step,
        {
            "version": str(version),
            **step_data("about-you", legal_name=SECRET_NAME, interpreter_language=SECRET_ANSWER),
        },
    )
    assert response.status_code == 302

    text = log_lines.getvalue()
    assert "AXES" in text  # the failures were logged ...
    for secret in (SECRET_NAME, SECRET_EMAIL, SECRET_ANSWER, patient.email, "Zebediah", "zebediah"):
        assert secret not in text  # ... without the email, the name or the answers
    assert "wrong" not in text  # nor the password


def test_every_log_line_of_a_request_carries_its_id(log_lines, client):
    response = client.get("/no-such-page/")
    request_id = response["X-Request-ID"]
    lines = [line for line in log_lines.getvalue().splitlines() if "Not Found" in line]
    assert lines
    assert all(f"[{request_id}]" in line for line in lines)
    logging.getLogger("outside").warning("no request here")
    assert "[-] outside: no request here" in log_lines.getvalue()


def _sentry_state(extra_env):
    code = (
        "import json, django, sentry_sdk; django.setup(); "
        "client = sentry_sdk.get_client(); "
        "print(json.dumps({'active': client.is_active(), "
        "'pii': client.options.get('send_default_pii') if client.is_active() else None}))"
    )
    env = {
        **{k: v for k, v in os.environ.items() if k != "SENTRY_DSN"},
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "SECRET_KEY": "x" * 50,
        **extra_env,
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_sentry_is_off_without_sentry_dsn():
    assert _sentry_state({}) == {"active": False, "pii": None}


def test_sentry_is_on_with_sentry_dsn_and_sends_no_personal_data():
    state = _sentry_state({"SENTRY_DSN": "https://public@sentry.invalid/1"})
    assert state == {"active": True, "pii": False}
