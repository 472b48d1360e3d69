"""The notice, release and consent journey in a real browser, at phone and desktop size: sign-up
with the privacy notice (refused without the box, then accepted), the records release page
(an error, then saved and listed on the review page), and the TMS consent (a name that does
not match refused, then signed)."""

import re

import pytest
from playwright.sync_api import expect

from portal.models import PolicyAgreement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "nora@example.com"
NAME = "Nora Example"
PASSWORD = "quiet amber meadow"


def no_sideways_scrolling(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def fill_signup(page):
    page.get_by_label("Full name").fill(NAME)
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Month").fill("5")
    page.get_by_label("Day").fill("2")
    page.get_by_label("Year").fill("1979")
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)


def test_sign_up_with_the_notice_then_the_release_and_the_consent(page, screen, mailoutbox):
    page.goto("/accounts/signup/")
    notice_link = page.get_by_role("link", name=re.compile("privacy notice"))
    expect(notice_link.first).to_have_attribute("href", "/privacy/")
    fill_signup(page)
    page.get_by_role("button", name="Create my account").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=re.compile("tick the box"))).to_be_visible()
    no_sideways_scrolling(page)
    fill_signup(page)  # the passwords are not kept
    page.get_by_label("I have read the clinic's privacy notice").check()
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert PolicyAgreement.objects.get(user__email=EMAIL).version == 1

    page.goto(re.search(r"https?://\S+", mailoutbox[-1].body).group(0))
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_role("button", name="Confirm and sign in").click()

    page.goto("/intake/review/")
    page.get_by_role("link", name="Records from your past doctors").click()
    expect(page.get_by_role("heading", name="Records from your past doctors")).to_be_visible()
    no_sideways_scrolling(page)
    row = page.get_by_role("group", name="Doctor or pharmacy 1")
    row.get_by_label("Name of the doctor or pharmacy").fill("Dr. Ana Lee")
    row.get_by_label("City").fill("Springfield")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#error-summary")).to_contain_text("Please type your full name to sign.")
    page.get_by_label("I have read this and I agree").check()
    page.get_by_label("Type your full name to sign").fill(NAME)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your list of doctors and pharmacies is saved.")).to_be_visible()
    expect(page.get_by_text("1 listed")).to_be_visible()

    page.get_by_role("link", name="Consent to TMS treatment").click()
    expect(page.get_by_role("heading", name="Read and sign the TMS consent")).to_be_visible()
    no_sideways_scrolling(page)
    page.get_by_label("I have read this and I agree").check()
    page.get_by_label("Type your full name to sign").fill("Someone Else")
    page.get_by_role("button", name="Sign the consent").click()
    expect(page.locator("#error-summary")).to_contain_text("does not match the name")
    page.get_by_label("I have read this and I agree").check()
    page.get_by_label("Type your full name to sign").fill(NAME)
    page.get_by_role("button", name="Sign the consent").click()
    expect(page.get_by_text(re.compile(r"You signed version 1 on"))).to_be_visible()
    no_sideways_scrolling(page)
