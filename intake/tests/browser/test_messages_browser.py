"""Messages both ways in a real browser: the patient reads the clinic's question on /intake/ and
answers in the box; a reply too long is refused plainly and kept."""

import pytest
from playwright.sync_api import expect

from intake.models import IntakeMessage
from intake.roles import CLINICAL_REVIEWERS
from intake.services.review import request_more_info
from intake.tests.factories import submitted_intake
from portal.tests.factories import staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_patient_reads_the_clinics_question_and_answers_it(patient_page, patient, screen):
    from django.contrib.auth.models import Group

    Group.objects.get_or_create(name=CLINICAL_REVIEWERS)
    reviewer = staff_user("rita@clinic.example", CLINICAL_REVIEWERS)
    intake = submitted_intake(patient=patient)
    request_more_info(intake=intake, by=reviewer, message="Which dose did you take?")
    page = patient_page
    page.goto("/intake/")
    thread = page.get_by_role("region", name="Messages with")
    expect(thread).to_contain_text("Which dose did you take?")

    box = thread.get_by_label("Your message")
    box.fill("x" * 2001)
    thread.get_by_role("button", name="Send to the clinic").click()
    summary = page.get_by_role("alert").filter(has_text="Please check")
    expect(summary).to_contain_text("Messages can be up to 2,000 characters")
    expect(summary).to_be_focused()
    expect(page.get_by_label("Your message")).to_have_value("x" * 2001)
    assert not IntakeMessage.objects.filter(from_clinic=False).exists()

    page.get_by_label("Your message").fill("150 mg a day, for 8 weeks.")
    page.get_by_role("button", name="Send to the clinic").click()
    expect(page.get_by_text("Your message was sent to the clinic")).to_be_visible()
    expect(page.get_by_role("region", name="Messages with")).to_contain_text(
        "150 mg a day, for 8 weeks."
    )
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    intake.refresh_from_db()
    assert intake.patient_wrote_last
