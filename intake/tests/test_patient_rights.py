"""A patient's own data: download (JSON, FHIR), scoped and audited; deletion on request,
carried out by a clinical reviewer: deleted, or anonymised where the clinic must keep it."""

import json

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.urls import reverse

from intake.models import AccessEvent, DeletionRequest, Intake, Status
from intake.services import rights
from intake.services.review import request_more_info, start_review
from intake.services.steps import submit_intake

pytestmark = pytest.mark.django_db

SECRETS = ("Alice", "alice@example.com", "SECRET-HOSPITAL", "SECRET-SIDE", "SECRET-SAFETY")


@pytest.fixture
def rich_intake(complete_intake):
    """Alice's complete intake with free text in every kind of place, sent to the clinic."""
    intake = complete_intake
    Intake.objects.filter(pk=intake.pk).update(hospital_details="SECRET-HOSPITAL stay")
    trial = intake.trials.first()
    trial.side_effects = "SECRET-SIDE nausea"
    trial.save()
    answer = intake.safety_answers.first()
    answer.answer = "yes"
    answer.details = "SECRET-SAFETY pacemaker"
    answer.save()
    submit_intake(intake=intake)
    intake.refresh_from_db()
    return intake


def _everything():
    """Every row the portal keeps (all apps' models) as one JSON text."""
    return "\n".join(
        serializers.serialize("json", model.objects.all()) for model in apps.get_models()
    )


def _carry_out(client, reviewer, deletion_request):
    from django.test import TestCase

    client.force_login(reviewer)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            reverse("admin:intake_deletionrequest_changelist"),
            {"action": "carry_out", "_selected_action": [deletion_request.pk]},
            follow=True,
        )


# --- Download -----------------------------------------------------------------------------------


def test_my_data_page_links_to_both_downloads_and_deletion(client, rich_intake):
    page = client.get(reverse("my_data"))
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("my_data_json") in html
    assert reverse("my_data_fhir", args=[rich_intake.pk]) in html
    assert reverse("my_data_delete") in html


def test_json_download_holds_account_answers_trials_safety_and_history(client, rich_intake):
    response = client.get(reverse("my_data_json"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    assert data["account"]["email"] == "alice@example.com"
    assert data["account"]["full_name"] == "Alice Example"
    [intake] = data["intakes"]
    assert intake["id"] == rich_intake.pk
    assert intake["status"] == "submitted"
    assert intake["hospital_details"] == "SECRET-HOSPITAL stay"
    assert intake["phq9_1"] == rich_intake.phq9_1
    assert len(intake["trials"]) == rich_intake.trials.count() >= 1
    assert "SECRET-SIDE nausea" in [t["side_effects"] for t in intake["trials"]]
    assert "SECRET-SAFETY pacemaker" in [a["details"] for a in intake["safety_answers"]]
    assert [c["to_status"] for c in intake["status_history"]] == ["submitted"]
    event = AccessEvent.objects.get(action=AccessEvent.Action.EXPORT)
    assert event.user_email == "alice@example.com"


def test_fhir_download_is_a_bundle_of_the_patients_intake_and_audited(client, rich_intake):
    response = client.get(reverse("my_data_fhir", args=[rich_intake.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    bundle = json.loads(response.content)
    assert bundle["resourceType"] == "Bundle"
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert {"Patient", "QuestionnaireResponse", "MedicationStatement"} <= kinds
    event = AccessEvent.objects.get(action=AccessEvent.Action.EXPORT)
    assert event.intake_id == rich_intake.pk


def test_another_patient_gets_nothing_of_alices(client, rich_intake, other_patient):
    client.force_login(other_patient)
    data = json.loads(client.get(reverse("my_data_json")).content)
    assert data["account"]["email"] == "bob@example.com"
    assert data["intakes"] == []
    text = json.dumps(data)
    assert "Alice" not in text
    assert "SECRET" not in text
    assert client.get(reverse("my_data_fhir", args=[rich_intake.pk])).status_code == 404
    assert not AccessEvent.objects.filter(intake_id=rich_intake.pk).exists()


def test_staff_and_visitors_cannot_use_the_patient_pages(client, reviewer):
    for name in ("my_data", "my_data_json", "my_data_delete"):
        assert client.get(reverse(name)).status_code == 302
    client.force_login(reviewer)
    for name in ("my_data", "my_data_json", "my_data_delete"):
        assert client.get(reverse(name)).status_code == 403


# --- Asking for deletion -------------------------------------------------------------------------


def test_deletion_needs_the_confirmation_box(client, patient):
    client.force_login(patient)
    response = client.post(reverse("my_data_delete"), {})
    assert response.status_code == 400
    assert "tick the box" in response.content.decode()
    assert not DeletionRequest.objects.exists()


def test_asking_for_deletion_records_one_pending_request_the_patient_sees(client, patient):
    client.force_login(patient)
    response = client.post(reverse("my_data_delete"), {"confirm": "yes"}, follow=True)
    assert "Your request is pending" in response.content.decode()
    client.post(reverse("my_data_delete"), {"confirm": "yes"})
    request = DeletionRequest.objects.get()
    assert request.patient == patient
    assert request.state == DeletionRequest.State.PENDING
    assert AccessEvent.objects.filter(action=AccessEvent.Action.ASK_DELETE).count() == 1


# --- Carrying it out -----------------------------------------------------------------------------


def test_reviewer_deletes_an_unreviewed_account_and_its_data(
    client, rich_intake, reviewer, mailoutbox
):
    client.get(reverse("my_data_json"))  # an export event naming her
    deletion_request, _ = rights.request_deletion(patient=rich_intake.patient)
    mailoutbox.clear()
    response = _carry_out(client, reviewer, deletion_request)
    assert "Carried out 1 deletion request" in response.content.decode()
    assert not get_user_model().objects.filter(email="alice@example.com").exists()
    assert not Intake.objects.exists()
    deletion_request.refresh_from_db()
    assert deletion_request.state == DeletionRequest.State.DONE
    assert deletion_request.result == DeletionRequest.Result.DELETED
    assert AccessEvent.objects.filter(action=AccessEvent.Action.DELETE, user=reviewer).exists()
    [mail] = mailoutbox
    assert mail.to == ["alice@example.com"]
    everything = _everything()
    for secret in SECRETS:
        assert secret not in everything, secret


def test_a_reviewed_intake_is_kept_without_identity(client, rich_intake, reviewer, mailoutbox):
    start_review(intake=rich_intake, by=reviewer)
    request_more_info(intake=rich_intake, by=reviewer, message="Alice, call us")
    numbers = (rich_intake.phq9_1, rich_intake.phq9_9, rich_intake.phq9_total)
    trials = list(rich_intake.trials.values_list("medication", "daily_dose_mg", "weeks"))
    deletion_request, _ = rights.request_deletion(patient=rich_intake.patient)
    mailoutbox.clear()
    _carry_out(client, reviewer, deletion_request)

    kept = Intake.objects.get(pk=rich_intake.pk)
    assert kept.status == Status.NEEDS_INFO
    assert (kept.phq9_1, kept.phq9_9, kept.phq9_total) == numbers
    assert list(kept.trials.values_list("medication", "daily_dose_mg", "weeks")) == trials
    assert kept.legal_name == kept.phone == kept.signed_name == kept.hospital_details == ""
    assert kept.staff_message == rights.REMOVED
    assert kept.date_of_birth is None
    assert [c.to_status for c in kept.status_changes.all()] == [
        Status.SUBMITTED,
        Status.IN_REVIEW,
        Status.NEEDS_INFO,
    ]
    owner = kept.patient
    assert not owner.is_active
    assert not owner.has_usable_password()
    assert owner.full_name == ""
    assert owner.email.endswith("@deleted.invalid")
    deletion_request.refresh_from_db()
    assert deletion_request.result == DeletionRequest.Result.ANONYMISED
    assert deletion_request.kept_intakes == 1
    assert "kept its medical part" in mailoutbox[0].body
    everything = _everything()
    for secret in SECRETS:
        assert secret not in everything, secret
    from django.contrib.auth.backends import ModelBackend

    assert ModelBackend().authenticate(None, username="alice@example.com", password="x") is None


def test_a_failure_half_way_changes_nothing(client, rich_intake, reviewer, monkeypatch, mailoutbox):
    start_review(intake=rich_intake, by=reviewer)
    deletion_request, _ = rights.request_deletion(patient=rich_intake.patient)
    logged = LogEntry.objects.count()
    real = rights._anonymise_intake

    def anonymise_then_fail(intake):
        real(intake)
        raise RuntimeError("disk full")

    monkeypatch.setattr(rights, "_anonymise_intake", anonymise_then_fail)
    mailoutbox.clear()
    with pytest.raises(RuntimeError):
        rights.carry_out_deletion(deletion_request=deletion_request, by=reviewer)
    rich_intake.refresh_from_db()
    assert rich_intake.legal_name == "Alice Example"
    assert rich_intake.hospital_details == "SECRET-HOSPITAL stay"
    assert get_user_model().objects.filter(email="alice@example.com").exists()
    deletion_request.refresh_from_db()
    assert deletion_request.state == DeletionRequest.State.PENDING
    assert LogEntry.objects.count() == logged
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.DELETE).exists()
    assert mailoutbox == []


def test_a_request_is_carried_out_once(rich_intake, reviewer):
    deletion_request, _ = rights.request_deletion(patient=rich_intake.patient)
    rights.carry_out_deletion(deletion_request=deletion_request, by=reviewer)
    with pytest.raises(rights.DeletionError):
        rights.carry_out_deletion(deletion_request=deletion_request, by=reviewer)


def test_reviewers_see_pending_requests_and_editors_do_not(client, patient, reviewer, editor):
    rights.request_deletion(patient=patient)
    url = reverse("admin:intake_deletionrequest_changelist")
    client.force_login(reviewer)
    assert "Waiting for the clinic" in client.get(url).content.decode()
    client.force_login(editor)
    assert client.get(url).status_code == 403
