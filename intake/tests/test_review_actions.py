"""The review actions on the intake page: POST only, CSRF-checked, permission-checked; each
recorded in the status history, which nobody can edit or delete."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from intake.models import Intake, StatusChange
from intake.services.review import start_review
from intake.services.steps import submit_intake

from .factories import submitted_intake

pytestmark = pytest.mark.django_db


def _post(client, intake, action, **data):
    return client.post(reverse(f"admin:intake_intake_{action}", args=[intake.pk]), data)


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_assign_to_me(reviewer_client, reviewer):
    intake = submitted_intake()
    response = _post(reviewer_client, intake, "assign")
    assert response.status_code == 302
    intake.refresh_from_db()
    assert intake.assigned_to == reviewer


def test_start_review_records_who_and_when(reviewer_client, reviewer):
    intake = submitted_intake()
    _post(reviewer_client, intake, "start")
    intake.refresh_from_db()
    assert intake.status == "in_review"
    change = intake.status_changes.last()
    assert (change.from_status, change.to_status, change.by) == ("submitted", "in_review", reviewer)
    html = reviewer_client.get(reverse("admin:intake_intake_change", args=[intake.pk])).content
    assert b"Being reviewed" in html
    assert b"rita@clinic.example" in html


def test_an_illegal_transition_is_refused_with_a_message(reviewer_client):
    intake = submitted_intake()
    Intake.objects.filter(pk=intake.pk).update(status="draft", submitted_at=None)
    response = _post(reviewer_client, intake, "start")
    assert response.status_code == 302
    assert any("cannot move to being reviewed" in m for m in _messages(response))
    intake.refresh_from_db()
    assert intake.status == "draft"
    assert intake.status_changes.count() == 1


def test_asking_for_more_information_reopens_the_intake_for_the_patient(
    reviewer_client, client, reviewer
):
    intake = submitted_intake()
    _post(reviewer_client, intake, "request_info", message="Please add the dose of sertraline.")
    intake.refresh_from_db()
    assert intake.status == "needs_info"
    assert intake.is_editable
    assert intake.status_changes.last().message == "Please add the dose of sertraline."

    patient_client = Client()
    patient_client.force_login(intake.patient)
    html = patient_client.get(reverse("intake:home")).content.decode()
    assert "Please add the dose of sertraline." in html
    assert "What has happened so far" in html
    assert "The clinic asked you for more information." in html


def test_asking_without_a_message_is_refused(reviewer_client):
    intake = submitted_intake()
    response = _post(reviewer_client, intake, "request_info", message="  ")
    assert any("required" in m.lower() for m in _messages(response))
    intake.refresh_from_db()
    assert intake.status == "submitted"


def test_closing_needs_the_reviewers_own_name_as_countersignature(reviewer_client, reviewer):
    intake = submitted_intake()
    response = _post(
        reviewer_client,
        intake,
        "close",
        outcome="consultation",
        comment="Booked for Tuesday.",
        countersignature="Someone Else",
    )
    assert any("Rita Reviewer" in m for m in _messages(response))
    intake.refresh_from_db()
    assert intake.status == "submitted"
    assert intake.countersigned_at is None

    _post(
        reviewer_client,
        intake,
        "close",
        outcome="consultation",
        comment="Booked for Tuesday.",
        countersignature="  rita   reviewer ",
    )
    intake.refresh_from_db()
    assert intake.status == "closed"
    assert intake.outcome == "consultation"
    assert intake.countersigned_by == reviewer
    assert intake.countersigned_name == "Rita Reviewer"  # the account's own spelling
    assert intake.countersigned_at is not None
    change = intake.status_changes.last()
    assert (change.to_status, change.by, change.message) == (
        "closed",
        reviewer,
        "Booked for Tuesday.",
    )


def test_closing_with_an_unknown_outcome_is_refused(reviewer_client):
    intake = submitted_intake()
    _post(reviewer_client, intake, "close", outcome="approved", countersignature="Rita Reviewer")
    intake.refresh_from_db()
    assert intake.status == "submitted"


def test_the_patient_sees_the_closed_status_but_not_the_staff_comment(reviewer_client):
    intake = submitted_intake()
    _post(
        reviewer_client,
        intake,
        "close",
        outcome="referred",
        comment="Internal: bipolar history, refer to Dr X.",
        countersignature="Rita Reviewer",
    )
    patient_client = Client()
    patient_client.force_login(intake.patient)
    html = patient_client.get(reverse("intake:home")).content.decode()
    assert "The clinic closed your intake." in html
    assert "Internal: bipolar history" not in html


def test_actions_need_post(reviewer_client):
    intake = submitted_intake()
    url = reverse("admin:intake_intake_start", args=[intake.pk])
    assert reviewer_client.get(url).status_code == 405


def test_actions_are_csrf_protected(reviewer):
    intake = submitted_intake()
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    assert _post(client, intake, "start").status_code == 403
    intake.refresh_from_db()
    assert intake.status == "submitted"


def test_an_unknown_intake_is_a_404(reviewer_client):
    assert (
        reviewer_client.post(reverse("admin:intake_intake_start", args=[999999])).status_code == 404
    )


def test_the_status_history_cannot_be_edited_or_deleted_from_the_admin(admin_client):
    intake = submitted_intake()
    start_review(intake=intake, by=None)
    html = admin_client.get(reverse("admin:intake_intake_change", args=[intake.pk])).content
    assert b"status_changes-0-DELETE" not in html
    assert b'name="status_changes-0-message"' not in html
    delete = reverse("admin:intake_intake_delete", args=[intake.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert StatusChange.objects.filter(intake=intake).count() == 2


def test_a_patients_update_after_a_request_comes_back_to_the_queue(
    client, complete_intake, save, reviewer
):
    submit_intake(intake=complete_intake)
    staff = Client()
    staff.force_login(reviewer)
    _post(staff, complete_intake, "request_info", message="Please check question 1.")

    # The patient (``client``) changes an answer, signs again and sends it back.
    assert save("phq9", phq9_1="0").status_code == 302
    assert save("consent").status_code == 302
    assert client.post(reverse("intake:review")).status_code == 302

    intake = Intake.objects.get(pk=complete_intake.pk)
    assert intake.status == "submitted"
    assert intake.review_phq9_total == 13  # the stored evaluation follows the new answer
    queue = staff.get(reverse("admin:intake_intake_changelist")).content.decode()
    assert "13 (moderate)" in queue
    page = staff.get(reverse("admin:intake_intake_change", args=[intake.pk])).content.decode()
    assert "Please check question 1." in page
    html = client.get(reverse("intake:home")).content.decode()
    assert "You sent your updated answers to the clinic." in html


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        ("draft", ("assign", "reevaluate")),
        ("submitted", ("assign", "start", "reevaluate", "request_info", "close")),
        ("in_review", ("assign", "reevaluate", "request_info", "close")),
        ("needs_info", ("assign", "reevaluate", "close")),
        ("closed", ("reevaluate",)),
    ],
)
def test_the_intake_page_offers_the_actions_its_status_allows(reviewer_client, status, allowed):
    from intake.admin.review import allowed_review_actions

    intake = submitted_intake()
    extra = {"staff_message": "x"} if status == "needs_info" else {}
    extra |= {"outcome": "consultation"} if status == "closed" else {}
    Intake.objects.filter(pk=intake.pk).update(status=status, **extra)
    intake.refresh_from_db()
    assert allowed_review_actions(intake) == allowed
    html = reviewer_client.get(reverse("admin:intake_intake_change", args=[intake.pk]))
    html = html.content.decode()
    for action in ("assign", "start", "reevaluate", "request_info", "close"):
        url = reverse(f"admin:intake_intake_{action}", args=[intake.pk])
        assert (f'action="{url}"' in html) == (action in allowed), action


def test_a_forged_selection_on_the_queue_is_refused_with_a_message(reviewer_client):
    from portal.admin_base import INVALID_SELECTION

    intake = submitted_intake()
    response = reviewer_client.post(
        reverse("admin:intake_intake_changelist"),
        {"action": "reevaluate", "index": "0", "_selected_action": [str(intake.pk), "x"]},
        follow=True,
    )
    assert response.status_code == 200
    assert INVALID_SELECTION in response.content.decode()
