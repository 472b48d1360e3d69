"""The check-in in a browser, at phone (375x667) and desktop (1280x800) size: item 9 above "Not
at all" shows the crisis help in view at once, beside the answer; after sending, the thank-you
page starts with it; without JavaScript the thank-you page still starts with it. axe finds
nothing serious on the check-in pages."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from intake.tests.browser.test_crisis_in_view import in_viewport
from portal.tests.browser.test_accessibility import violations
from treatment.models import CheckIn
from treatment.tests.checkin_helpers import due_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_EIGHT = (
    "Nearly every day",
    "More than half the days",
    "Several days",
    "Several days",
    "More than half the days",
    "Several days",
    "Several days",
    "Not at all",
)


def answer(page, question, choice):
    page.get_by_role("group", name=question).get_by_label(choice, exact=True).check()


def fill_first_eight(page):
    for number, choice in enumerate(FIRST_EIGHT, start=1):
        answer(page, f"{number}. ", choice)


def answer_item_nine(page, choice):
    answer(page, "9. Thoughts that you would be better off dead", choice)


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe's injected script must run; the pages are audited as they are.
    return {**browser_context_args, "bypass_csp": True}


def test_item_9_shows_the_crisis_help_in_view_at_once_and_after_sending(
    patient_page, patient, screen
):
    due_course(patient)
    page = patient_page
    page.goto("/treatment/check-in/")
    assert not violations(page)
    fill_first_eight(page)
    crisis = page.get_by_role("alert").filter(has_text="988")
    expect(crisis).to_have_count(0)

    answer_item_nine(page, "Several days")

    expect(crisis).to_be_visible()
    expect(crisis).to_contain_text("Help is here, right now")
    # Scrolled into view (smoothly, where the patient allows motion) at once; "nearest" may
    # leave a fraction of a pixel of its border below the screen.
    expect(crisis).to_be_in_viewport(ratio=0.99, timeout=2_000)
    in_viewport(page, crisis.get_by_role("link", name="Call 988"))
    expect(crisis.get_by_role("link", name="Text 988")).to_have_attribute("href", "sms:988")

    page.get_by_role("button", name="Send my check-in").click()
    expect(page.get_by_role("heading", name="Thank you for your check-in")).to_be_visible()
    top = page.locator("#intake-crisis")
    expect(top).to_be_visible()
    expect(top).to_have_attribute("role", "alert")
    in_viewport(page, top.get_by_role("link", name="988"))
    assert CheckIn.objects.filter(course__patient=patient).latest("pk").item9 == 1
    assert not violations(page)


def test_errors_are_listed_and_axe_finds_nothing_serious(patient_page, patient, screen):
    due_course(patient)
    page = patient_page
    before = CheckIn.objects.count()
    page.goto("/treatment/check-in/")
    page.get_by_role("button", name="Send my check-in").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert not violations(page)
    assert CheckIn.objects.count() == before


def test_without_javascript_the_thanks_page_starts_with_the_crisis_help(
    browser, live_server, patient, screen
):
    due_course(patient)
    context = browser.new_context(java_script_enabled=False, viewport=screen)
    context.set_default_timeout(10_000)
    client = Client()
    client.force_login(patient)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/treatment/check-in/")
        fill_first_eight(page)
        answer_item_nine(page, "More than half the days")
        page.get_by_role("button", name="Send my check-in").click()
        crisis = page.locator("#intake-crisis")
        expect(crisis).to_be_visible()
        box = crisis.bounding_box()
        assert 0 <= box["y"] < screen["height"]
        assert page.evaluate(
            "document.getElementById('intake-crisis').getBoundingClientRect().top"
            " < document.querySelector('main h1').getBoundingClientRect().top"
        )
    finally:
        context.close()
