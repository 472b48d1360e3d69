"""A clinical reviewer works the queue in a real browser (Chromium): an urgent intake from the
queue to closed with a countersignature; a request for more information and the patient's
update; the FHIR Bundle download."""

from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from fhir.resources.R4B.bundle import Bundle
from playwright.sync_api import expect

from intake import services
from intake.models import AccessEvent, IntakeStep
from intake.questions import ANSWER_STEP_SLUGS
from intake.roles import CLINICAL_REVIEWERS
from intake.tests.factories import PatientFactory, staff_user, submitted_intake
from intake.tests.notes_helpers import restore_eligibility_seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _seeded():
    # Transactional tests flush what the data migrations made: put the seed and groups back.
    restore_eligibility_seed()
    import_module("intake.migrations.0007_create_staff_groups").create_groups(apps, None)


@pytest.fixture
def reviewer_page(page, live_server):
    reviewer = staff_user("rita@clinic.example", CLINICAL_REVIEWERS, full_name="Rita Reviewer")
    client = Client()
    client.force_login(reviewer)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return page


def _patient_sends_an_update(intake):
    """What the patient does on /intake/ after the clinic's request: change an answer, sign
    again, send."""
    patient = intake.patient
    for slug in ANSWER_STEP_SLUGS:
        IntakeStep.objects.update_or_create(
            intake=intake, step=slug, defaults={"completed": True, "version": 1}
        )
    services.save_step(
        patient=patient, step="phq9", answers={"phq9_1": 0}, expected_version=1, completed=True
    )
    services.save_step(
        patient=patient,
        step="consent",
        answers={
            "consent_true": True,
            "consent_contact": True,
            "signed_name": patient.full_name,
        },
        expected_version=1,
        completed=True,
    )
    services.submit_intake(intake=intake)


def test_a_reviewer_works_the_queue_from_urgent_to_closed(reviewer_page, tmp_path):
    page = reviewer_page
    calm = submitted_intake(
        patient=PatientFactory(full_name="Bob Calm"),
        legal_name="Bob Calm",
        phq9=(3, 3, 2, 2, 1, 2, 2, 1, 0),
    )
    submitted_intake(
        patient=PatientFactory(full_name="Alice Urgent"),
        legal_name="Alice Urgent",
        phq9=(3, 3, 2, 2, 1, 2, 2, 1, 1),
    )

    # The queue: the urgent intake first.
    page.goto("/admin/intake/intake/")
    rows = page.locator("#result_list tbody tr")
    expect(rows.first).to_contain_text("Alice Urgent")
    expect(rows.first).to_contain_text("Urgent")
    expect(rows.nth(1)).to_contain_text("Bob Calm")
    rows.first.get_by_role("link").first.click()

    # Assign, start, close with a countersignature.
    review = page.get_by_role("region", name="Review")
    review.get_by_role("button", name="Assign to me").click()
    expect(page.locator(".messagelist")).to_contain_text("assigned to you")
    expect(page.locator(".review-assignee")).to_contain_text("Rita Reviewer")
    page.get_by_role("button", name="Start review").click()
    expect(page.locator(".review-status")).to_have_text("Being reviewed")
    page.get_by_label("Outcome").select_option(label="Consultation offered")
    page.get_by_label("Comment (for the care team)").fill("Called; consultation on Tuesday.")
    page.get_by_label("Countersignature: type your full name").fill("Someone Else")
    page.get_by_role("button", name="Close and countersign").click()
    expect(page.locator(".messagelist")).to_contain_text("must be your name")
    expect(page.locator(".review-status")).to_have_text("Being reviewed")
    page.get_by_label("Outcome").select_option(label="Consultation offered")
    page.get_by_label("Comment (for the care team)").fill("Called; consultation on Tuesday.")
    page.get_by_label("Countersignature: type your full name").fill("Rita Reviewer")
    page.get_by_role("button", name="Close and countersign").click()
    expect(page.locator(".review-status")).to_have_text("Closed")
    expect(review).to_contain_text("Countersigned by Rita Reviewer")
    expect(page.locator(".status-history")).to_contain_text("Called; consultation on Tuesday.")

    # Ask Bob for more information; his update comes back.
    page.goto("/admin/intake/intake/")
    page.locator("#result_list").get_by_role("link", name="Bob Calm").click()
    page.get_by_label("What the patient needs to add or change").fill("Please check question 1.")
    page.get_by_role("button", name="Send back to the patient").click()
    expect(page.locator(".review-status")).to_have_text("The clinic needs more information")
    _patient_sends_an_update(calm)
    page.reload()
    expect(page.locator(".review-status")).to_have_text("Sent to the clinic")
    expect(page.locator(".status-history")).to_contain_text("Please check question 1.")
    page.goto("/admin/intake/intake/")
    expect(page.locator("#result_list")).to_contain_text("13 (moderate)")

    # The FHIR Bundle download validates.
    page.locator("#result_list").get_by_role("link", name="Bob Calm").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download FHIR Bundle").click()
    path = tmp_path / "bundle.json"
    download_info.value.save_as(path)
    bundle = Bundle.model_validate_json(path.read_text())
    kinds = [entry.resource.get_resource_type() for entry in bundle.entry]
    assert kinds[:3] == ["Patient", "QuestionnaireResponse", "Observation"]
    assert kinds.count("MedicationStatement") == 2

    actions = set(AccessEvent.objects.values_list("action", flat=True))
    assert actions == {"view", "fhir"}
