"""The patient's course page in a real browser at phone (375x667) and desktop (1280x800) size:
the chart is drawn within the window (no sideways scrolling), its sentence and table are there,
and axe finds nothing serious. The fixtures (patient_page, screen) are the project's, from the
conftest.py at the root."""

import pytest
from playwright.sync_api import expect

from intake.tests.factories import submitted_intake
from portal.tests.browser.pages import signed_in
from portal.tests.browser.test_accessibility import violations
from treatment.tests.factories import course_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe's injected script must run; the page itself is audited as it is.
    return {**browser_context_args, "bypass_csp": True}


def _scrolls_sideways(page):
    return page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def test_the_chart_fits_the_screen_and_reads_in_words(patient_page, screen, patient):
    course_of(submitted_intake(patient=patient), scores=(19, 16, 12, 8), sessions=14)
    page = patient_page
    page.goto("/treatment/")

    chart = page.get_by_role("img", name="PHQ-9 scores over time")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= screen["width"]
    assert box["height"] > 150  # drawn at a readable size, not squeezed
    assert not _scrolls_sideways(page)

    sentence = "Your score went from 19 to 8, a drop of more than half."
    expect(page.locator("figcaption")).to_have_text(sentence)
    table = page.get_by_role("table", name="PHQ-9 scores (0 to 27; lower is better)")
    expect(table).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(5)
    expect(table.get_by_role("row").last).to_contain_text("Down 11")
    expect(page.get_by_text("Session 14 of 36")).to_be_visible()
    expect(page.get_by_role("link", name="Start my check-in")).to_be_visible()

    assert violations(page) == []


def test_many_check_ins_and_no_course_fit_too(
    patient_page, screen, live_server, patient, other_patient
):
    course_of(submitted_intake(patient=patient), scores=tuple(range(27, 5, -1)), sessions=36)
    page = patient_page
    page.goto("/treatment/")
    chart = page.get_by_role("img", name="PHQ-9 scores over time")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box["x"] + box["width"] <= screen["width"]
    assert not _scrolls_sideways(page)

    signed_in(page, live_server, other_patient)
    page.goto("/treatment/")
    expect(page.get_by_text("Your TMS course is not in the portal yet.")).to_be_visible()
    assert not _scrolls_sideways(page)
    assert violations(page) == []
