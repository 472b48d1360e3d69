"""Two-step sign-in: required for staff to use the admin (STAFF_2FA_REQUIRED), optional for
patients, with recovery codes."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .factories import PASSWORD

pytestmark = pytest.mark.django_db

ADMIN = reverse("admin:index")
SETUP = reverse("two_factor_setup")
VERIFY = reverse("two_factor_verify")


def code_for(device, ahead=0):
    """The code the authenticator app shows now (or `ahead` 30-second windows later)."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, ahead):06d}"


def turn_on(client, next_url=""):
    """Open the set-up page, type the app's code; returns the recovery codes shown."""
    page = client.get(SETUP, {"next": next_url} if next_url else None)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(confirmed=False)
    secret = re.sub(r"\s", "", page.context["secret"])
    assert device.config_url.find(f"secret={secret}") > 0
    response = client.post(SETUP, {"code": code_for(device), "next": next_url})
    assert response.status_code == 200
    return response.context["codes"]


@pytest.fixture
def staff_2fa(settings):
    settings.STAFF_2FA_REQUIRED = True


def test_staff_without_a_device_are_refused_the_admin(client, superuser, staff_2fa):
    client.force_login(superuser)
    response = client.get(reverse("admin:portal_user_changelist"))
    assert response.status_code == 302
    assert response.url == f"{SETUP}?next=%2Fadmin%2Fportal%2Fuser%2F"
    # Every admin page, not only the index; the rest of the site stays open.
    assert client.get(ADMIN).status_code == 302
    assert client.post(reverse("admin:portal_user_add"), {}).status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_staff_enrol_with_the_qr_code_and_then_use_the_admin(
    client, superuser, staff_2fa, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code first, then the right one at once
    client.force_login(superuser)
    page = client.get(SETUP, {"next": ADMIN})
    html = page.content.decode()
    assert "<svg" in html
    assert "Staff accounts need two-step sign-in" in html
    device = TOTPDevice.objects.get(user=superuser, confirmed=False)
    assert "issuer=" in device.config_url
    wrong = client.post(SETUP, {"code": "000000" if code_for(device) != "000000" else "111111"})
    assert "That code did not work" in wrong.content.decode()
    assert client.get(ADMIN).status_code == 302
    codes = turn_on(client, next_url=ADMIN)
    assert len(codes) == 10
    assert StaticToken.objects.filter(device__user=superuser).count() == 10
    assert client.get(ADMIN).status_code == 200


def test_staff_with_a_device_give_the_code_at_every_sign_in(superuser, staff_2fa, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code first, then the right one at once
    first = Client()
    first.force_login(superuser)
    turn_on(first)
    device = TOTPDevice.objects.get(user=superuser, confirmed=True)

    client = Client()
    response = client.post(
        reverse("admin:login") + f"?next={ADMIN}",
        {"username": superuser.email, "password": PASSWORD},
    )
    assert response.status_code == 302
    response = client.get(ADMIN)
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)
    assert client.post(VERIFY, {"code": "12345"}).status_code == 200
    response = client.post(VERIFY, {"code": code_for(device, ahead=1), "next": ADMIN})
    assert response.url == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_a_recovery_code_works_once(superuser, staff_2fa):
    first = Client()
    first.force_login(superuser)
    codes = turn_on(first)

    client = Client()
    client.force_login(superuser)
    assert client.get(ADMIN).url.startswith(VERIFY)
    assert client.post(VERIFY, {"code": codes[0], "next": ADMIN}).url == ADMIN
    assert client.get(ADMIN).status_code == 200

    again = Client()
    again.force_login(superuser)
    reused = again.post(VERIFY, {"code": codes[0], "next": ADMIN})
    assert reused.status_code == 200
    assert "That code did not work" in reused.content.decode()
    assert again.get(ADMIN).status_code == 302


def test_staff_cannot_turn_it_off_while_it_is_required(client, superuser, staff_2fa):
    client.force_login(superuser)
    turn_on(client)
    assert "Turn off" not in client.get(reverse("account_security")).content.decode()
    client.post(reverse("two_factor_turn_off"))
    assert TOTPDevice.objects.filter(user=superuser, confirmed=True).exists()


def test_without_the_setting_staff_use_the_admin_with_a_password_only(client, superuser):
    client.force_login(superuser)
    assert client.get(ADMIN).status_code == 200


def test_a_patient_can_turn_it_on_and_then_sign_in_asks_for_the_code(client, patient):
    client.force_login(patient)
    page = client.get(reverse("account_security")).content.decode()
    assert "<strong>Off.</strong>" in page
    turn_on(client)
    page = client.get(reverse("account_security")).content.decode()
    assert "<strong>On.</strong>" in page
    assert "10 recovery codes left" in page
    device = TOTPDevice.objects.get(user=patient)
    client.post(reverse("logout"))

    step = reverse("intake:step", args=["about-you"])
    response = client.post(
        reverse("login"), {"username": patient.email, "password": PASSWORD, "next": step}
    )
    assert response.url == step
    blocked = client.get(step)
    assert blocked.status_code == 302
    assert blocked.url == f"{VERIFY}?next=%2Fintake%2Fabout-you%2F"
    assert client.get(reverse("intake:home")).status_code == 302
    response = client.post(VERIFY, {"code": code_for(device, ahead=1), "next": step})
    assert response.url == step
    assert client.get(step).status_code == 200


def test_a_patient_can_turn_it_off_again(client, patient):
    client.force_login(patient)
    turn_on(client)
    client.post(reverse("two_factor_turn_off"))
    assert not TOTPDevice.objects.filter(user=patient).exists()
    client.post(reverse("logout"))
    client.force_login(patient)
    assert client.get(reverse("intake:home")).status_code == 200


def test_patients_without_it_are_never_asked_for_a_code(client, patient):
    client.force_login(patient)
    assert client.get(reverse("intake:home")).status_code == 200
    assert client.get(VERIFY).status_code == 302


def test_the_verify_page_does_not_send_visitors_elsewhere(client, patient):
    client.force_login(patient)
    turn_on(client)
    client.post(reverse("logout"))
    client.force_login(patient)
    device = TOTPDevice.objects.get(user=patient)
    response = client.post(
        VERIFY, {"code": code_for(device, ahead=1), "next": "https://evil.example.com/"}
    )
    assert response.url == reverse("home")


@pytest.mark.parametrize("next_url", ["logout", "not a page", "admin:index", "evil.example.com"])
def test_a_next_that_is_not_a_path_on_the_site_goes_home(client, patient, next_url):
    client.force_login(patient)
    turn_on(client)
    client.post(reverse("logout"))
    client.force_login(patient)
    device = TOTPDevice.objects.get(user=patient)
    response = client.post(VERIFY, {"code": code_for(device, ahead=1), "next": next_url})
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_wrong_codes_slow_down_guessing(client, patient):
    client.force_login(patient)
    turn_on(client)
    client.post(reverse("logout"))
    client.force_login(patient)
    device = TOTPDevice.objects.get(user=patient)
    client.post(VERIFY, {"code": "000000" if code_for(device, 1) != "000000" else "111111"})
    # Right after a wrong code, even the right one is refused for a moment (django-otp).
    response = client.post(VERIFY, {"code": code_for(device, ahead=1)})
    assert response.status_code == 200
    assert client.get(reverse("intake:home")).status_code == 302


def test_a_command_removes_two_step_sign_in_for_someone_who_lost_everything(superuser, staff_2fa):
    from io import StringIO

    from django.core.management import CommandError, call_command

    first = Client()
    first.force_login(superuser)
    turn_on(first)
    out = StringIO()
    call_command("reset_two_factor", superuser.email.upper(), stdout=out)
    assert "Removed 2 two-step sign-in device(s)" in out.getvalue()
    client = Client()
    client.force_login(superuser)
    assert client.get(ADMIN).url.startswith(SETUP)
    with pytest.raises(CommandError, match="No account"):
        call_command("reset_two_factor", "nobody@example.com")


@pytest.mark.parametrize(("debug", "expected"), [("false", "True"), ("true", "False")])
def test_staff_two_step_sign_in_is_required_unless_debug(debug, expected):
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {**os.environ, "DEBUG": debug, "SECRET_KEY": "x" * 60}
    env.pop("STAFF_2FA_REQUIRED", None)
    code = "import django; django.setup(); from django.conf import settings as s; "
    code += "print(s.STAFF_2FA_REQUIRED)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == expected
    # And nothing else is printed at start (check --deploy's output stays clean).
    assert result.stderr == ""
