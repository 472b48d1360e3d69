"""The review page, sending the intake, and what the patient sees after."""

import pytest
from django.urls import reverse

from intake.eligibility.vocabulary import SAFETY_QUESTIONS
from intake.models import Intake, Status
from intake.questions import ANSWER_STEP_SLUGS
from intake.services.review import close_intake, request_more_info, start_review

from .factories import step_data

pytestmark = pytest.mark.django_db


def test_review_shows_every_answer_with_edit_links(client, complete_intake):
    html = client.get(reverse("intake:review")).content.decode()
    for slug in ANSWER_STEP_SLUGS:
        edit = reverse("intake:step", args=[slug]) + "?from=review"
        assert f'href="{edit}" class="edit-link"' in html
    for text in (
        "Aetna Choice POS II",
        "Major depression that has come back (recurrent)",
        "March 2023",
        "Wellbutrin XL",
        "300 mg a day",
        "Cognitive behavioral therapy (CBT)",
        SAFETY_QUESTIONS["metal_in_head"].replace("(", "(")[:40],
        "Alice Example",
    ):
        assert text in html, text


def test_an_edit_from_the_review_comes_back_to_the_review_and_asks_to_sign_again(
    client, complete_intake
):
    review = client.get(reverse("intake:review")).content.decode()
    assert "Please sign again" not in review
    edit = reverse("intake:step", args=["depression"]) + "?from=review"
    page = client.get(edit)
    assert '<input type="hidden" name="from" value="review">' in page.content.decode()
    data = {"version": str(page.context["version"]), "from": "review"}
    data.update(step_data("depression", diagnosis="mdd_single"))
    response = client.post(edit, data)
    assert response.status_code == 302
    assert response.url == reverse("intake:review")
    response = client.post(reverse("intake:review"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "You changed some answers after you signed" in html
    assert complete_intake.status_changes.count() == 0
    # Signing again lets it go.
    page = client.get(reverse("intake:step", args=["consent"]))
    data = {"version": str(page.context["version"]), **step_data("consent")}
    client.post(reverse("intake:step", args=["consent"]), data)
    assert client.post(reverse("intake:review")).status_code == 302
    complete_intake.refresh_from_db()
    assert complete_intake.status == Status.SUBMITTED
    assert complete_intake.diagnosis == "mdd_single"


def test_submit_is_refused_with_the_list_of_missing_steps(client, patient, save):
    client.force_login(patient)
    save("about-you")
    save("phq9")
    response = client.post(reverse("intake:review"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Before you can send your intake" in html
    for title in ("Your depression", "Antidepressants you have tried", "Consent and signature"):
        assert title in html
    assert patient.intakes.get().status == Status.DRAFT


def test_a_blank_intake_cannot_be_submitted(client, patient):
    client.force_login(patient)
    response = client.post(reverse("intake:review"))
    assert response.status_code == 400
    assert not Intake.objects.filter(status=Status.SUBMITTED).exists()


def test_an_unsigned_intake_cannot_be_submitted(client, complete_intake):
    Intake.objects.filter(pk=complete_intake.pk).update(signed_name="", signed_at=None)
    response = client.post(reverse("intake:review"))
    assert response.status_code == 400
    assert "Consent and signature" in response.content.decode()


def test_submitting_twice_makes_one_submission(client, complete_intake):
    first = client.post(reverse("intake:review"))
    second = client.post(reverse("intake:review"))
    assert first.status_code == 302
    assert second.status_code == 302
    complete_intake.refresh_from_db()
    assert complete_intake.status == Status.SUBMITTED
    assert complete_intake.status_changes.filter(to_status=Status.SUBMITTED).count() == 1
    assert Intake.objects.count() == 1


def test_after_submission_the_intake_is_read_only_with_status_and_answers(client, complete_intake):
    client.post(reverse("intake:review"))
    html = client.get(reverse("intake:home")).content.decode()
    assert "Sent to the clinic" in html
    assert "Wellbutrin XL" in html
    assert "Print or save as PDF" in html
    assert 'class="edit-link"' not in html
    # Steps redirect to the status page and refuse changes.
    url = reverse("intake:step", args=["about-you"])
    assert client.get(url).url == reverse("intake:home")
    response = client.post(
        url, {"version": "1", **step_data("about-you", interpreter_language="Klingon")}
    )
    assert response.status_code == 302
    complete_intake.refresh_from_db()
    assert complete_intake.interpreter_language == ""


def test_needs_info_makes_it_editable_again_with_the_clinics_message(
    client, complete_intake, admin_user, save
):
    client.post(reverse("intake:review"))
    start_review(intake=complete_intake, by=admin_user)
    request_more_info(intake=complete_intake, by=admin_user, message="Which dose of <Zoloft>?")
    html = client.get(reverse("intake:home")).content.decode()
    assert "The clinic asked for more information" in html
    assert "Which dose of &lt;Zoloft&gt;?" in html
    assert "Which dose of &lt;Zoloft&gt;?" in client.get(reverse("intake:review")).content.decode()
    assert save("about-you", interpreter_language="Spanish").status_code == 302
    assert client.post(reverse("intake:review")).status_code == 400  # sign again first
    assert save("consent").status_code == 302
    assert client.post(reverse("intake:review")).status_code == 302
    complete_intake.refresh_from_db()
    assert complete_intake.status == Status.SUBMITTED
    assert complete_intake.interpreter_language == "Spanish"


def test_a_closed_intake_is_shown_and_a_new_one_can_be_started(client, complete_intake, admin_user):

    client.post(reverse("intake:review"))
    close_intake(intake=complete_intake, by=admin_user, outcome="consultation")
    html = client.get(reverse("intake:home")).content.decode()
    assert "Status: <strong>Closed</strong>" in html
    assert "start a new intake" in html
    page = client.get(reverse("intake:step", args=["depression"]))
    assert page.status_code == 200
    assert page.context["version"] == 0
    assert page.context["form"].initial.get("diagnosis") in (None, "")
