"""In Chromium: pages load under the Content-Security-Policy without a single violation, the
idle warning offers "Stay signed in", and staff turn on two-step sign-in to reach the admin."""

import base64
import re

import pytest
from django.test import Client
from django_otp.oath import totp
from playwright.sync_api import expect

from education.tests.factories import ArticleFactory
from portal.tests.factories import PASSWORD, StaffFactory

pytestmark = pytest.mark.browser

# Collects violations from the page itself; Playwright's init scripts are not bound by the CSP.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def watch_csp(page):
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    page.add_init_script(RECORD_VIOLATIONS)
    return console


def assert_no_violations(page, console, url):
    page.wait_for_load_state("load")
    assert page.evaluate("window.__csp") == [], url
    assert console == [], url


def sign_in_cookie(page, user, live_server):
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_public_and_patient_pages_load_without_csp_violations(patient_page):
    article = ArticleFactory()
    console = watch_csp(patient_page)
    for url in [
        "/",
        "/learn/",
        article.question.get_absolute_url(),
        article.get_absolute_url(),
        "/learn/search/?q=magnetic",
        "/intake/",
        "/intake/about-you/",
        "/intake/antidepressants/",
        "/accounts/security/",
        "/no-such-page/",
    ]:
        response = patient_page.goto(url)
        assert "default-src 'self'" in response.headers["content-security-policy"]
        assert_no_violations(patient_page, console, url)
    # An error summary (its script moves the focus) and the signed-out pages.
    patient_page.goto("/intake/about-you/")
    patient_page.get_by_role("button", name="Save and continue").click()
    assert_no_violations(patient_page, console, "error summary")
    patient_page.context.clear_cookies()
    for url in ["/accounts/login/", "/accounts/signup/", "/accounts/password_reset/"]:
        patient_page.goto(url)
        assert_no_violations(patient_page, console, url)


def test_admin_pages_load_without_csp_violations(page, live_server):
    console = watch_csp(page)
    page.goto("/admin/login/")
    assert_no_violations(page, console, "admin login")
    staff = StaffFactory(is_superuser=True)
    article = ArticleFactory()
    sign_in_cookie(page, staff, live_server)
    for url in [
        "/admin/",
        "/admin/portal/user/",
        f"/admin/portal/user/{staff.pk}/change/",
        "/admin/education/article/",
        f"/admin/education/article/{article.pk}/change/",
        "/admin/education/article/add/",
        "/admin/education/article/import/",
        "/admin/axes/accessattempt/",
        "/admin/intake/intake/",
        "/admin/intake/medication/",
        "/admin/intake/medication/add/",
        "/admin/intake/criteriaprofile/",
        "/admin/intake/notetext/",
    ]:
        assert page.goto(url).ok, url
        assert_no_violations(page, console, url)
    # Scripts the admin runs on use: the collapsed "Advanced" group and the Markdown preview.
    page.goto(f"/admin/education/article/{article.pk}/change/")
    page.get_by_text("Advanced").first.click()
    assert_no_violations(page, console, "admin interactions")


def test_the_idle_warning_offers_stay_signed_in(patient_page, settings):
    settings.PATIENT_IDLE_TIMEOUT_MINUTES = 2
    console = watch_csp(patient_page)
    patient_page.clock.install()
    patient_page.goto("/intake/about-you/")
    warning = patient_page.get_by_role("alertdialog", name="Are you still there?")
    patient_page.clock.fast_forward("00:50")
    expect(warning).to_have_count(0)
    patient_page.clock.fast_forward("00:15")  # a minute before the end
    expect(warning).to_be_visible()
    button = warning.get_by_role("button", name="Stay signed in")
    expect(button).to_be_focused()
    with patient_page.expect_response("**/accounts/keep-alive/") as response:
        button.click()
    assert response.value.status == 204
    expect(warning).to_have_count(0)
    patient_page.clock.fast_forward("00:30")
    expect(warning).to_have_count(0)  # the clock started again
    assert_no_violations(patient_page, console, "idle warning")


def test_staff_must_turn_on_two_step_sign_in_to_use_the_admin(page, settings):
    settings.STAFF_2FA_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    staff = StaffFactory(is_superuser=True)
    console = watch_csp(page)
    page.goto("/admin/")
    page.get_by_label("Email address").fill(staff.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Turn on two-step sign-in")).to_be_visible()
    expect(page.locator(".qr-code svg")).to_be_visible()
    assert_no_violations(page, console, "setup")
    # The admin stays closed until the code is given.
    page.goto("/admin/portal/user/")
    expect(page.get_by_role("heading", name="Turn on two-step sign-in")).to_be_visible()

    secret = re.sub(r"\s", "", page.get_by_test_id("secret").inner_text())
    key = base64.b32decode(secret)
    page.get_by_role("textbox", name="Code").fill(
        "000000" if f"{totp(key):06d}" != "000000" else "111111"
    )
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_text("That code did not work").first).to_be_visible()
    page.get_by_role("textbox", name="Code").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("heading", name="Save your recovery codes")).to_be_visible()
    expect(page.get_by_test_id("recovery-codes").get_by_role("listitem")).to_have_count(10)
    page.get_by_role("link", name="I saved my codes, continue").click()
    expect(page.get_by_role("heading", name="Select user to change")).to_be_visible()
    assert_no_violations(page, console, "admin after two-step sign-in")


def test_staff_get_the_idle_warning_in_the_admin_too(page, settings, live_server):
    settings.STAFF_IDLE_TIMEOUT_MINUTES = 2
    sign_in_cookie(page, StaffFactory(is_superuser=True), live_server)
    console = watch_csp(page)
    page.clock.install()
    page.goto("/admin/")
    expect(page.get_by_role("heading", name="Content and intake review")).to_be_visible()
    warning = page.get_by_role("alertdialog", name="Are you still there?")
    page.clock.fast_forward("01:05")
    expect(warning).to_be_visible()
    with page.expect_response("**/accounts/keep-alive/") as response:
        warning.get_by_role("button", name="Stay signed in").click()
    assert response.value.status == 204
    expect(warning).to_have_count(0)
    assert_no_violations(page, console, "admin idle warning")
