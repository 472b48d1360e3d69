"""The Outcomes page and the two packets for payers, in a real browser at phone and desktop
size: the page never scrolls sideways (the wide table scrolls in its own region, which the
keyboard reaches), the packets print without their on-screen links, and axe finds nothing
serious."""

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from intake.tests.factories import submitted_intake
from portal.models import Clinic
from portal.tests.browser.pages import signed_in
from portal.tests.browser.test_accessibility import violations
from treatment.models import Course
from treatment.tests.factories import course_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe's injected script must run; the pages are audited as they are.
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def courses(db):
    Clinic(name="Lakeside TMS", address="1 Lake Road\nSpringfield", npi="1234567893").save()
    active = course_of(
        submitted_intake(legal_name="Paula Packet", date_of_birth=date(1980, 3, 27)),
        sessions=12,
        scores=(21, 17, 12),
    )
    course_of(
        submitted_intake(legal_name="Dana Done"),
        status=Course.Status.COMPLETED,
        sessions=30,
        scores=(20, 9, 4),
    )
    return active


def test_the_outcomes_page_and_the_packets_read_well(page, screen, live_server, reviewer, courses):
    signed_in(page, live_server, reviewer)
    page.goto(reverse("admin:treatment_outcomes"))
    expect(page.get_by_role("heading", name="Outcomes of TMS courses")).to_be_visible()
    expect(page.locator(".outcome-rates")).to_contain_text("100% (1 of 1)")
    expect(page.locator(".outcomes-table")).to_contain_text("Paula Packet")
    assert page.evaluate("document.documentElement.scrollWidth") <= screen["width"]
    outcomes_problems = violations(page)

    page.goto(reverse("admin:treatment_course_extension_packet", args=[courses.pk]))
    heading = page.get_by_role("heading", name="Request to extend a TMS authorization")
    expect(heading).to_be_visible()
    expect(page.locator(".patient-name")).to_have_text("Paula Packet")
    assert page.evaluate("document.documentElement.scrollWidth") <= screen["width"]
    packet_problems = violations(page)
    page.emulate_media(media="print")
    expect(page.get_by_role("link", name="Back to the course")).to_be_hidden()
    expect(page.locator(".course-phq9 figcaption")).to_be_hidden()
    expect(page.locator(".course-phq9 table")).to_be_visible()
    page.emulate_media(media="screen")

    page.goto(reverse("admin:intake_intake_print", args=[courses.intake_id]))
    expect(page.locator(".request")).to_contain_text("F33.")
    expect(page.locator(".request")).to_contain_text("90867")
    prior_auth_problems = violations(page)
    assert (outcomes_problems, packet_problems, prior_auth_problems) == ([], [], [])
