"""The eligibility notes in Spanish in a real browser (Chromium), at phone and desktop size: a
Spanish patient with a sent intake reads the notes in Spanish, no word reads as a verdict, axe
finds nothing serious, and nothing scrolls sideways."""

import pytest
from playwright.sync_api import expect

from intake.eligibility.wording import find_decision_words
from intake.tests.factories import make_intake
from intake.tests.notes_helpers import import_seed_articles
from portal.tests.browser.test_accessibility import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _seeded():
    # The set-up data is loaded for every transactional test (conftest.py).
    import_seed_articles()


@pytest.fixture
def browser_context_args(browser_context_args):
    # As in the accessibility audit: axe's injected script must run under any CSP.
    return {**browser_context_args, "bypass_csp": True}


def no_sideways_scrolling(tab):
    tab.wait_for_load_state("load")
    assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), tab.url


def test_a_spanish_patient_reads_the_notes_in_spanish(patient_page, patient, screen):
    tab = patient_page
    patient.language = "es"
    patient.save(update_fields=["language"])
    make_intake(patient)
    tab.goto("/intake/")
    expect(tab.locator("html")).to_have_attribute("lang", "es")
    notes = tab.get_by_role("region", name="Notas sobre sus tratamientos anteriores")
    expect(notes).to_be_visible()
    expect(notes).to_contain_text("En resumen")
    expect(notes).to_contain_text("Parece estar en orden")
    expect(notes).to_contain_text("De los medicamentos que no le ayudaron lo suficiente")
    expect(notes).to_contain_text("Estas notas son una guía, no una decisión.")
    expect(notes).to_contain_text("Su equipo de atención")
    expect(notes).not_to_contain_text("Looks in place")
    expect(notes).not_to_contain_text("Notes on your treatment history")
    text = notes.inner_text()
    assert not find_decision_words(text), find_decision_words(text)
    # No colour reads as a pass or a fail.
    assert notes.locator(".border-success, .text-success, .border-warning").count() == 0
    assert violations(tab) == []
    no_sideways_scrolling(tab)


def test_the_why_we_ask_line_in_spanish(patient_page, patient, screen):
    tab = patient_page
    patient.language = "es"
    patient.save(update_fields=["language"])
    tab.goto("/intake/safety/")
    why = tab.get_by_role("complementary", name="Por qué preguntamos")
    expect(why).to_contain_text("La EMT usa un imán fuerte.")
    no_sideways_scrolling(tab)
