"""The check-in of a TMS course for a Spanish reader, at phone (375x667) and desktop (1280x800)
size: item 9 answered above "Ningún día" shows the Spanish crisis help in view at once, with 988
and 911 to tap, and the thank-you page starts with it; axe finds nothing serious (the intake's
PHQ-9: intake/tests/browser/test_spanish_crisis_browser.py)."""

import pytest
from playwright.sync_api import expect

from intake.tests.browser.test_crisis_in_view import in_viewport
from intake.tests.browser.test_spanish_crisis_browser import (
    crisis_shows_in_spanish_at_once,
    fill_first_eight,
)
from portal.tests.browser.test_accessibility import violations
from treatment.tests.checkin_helpers import due_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe's injected script must run; the pages are audited as they are.
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def spanish_page(patient, patient_page):
    patient.language = "es"
    patient.save()
    return patient_page


def test_the_check_in_shows_spanish_crisis_help_in_view_at_once_and_after_sending(
    spanish_page, patient, screen
):
    due_course(patient)
    page = spanish_page
    page.goto("/treatment/check-in/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert not violations(page)
    fill_first_eight(page)
    crisis_shows_in_spanish_at_once(page)
    page.get_by_role("button", name="Enviar mi control").click()
    expect(page.get_by_role("heading", name="Gracias por hacer su control")).to_be_visible()
    crisis = page.locator("#intake-crisis")
    expect(crisis).to_contain_text("La clínica ya recibió un aviso sobre esta respuesta.")
    in_viewport(page, crisis.get_by_role("link", name="988"))
    assert not violations(page)
