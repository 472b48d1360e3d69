"""Crisis help in Spanish, where a Spanish reader is looking: at phone (375x667) and
desktop (1280x800) size, PHQ-9 item 9 answered above "Ningún día" on the intake's PHQ-9 shows
the Spanish crisis help in view at once, with 988 and 911 to tap; axe finds nothing serious.
The same on a TMS course's check-in: treatment/tests/browser/test_spanish_checkin_browser.py."""

import pytest
from playwright.sync_api import expect

from intake.eligibility.phq9_forms import PHQ9_FORMS
from portal.tests.browser.test_accessibility import violations

from .test_crisis_in_view import in_viewport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SPANISH = PHQ9_FORMS["es"]
ANSWERS = dict(SPANISH.answers)  # 0 "Ningún día" ... 3 "Casi todos los días"
FIRST_EIGHT = (3, 2, 1, 1, 2, 1, 1, 0)


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe's injected script must run; the pages are audited as they are.
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def spanish_page(patient, patient_page):
    patient.language = "es"
    patient.save()
    return patient_page


def answer(page, number, value):
    question = f"{number}. {SPANISH.items[number - 1]}"
    group = page.get_by_role("group", name=question)
    group.get_by_label(ANSWERS[value], exact=True).check()


def fill_first_eight(page):
    for number, value in enumerate(FIRST_EIGHT, start=1):
        answer(page, number, value)


def crisis_shows_in_spanish_at_once(page):
    crisis = page.get_by_role("alert").filter(has_text="988")
    expect(crisis).to_have_count(0)
    answer(page, 9, 1)  # "Varios días"
    expect(crisis).to_be_visible()
    expect(crisis).to_contain_text("Hay ayuda ahora mismo")
    expect(crisis).to_contain_text("marque el 2")
    expect(crisis).to_contain_text("AYUDA")
    # Scrolled into view (smoothly, where the patient allows motion) at once; "nearest" may
    # leave a fraction of a pixel of its border below the screen.
    expect(crisis).to_be_in_viewport(ratio=0.99, timeout=2_000)
    call = crisis.get_by_role("link", name="Llamar al 988")
    expect(call).to_have_attribute("href", "tel:988")
    expect(crisis.get_by_role("link", name="Enviar texto al 988")).to_have_attribute(
        "href", "sms:988"
    )
    expect(crisis.get_by_role("link", name="911")).to_have_attribute("href", "tel:911")
    in_viewport(page, call)
    assert not violations(page)


def test_the_intake_phq9_shows_spanish_crisis_help_in_view_at_once(spanish_page, screen):
    page = spanish_page
    assert page.viewport_size == screen
    page.goto("/intake/phq9/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_text(SPANISH.stem)).to_be_visible()
    assert not violations(page)
    fill_first_eight(page)
    crisis_shows_in_spanish_at_once(page)
    assert page.url.endswith("/intake/phq9/")  # nothing was sent
