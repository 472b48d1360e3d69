"""The staff side of a course in a real browser: the course list's warning, the course page,
logging a session (a refusal first), and axe finds nothing serious on any of them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from intake.tests.factories import submitted_intake
from portal.tests.browser.pages import signed_in
from portal.tests.browser.test_accessibility import violations
from treatment.tests.factories import course_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "bypass_csp": True}


def test_a_reviewer_logs_a_session_from_the_list(page, screen, live_server, reviewer, patient):
    today = timezone.localdate()
    course = course_of(
        submitted_intake(patient=patient, legal_name="Maria Lopez"),
        start=today - timedelta(days=40),
        sessions=26,
    )
    signed_in(page, live_server, reviewer)
    page.goto(reverse("admin:treatment_course_changelist"))
    row = page.locator("#result_list tbody tr").first
    expect(row).to_contain_text("Maria Lopez")
    expect(row).to_contain_text("⚠ Running low: 4 left")
    problems = {"list": violations(page)}

    row.get_by_role("link", name="Log a session").click()
    expect(page.get_by_role("heading", name="Log session 27 of 36")).to_be_visible()
    problems["log"] = violations(page)
    page.get_by_label("Date").fill((today + timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Log session 27").click()
    expect(page.get_by_role("alert")).to_contain_text("The date is in the future")
    problems["refused"] = violations(page)
    assert course.sessions.count() == 26

    page.get_by_label("Date").fill(today.isoformat())
    page.get_by_label("Side effects").fill("Mild headache")
    page.get_by_role("button", name="Log session 27").click()
    expect(page.get_by_text("Session 27 is logged.")).to_be_visible()
    expect(page.get_by_role("region", name="Sessions: 27 of 36")).to_contain_text("Mild headache")
    expect(page.get_by_text("Warning: Running low: 3 left.")).to_be_visible()
    problems["course"] = violations(page)
    assert problems == {"list": [], "log": [], "refused": [], "course": []}
    assert course.sessions.get(number=27).side_effects == "Mild headache"
