"""The eligibility notes in a real browser (Chromium), at the narrowest phone width."""

import pytest
from playwright.sync_api import expect

from intake.tests.factories import make_intake
from intake.tests.notes_helpers import import_seed_articles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 320, "height": 640}


@pytest.fixture(autouse=True)
def _seeded():
    # The set-up data is loaded for every transactional test (conftest.py).
    import_seed_articles()


def no_sideways_scrolling(page):
    page.wait_for_load_state("load")  # the stylesheets that wrap long source links
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


@pytest.mark.parametrize("screen", [NARROW], ids=["320px"])
def test_a_patient_reads_the_notes_and_follows_a_link_to_its_article(patient_page, patient, screen):
    page = patient_page
    make_intake(patient)
    page.goto("/intake/")
    notes = page.get_by_role("region", name="Notes on your treatment history")
    expect(notes).to_be_visible()
    expect(notes).to_contain_text("In short")
    expect(notes).to_contain_text("Looks in place")
    expect(notes).to_contain_text("What you can do next")
    expect(notes).not_to_contain_text("Looks met")
    expect(notes).to_contain_text("Your care team")
    no_sideways_scrolling(page)
    link = notes.get_by_role("link", name="How doctors count a medicine trial").first
    link.focus()
    page.keyboard.press("Enter")
    heading = page.get_by_role("heading", name="What counts as a full medicine trial", level=1)
    expect(heading).to_be_visible()
    panel = page.get_by_role("complementary", name="How this relates to your intake")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("We counted 2 medicines")
    no_sideways_scrolling(page)
    panel.get_by_role("link", name="See all the notes on your intake").click()
    expect(notes).to_be_visible()


@pytest.mark.parametrize("screen", [NARROW], ids=["320px"])
def test_the_why_we_ask_line_on_a_step(patient_page, screen):
    page = patient_page
    page.goto("/intake/antidepressants/")
    why = page.get_by_role("complementary", name="Why we ask")
    expect(why).to_contain_text("Many plans cover TMS")
    expect(why.get_by_role("link", name="How doctors count a medicine trial")).to_be_visible()
    no_sideways_scrolling(page)


def test_the_printed_intake_is_the_answers_without_the_notes(patient_page, patient):
    page = patient_page
    make_intake(patient)
    page.goto("/intake/")
    notes = page.get_by_role("region", name="Notes on your treatment history")
    expect(notes).to_be_visible()
    page.emulate_media(media="print")
    expect(notes).to_be_hidden()
    expect(page.get_by_role("heading", name="Wellbutrin XL")).to_be_visible()
