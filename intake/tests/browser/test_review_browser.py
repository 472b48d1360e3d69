"""A clinical reviewer works the queue in a real browser (Chromium), at phone and desktop size:
an urgent intake from the queue to closed with a countersignature; a request for more
information and the patient's update, sent from the patient's own browser; the FHIR Bundle
download."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle
from playwright.sync_api import expect

from intake.models import AccessEvent
from intake.tests.factories import submitted_intake
from portal.tests.browser.pages import fill_intake, signed_in
from portal.tests.factories import PatientFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reviewer_page(page, live_server, reviewer):
    signed_in(page, live_server, reviewer)
    return page


def test_a_reviewer_works_the_queue_from_urgent_to_closed(
    reviewer_page, new_context, screen, patient, live_server, tmp_path
):
    page = reviewer_page
    submitted_intake(
        patient=PatientFactory(full_name="Uma Urgent"),
        legal_name="Uma Urgent",
        phq9=(3, 3, 2, 2, 1, 2, 2, 1, 1),
    )
    # Another patient, Alice, sent hers through the step pages (PHQ-9 total 16).
    fill_intake(patient)
    submit = Client()
    submit.force_login(patient)
    assert submit.post(reverse("intake:review")).status_code == 302

    # The queue: the urgent intake first, and the count of urgent intakes nobody acknowledged.
    page.goto("/admin/intake/intake/")
    expect(page.locator(".urgent-count")).to_contain_text("1 urgent intake not acknowledged yet")
    rows = page.locator("#result_list tbody tr")
    expect(rows.first).to_contain_text("Uma Urgent")
    expect(rows.first).to_contain_text("Urgent")
    expect(rows.nth(1)).to_contain_text("Alice Example")
    expect(rows.nth(1)).to_contain_text("16 (moderately severe)")
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
    expect(review).to_contain_text("as on your account: Rita Reviewer")
    page.get_by_label("Countersignature: type your full name").fill("Someone Else")
    page.get_by_role("button", name="Close and countersign").click()
    expect(page.locator(".messagelist")).to_contain_text("must be your name")
    expect(page.locator(".review-status")).to_have_text("Being reviewed")
    # The refused close kept what was typed.
    expect(page.get_by_label("Outcome")).to_have_value("consultation")
    expect(page.get_by_label("Comment (for the care team)")).to_have_value(
        "Called; consultation on Tuesday."
    )
    page.get_by_label("Countersignature: type your full name").fill("rita reviewer")
    page.get_by_role("button", name="Close and countersign").click()
    # An urgent intake is not closed before the risk follow-up is recorded.
    expect(page.locator(".messagelist")).to_contain_text("Record the risk follow-up")
    expect(page.locator(".review-status")).to_have_text("Being reviewed")
    urgent = page.get_by_role("region", name="Urgent answer")
    expect(urgent).to_contain_text("Not acknowledged yet.")
    urgent.get_by_role("button", name="Acknowledge the urgent answer").click()
    expect(page.locator(".urgent-acknowledgement")).to_contain_text("Acknowledged by Rita Reviewer")
    expect(page.locator(".urgent-count")).to_contain_text("No urgent intake is waiting")
    urgent.get_by_label("How the patient was reached").select_option(label="Reached by phone")
    urgent.get_by_label("Result of the follow-up").select_option(
        label="Safe, a safety plan was made"
    )
    urgent.get_by_label("Note (for the care team)").fill("Safety plan made with her partner.")
    urgent.get_by_role("button", name="Record the follow-up").click()
    expect(page.locator(".messagelist")).to_contain_text("The risk follow-up is recorded.")
    expect(page.locator(".urgent-followup")).to_contain_text("Safety plan made with her partner.")
    page.get_by_label("Outcome").select_option(label="Consultation offered")
    page.get_by_label("Comment (for the care team)").fill("Called; consultation on Tuesday.")
    page.get_by_label("Countersignature: type your full name").fill("Rita Reviewer")
    page.get_by_role("button", name="Close and countersign").click()
    expect(page.locator(".review-status")).to_have_text("Closed")
    glance = page.get_by_role("region", name="At a glance")
    expect(glance).to_contain_text("Countersigned by Rita Reviewer")
    expect(page.locator(".status-history")).to_contain_text("Called; consultation on Tuesday.")

    # Ask Alice for more information.
    page.goto("/admin/intake/intake/")
    page.locator("#result_list").get_by_role("link", name="Alice Example").click()
    page.get_by_label("What the patient needs to add or change").fill(
        "Please check question 1 of the PHQ-9."
    )
    page.get_by_role("button", name="Send back to the patient").click()
    expect(page.locator(".review-status")).to_have_text("The clinic needs more information")

    # Alice, in her own browser, reads the request, changes an answer, signs again and sends.
    alice = new_context().new_page()  # the same screen size (browser_context_args)
    signed_in(alice, live_server, patient)
    alice.goto("/intake/")
    request = alice.get_by_role("region", name="The clinic asked for more information")
    expect(request).to_contain_text("Please check question 1 of the PHQ-9.")
    alice.get_by_role("link", name="How you have been feeling (PHQ-9)").click()
    alice.get_by_role("group", name="1. ", exact=False).get_by_label("Not at all").check()
    alice.get_by_role("button", name="Save and continue").click()
    alice.goto("/intake/review/")
    expect(alice.get_by_text("Please sign again")).to_be_visible()
    expect(alice.locator("#missing-steps")).to_contain_text("Your signature is missing.")
    alice.locator("#missing-steps").get_by_role("link", name="Sign your intake").click()
    alice.get_by_label("Type your full name to sign").fill("Alice Example")
    alice.get_by_role("button", name="Save and continue").click()
    alice.get_by_role("button", name="Send my intake to the clinic").click()
    expect(alice.get_by_text("Status: Sent to the clinic")).to_be_visible()

    # The reviewer sees her update.
    page.reload()
    expect(page.locator(".review-status")).to_have_text("Sent to the clinic")
    expect(page.locator(".status-history")).to_contain_text("Please check question 1")
    page.goto("/admin/intake/intake/")
    alice_row = page.locator("#result_list tbody tr").filter(has_text="Alice Example")
    expect(alice_row).to_contain_text("13 (moderate)")

    # The FHIR Bundle download is valid JSON, a Bundle, and validates.
    alice_row.get_by_role("link", name="Alice Example").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download FHIR Bundle").click()
    path = tmp_path / "bundle.json"
    download_info.value.save_as(path)
    data = json.loads(path.read_text())
    assert data["resourceType"] == "Bundle"
    bundle = Bundle.model_validate(data)
    kinds = [entry.resource.get_resource_type() for entry in bundle.entry]
    assert kinds[:3] == ["Patient", "QuestionnaireResponse", "Observation"]
    assert kinds.count("MedicationStatement") == 2

    actions = set(AccessEvent.objects.values_list("action", flat=True))
    assert actions == {"view", "fhir"}
