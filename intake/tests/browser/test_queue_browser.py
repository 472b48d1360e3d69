"""The reviewer's first look, in a real browser at phone and desktop size: the queue fits the
screen, the intake page answers the first questions in its first screen, and axe finds nothing
serious on the queue, the intake page or the reviewer's home."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from intake.tests.factories import SafetyAnswerFactory, submitted_intake
from portal.tests.browser.pages import signed_in
from portal.tests.browser.test_accessibility import violations
from portal.tests.factories import PatientFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe's injected script must run; the pages are audited as they are.
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def plate(db):
    """An urgent intake with a "stop" (a titanium skull plate) and a long name."""
    intake = submitted_intake(
        patient=PatientFactory(full_name="Tina Titanium-Plate Longname-Example"),
        legal_name="Tina Titanium-Plate Longname-Example",
        phq9=(3, 3, 2, 2, 1, 2, 2, 1, 2),
        trials=3,
    )
    SafetyAnswerFactory(intake=intake, key="metal_in_head", answer="yes", details="Titanium plate")
    SafetyAnswerFactory(intake=intake, key="seizure", answer="yes")
    submitted_intake(legal_name="Olga Other")
    return intake


def _right_edges_beyond(page, selector):
    """The cells of ``selector`` whose right edge is past the window's."""
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .map((cell) => [cell.className, cell.getBoundingClientRect().right])
            .filter(([name, right]) => right > window.innerWidth + 0.5)""",
        selector,
    )


def test_the_queue_fits_and_the_intake_page_answers_first(
    page, screen, live_server, reviewer, plate
):
    signed_in(page, live_server, reviewer)
    page.goto(reverse("admin:intake_intake_changelist"))
    first = page.locator("#result_list tbody tr").first
    expect(first).to_contain_text("Tina Titanium-Plate")
    expect(first).to_contain_text("Urgent not acknowledged")
    expect(first).to_contain_text("Stop: metal in the head")
    expect(first).to_contain_text("item 9: More than half the days (2)")
    if screen["width"] >= 1280:
        # Every column of every row within the window, the last one included.
        assert _right_edges_beyond(page, "#result_list th, #result_list td") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= screen["width"]
    queue_problems = violations(page)

    first.get_by_role("link", name="Tina Titanium-Plate Longname-Example").click()
    summary = page.get_by_role("region", name="At a glance")
    for part in (".summary-urgent", ".summary-safety", ".summary-phq9", ".summary-trials"):
        box = summary.locator(part)
        expect(box).to_be_visible()
        if screen["width"] >= 1280:
            # In the first screen, without scrolling.
            assert box.bounding_box()["y"] + 24 <= screen["height"], part
    expect(summary.locator(".summary-safety")).to_contain_text("Stop: metal in the head")
    expect(summary.locator(".summary-phq9")).to_contain_text("item 9: More than half the days")
    expect(summary.locator(".summary-trials")).to_contain_text("escitalopram")
    expect(page.get_by_role("link", name="View on site")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= screen["width"]
    # The raw answers are folded; a step opens on a click.
    step = page.locator(".answers-step").filter(has_text="Safety questions")
    expect(step.get_by_text("Titanium plate")).to_be_hidden()
    step.locator("summary").click()
    expect(step.get_by_text("Titanium plate")).to_be_visible()
    intake_problems = violations(page)

    page.goto(reverse("admin:index"))
    expect(page.get_by_role("region", name="Your review day")).to_contain_text("Urgent")
    home_problems = violations(page)
    assert (queue_problems, intake_problems, home_problems) == ([], [], [])
