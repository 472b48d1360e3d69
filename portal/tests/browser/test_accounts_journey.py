"""A patient's account journey in a real browser (Chromium), at phone and desktop size."""

import re

import pytest
from playwright.sync_api import expect

from portal.tests.browser.pages import open_menu_if_collapsed

pytestmark = pytest.mark.browser

EMAIL = "dana@example.com"
PASSWORD = "quiet river morning"


def submit(page, button):
    """Click a form's button and wait for the next page: a check of the header before it
    loads would open the old page's menu, and the new page's would stay closed."""
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def sign_out(page):
    open_menu_if_collapsed(page)
    submit(page, "Sign out")
    open_menu_if_collapsed(page)
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def fill_signup(page, *, email=EMAIL, year="1984"):
    page.get_by_label("Full name").fill("Dana Example")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Month").fill("7")
    page.get_by_label("Day").fill("14")
    page.get_by_label("Year").fill(year)
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_label("I have read the clinic's privacy notice").check()
    page.get_by_role("button", name="Create my account").click()


def last_link(mailoutbox):
    return re.search(r"https?://\S+", mailoutbox[-1].body).group(0)


def test_a_patient_signs_up_signs_out_signs_in_and_resets_the_password(page, screen, mailoutbox):
    page.goto("/")
    open_menu_if_collapsed(page)
    page.get_by_role("link", name="Sign in").click()
    page.get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", name="Create an account")).to_be_visible()
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    fill_signup(page)
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert mailoutbox[-1].to == [EMAIL]

    page.goto(last_link(mailoutbox))
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_role("button", name="Confirm and sign in").click()
    expect(page.get_by_text("Your email is confirmed")).to_be_visible()

    sign_out(page)
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Email address").fill(EMAIL.upper())
    page.get_by_label("Password").fill(PASSWORD)
    submit(page, "Sign in")
    open_menu_if_collapsed(page)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    sign_out(page)
    page.get_by_role("link", name="Sign in").click()
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_role("button", name="Send me the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert mailoutbox[-1].to == [EMAIL]

    page.goto(last_link(mailoutbox))
    page.get_by_label(re.compile(r"^\s*New password\W*$")).fill("a brand new phrase")
    page.get_by_label("Type the new password again").fill("a brand new phrase")
    page.get_by_role("button", name="Save my new password").click()
    expect(page.get_by_role("heading", name="Your password is changed")).to_be_visible()
    page.get_by_role("link", name="Sign in").last.click()
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password").fill("a brand new phrase")
    submit(page, "Sign in")
    open_menu_if_collapsed(page)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_after_a_bad_signup_the_error_summary_takes_focus_and_links_to_each_field(
    page, screen, mailoutbox
):
    page.goto("/accounts/signup/")
    fill_signup(page, email="dana at example", year="2999")

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter an email address like name@example.com.")
    expect(summary).to_contain_text("cannot be in the future")
    assert mailoutbox == []

    summary.get_by_role("link", name=re.compile("Date of birth")).click()
    expect(page.get_by_label("Month")).to_be_focused()
    summary.get_by_role("link", name=re.compile("Email address")).click()
    expect(page.get_by_label("Email address")).to_be_focused()
    expect(page.get_by_label("Email address")).to_have_value("dana at example")

    # Keyboard only: from the summary, Tab reaches its first link, Enter goes to the field.
    summary.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_label("Email address")).to_be_focused()


def test_patient_page_is_signed_in_as_the_patient(patient_page):
    patient_page.goto("/intake/")
    expect(patient_page.get_by_role("heading", name="My intake")).to_be_visible()
    patient_page.goto("/")
    expect(patient_page.get_by_role("button", name="Sign out")).to_be_attached()
