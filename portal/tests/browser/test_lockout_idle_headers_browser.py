"""In Chromium: the sign-in lockout (patients and the admin) and a staff unlock, idle sign-out
ending the session on the server, the security headers and cookies of a page, and the three
with staff two-step sign-in."""

import re
import time

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.utils.module_loading import import_string
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from portal.middleware import LAST_ACTIVITY
from portal.tests.factories import PASSWORD, StaffFactory

from .pages import signed_in

pytestmark = pytest.mark.browser

LIMIT = 3
WRONG = "not the password"
PAUSED = "Sign-in is paused for a while"


@pytest.fixture(autouse=True)
def _short_lockout(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT


def sign_in(page, email, password, button="Sign in"):
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name=button).click()


def session_key(page):
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    return cookies.get(django_settings.SESSION_COOKIE_NAME)


def idle_for(page, seconds):
    """Moves the server's record of the account's last activity back, as if the browser had
    been left alone that long."""
    store = import_string(django_settings.SESSION_ENGINE + ".SessionStore")(session_key(page))
    store[LAST_ACTIVITY] = int(time.time()) - seconds
    store.save()


def staff_with_device():
    staff = StaffFactory(is_superuser=True)
    device = TOTPDevice.objects.create(user=staff, name="Authenticator app", confirmed=True)
    return staff, device


# --- Lockout ------------------------------------------------------------------------------------


def test_a_patient_is_locked_out_after_repeated_wrong_passwords(page, patient):
    page.goto("/accounts/login/")
    for _ in range(LIMIT - 1):
        sign_in(page, patient.email, WRONG)
        expect(page.get_by_text("That email and password did not match").first).to_be_visible()
    sign_in(page, patient.email, WRONG)
    expect(page.get_by_role("heading", name=PAUSED)).to_be_visible()
    expect(page.get_by_text("signing in is paused for 15 minutes")).to_be_visible()
    # The right password does not help while the pause lasts.
    page.goto("/accounts/login/")
    sign_in(page, patient.email, PASSWORD)
    expect(page.get_by_role("heading", name=PAUSED)).to_be_visible()
    page.goto("/intake/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_a_locked_out_staff_member_never_reaches_the_code_step_until_unlocked(
    page, browser, live_server, settings
):
    settings.STAFF_2FA_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    staff, device = staff_with_device()
    page.goto("/admin/")
    for _ in range(LIMIT):
        sign_in(page, staff.email, WRONG, button="Log in")
    expect(page.get_by_role("heading", name=PAUSED)).to_be_visible()
    page.goto("/admin/login/")
    sign_in(page, staff.email, PASSWORD, button="Log in")
    expect(page.get_by_role("heading", name=PAUSED)).to_be_visible()
    expect(page.get_by_role("heading", name="Type your sign-in code")).to_have_count(0)
    page.goto("/admin/")
    expect(page.get_by_role("button", name="Log in")).to_be_visible()  # still signed out

    # Another staff member unlocks the account in the admin.
    other = browser.new_context(base_url=live_server.url)
    helper = other.new_page()
    signed_in(helper, live_server, StaffFactory(is_superuser=True))
    settings.STAFF_2FA_REQUIRED = False  # the helper's own sign-in is not what is tested here
    helper.goto("/admin/axes/accessattempt/")
    expect(helper.get_by_text(staff.email).first).to_be_visible()
    helper.get_by_role("checkbox", name="Select all objects on this page for an action").check()
    helper.get_by_role("combobox", name="Action").select_option("delete_selected")
    helper.get_by_role("button", name="Go").click()
    helper.get_by_role("button", name=re.compile(r"^Yes, I.m sure$")).click()
    expect(helper.get_by_text("Successfully deleted")).to_be_visible()
    other.close()
    assert not AccessAttempt.objects.exists()

    settings.STAFF_2FA_REQUIRED = True
    page.goto("/admin/login/?next=/admin/")
    sign_in(page, staff.email, PASSWORD, button="Log in")
    expect(page.get_by_role("heading", name="Type your sign-in code")).to_be_visible()
    page.get_by_role("textbox", name="Code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Content and intake review")).to_be_visible()


# --- Idle sign-out ------------------------------------------------------------------------------


def test_idle_sign_out_ends_the_session_on_the_server(patient_page, live_server, settings):
    settings.PATIENT_IDLE_TIMEOUT_MINUTES = 2
    patient_page.clock.install()
    patient_page.goto("/intake/about-you/")
    expect(patient_page.get_by_role("heading", level=1)).not_to_have_text("Sign in")
    key = session_key(patient_page)
    assert Session.objects.filter(session_key=key).exists()

    idle_for(patient_page, 2 * 60 + 5)
    # The page's own timer runs out and reloads: the server has signed the patient out.
    patient_page.clock.fast_forward("02:05")
    expect(patient_page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(patient_page.get_by_text("You were signed out after 2 minutes")).to_be_visible()
    assert not Session.objects.filter(session_key=key).exists()
    # The old session cannot be used again, even by putting its cookie back.
    patient_page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": key, "url": patient_page.url}]
    )
    patient_page.goto("/intake/")
    expect(patient_page.get_by_role("heading", name="Sign in")).to_be_visible()
    # Signing in again brings the patient back to where they were.
    sign_in(patient_page, "alice@example.com", PASSWORD)
    expect(patient_page).to_have_url(f"{live_server.url}/intake/")


def test_an_idle_staff_member_with_two_step_sign_in_must_give_the_code_again(page, settings):
    settings.STAFF_2FA_REQUIRED = True
    settings.STAFF_IDLE_TIMEOUT_MINUTES = 15
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    staff, device = staff_with_device()
    page.goto("/admin/")
    sign_in(page, staff.email, PASSWORD, button="Log in")
    page.get_by_role("textbox", name="Code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Content and intake review")).to_be_visible()
    # Every request of the admin home done first: one still in flight when the clock is moved
    # back would record fresh activity over it (the test failed so under load).
    page.wait_for_load_state("networkidle")
    key = session_key(page)

    idle_for(page, 15 * 60 + 5)
    page.goto("/admin/intake/intake/")
    expect(page.get_by_text("You were signed out after 15 minutes")).to_be_visible()
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    assert not Session.objects.filter(session_key=key).exists()
    # The password alone does not open the admin again: the code is asked once more.
    sign_in(page, staff.email, PASSWORD, button="Log in")
    expect(page.get_by_role("heading", name="Type your sign-in code")).to_be_visible()
    page.goto("/admin/intake/intake/")
    expect(page.get_by_role("heading", name="Type your sign-in code")).to_be_visible()


# --- Headers ------------------------------------------------------------------------------------


def assert_security_headers(response):
    assert response.ok, response.url
    headers = response.headers
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp
    script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_src
    assert "unsafe-eval" not in csp
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in headers["permissions-policy"]
    assert headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", ["/", "/learn/", "/accounts/login/", "/admin/login/", "/nowhere/"])
def test_a_public_page_response_carries_the_security_headers(page, path):
    response = page.goto(path)
    if path == "/nowhere/":
        assert response.status == 404
        response = page.goto("/")
    assert_security_headers(response)


def test_signed_in_pages_carry_them_and_the_cookies_are_http_only_and_same_site(page, patient):
    page.goto("/accounts/login/?next=/intake/about-you/")
    sign_in(page, patient.email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/intake/about-you/$"))
    assert_security_headers(page.goto("/intake/about-you/"))
    assert_security_headers(page.goto("/accounts/security/"))
    cookies = {c["name"]: c for c in page.context.cookies()}
    for name in (django_settings.SESSION_COOKIE_NAME, django_settings.CSRF_COOKIE_NAME):
        assert cookies[name]["httpOnly"] is True, name
        assert cookies[name]["sameSite"] == "Lax", name


def test_the_browser_refuses_to_show_the_portal_inside_a_frame(page, live_server):
    page.goto(f"{live_server.url}/robots-missing/")  # a page of the site's own origin, even
    with page.expect_console_message(
        lambda message: "frame-ancestors 'none'" in message.text and "blocked" in message.text
    ):
        page.set_content(f'<iframe src="{live_server.url}/accounts/login/"></iframe>')
    framed = page.frames[1]
    expect(page.locator("iframe")).to_have_count(1)
    assert framed.url.startswith("chrome-error://"), framed.url
