"""Crisis help appears where the patient is: the moment PHQ-9 item 9 is answered above "Not at
all", in the viewport beside the answer, at phone and desktop size; without JavaScript, the
next page starts with it."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from intake.models import Intake

from .test_intake_journey import answer_item_nine, fill_phq9_first_eight

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def in_viewport(page, locator):
    box = locator.bounding_box()
    viewport = page.viewport_size
    assert box is not None
    assert box["y"] >= 0, box
    assert box["y"] + box["height"] <= viewport["height"], (box, viewport)
    assert box["x"] >= 0, box
    assert box["x"] + box["width"] <= viewport["width"], (box, viewport)


def test_item_9_above_not_at_all_shows_crisis_help_in_view_beside_it(patient_page, screen):
    page = patient_page
    assert page.viewport_size == screen
    page.goto("/intake/phq9/")
    fill_phq9_first_eight(page)
    crisis = page.get_by_role("alert").filter(has_text="988")
    expect(crisis).to_have_count(0)

    answer_item_nine(page, "Several days")

    expect(crisis).to_be_visible()
    expect(crisis).to_contain_text("Help is here, right now")
    in_viewport(page, crisis)
    # Beside item 9: straight after its question, before item 10.
    follows_item_9 = page.evaluate(
        """() => {
            const item9 = document.querySelector("input[name='phq9_9']").closest("fieldset");
            const box = document.getElementById("phq9-crisis");
            const item10 = document.querySelector("input[name='phq9_difficulty']");
            return Boolean(
                item9.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING
                && box.compareDocumentPosition(item10) & Node.DOCUMENT_POSITION_FOLLOWING
            );
        }"""
    )
    assert follows_item_9
    # Tap to call or text.
    expect(crisis.get_by_role("link", name="Call 988")).to_have_attribute("href", "tel:988")
    expect(crisis.get_by_role("link", name="Text 988")).to_have_attribute("href", "sms:988")
    expect(crisis.get_by_role("link", name="911")).to_have_attribute("href", "tel:911")
    in_viewport(page, crisis.get_by_role("link", name="Call 988"))
    # Nothing was sent: the page is where the patient left it.
    assert page.url.endswith("/intake/phq9/")


def test_not_at_all_shows_no_crisis_help(patient_page):
    page = patient_page
    page.goto("/intake/phq9/")
    fill_phq9_first_eight(page)
    answer_item_nine(page, "Not at all")
    expect(page.locator("#phq9-crisis")).to_be_hidden()


def test_without_javascript_the_next_page_starts_with_crisis_help(
    browser, live_server, patient, screen
):
    context = browser.new_context(java_script_enabled=False, viewport=screen)
    context.set_default_timeout(10_000)
    client = Client()
    client.force_login(patient)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/intake/phq9/")
        fill_phq9_first_eight(page)
        answer_item_nine(page, "Several days")
        # Without JavaScript nothing changes on this page ...
        expect(page.locator("#phq9-crisis")).to_be_hidden()
        page.get_by_role("button", name="Save and continue").click()

        # ... and the next page starts with the crisis help, announced, in view at the top.
        expect(page.get_by_text("Step 4 of 8")).to_be_visible()
        crisis = page.locator("#intake-crisis")
        expect(crisis).to_be_visible()
        expect(crisis).to_have_attribute("role", "alert")
        expect(crisis.get_by_role("link", name="988")).to_have_attribute("href", "tel:988")
        assert page.evaluate(
            "document.getElementById('intake-crisis').getBoundingClientRect().top"
            " < document.querySelector('main h1').getBoundingClientRect().top"
        )
        box = crisis.bounding_box()
        assert 0 <= box["y"] < screen["height"]
        assert Intake.objects.get(patient=patient).urgent
    finally:
        context.close()
