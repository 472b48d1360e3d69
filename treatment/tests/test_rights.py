"""The course in the patient's data rights: the patient's copy holds their courses with the
authorizations, sessions and check-ins; a deletion removes them and their change-log rows."""

import json

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from intake.models import AccessEvent, Intake, Status
from intake.services import rights
from intake.tests.factories import submitted_intake
from treatment.models import (
    Authorization,
    AuthorizationExtension,
    CheckIn,
    Course,
    TreatmentSession,
)
from treatment.tests.factories import course_of

pytestmark = pytest.mark.django_db

TREATMENT_MODELS = (Course, Authorization, AuthorizationExtension, TreatmentSession, CheckIn)


@pytest.fixture
def alice_course(patient):
    intake = submitted_intake(patient=patient)
    return course_of(intake, sessions=4, scores=(19, 12, 8), extension=6)


def _treatment_log_entries():
    types = [ContentType.objects.get_for_model(m) for m in TREATMENT_MODELS]
    return LogEntry.objects.filter(content_type__in=types)


def test_my_data_holds_the_course_with_its_authorization_sessions_and_check_ins(
    client, patient, alice_course
):
    client.force_login(patient)
    data = json.loads(client.get(reverse("my_data_json")).content)
    (course,) = data["courses"]
    assert (course["id"], course["status"], course["planned_sessions"]) == (
        alice_course.pk,
        "active",
        36,
    )
    assert course["protocol"] == "10 Hz left DLPFC"
    (authorization,) = course["authorizations"]
    assert (authorization["payer"], authorization["approved_sessions"]) == ("Sample Health", 30)
    assert authorization["extensions"][0]["sessions"] == 6
    assert [s["number"] for s in course["sessions"]] == [1, 2, 3, 4]
    assert course["sessions"][0]["cpt_code"] == "90867"
    assert [c["total"] for c in course["check_ins"]] == [19, 12, 8]
    assert course["check_ins"][0]["taken_on"] == "2026-11-02"
    # the care team's notes and staff accounts stay with the care team
    assert "notes" not in course["sessions"][0]
    assert "recorded_by" not in course["sessions"][0]


def test_another_patients_copy_has_none_of_alices_course(client, other_patient, alice_course):
    client.force_login(other_patient)
    data = json.loads(client.get(reverse("my_data_json")).content)
    assert data["courses"] == []


def test_deletion_removes_the_course_and_its_change_log(patient, reviewer, alice_course):
    assert _treatment_log_entries().exists()  # the course's rows are in the change log
    deletion_request, _ = rights.request_deletion(patient=patient)
    rights.carry_out_deletion(deletion_request=deletion_request, by=reviewer)
    for model in TREATMENT_MODELS:
        assert not model.objects.exists(), model
    assert not _treatment_log_entries().exists()


def test_a_kept_reviewed_intake_keeps_no_course(patient, reviewer, alice_course, other_patient):
    Intake.objects.filter(pk=alice_course.intake_id).update(status=Status.IN_REVIEW)
    bob_course = course_of(submitted_intake(patient=other_patient), sessions=2)
    deletion_request, _ = rights.request_deletion(patient=patient)
    rights.carry_out_deletion(deletion_request=deletion_request, by=reviewer)
    assert Intake.objects.filter(pk=alice_course.intake_id).exists()  # kept, anonymised
    assert list(Course.objects.all()) == [bob_course]
    assert TreatmentSession.objects.filter(course=bob_course).count() == 2
    course_type = ContentType.objects.get_for_model(Course)
    assert not LogEntry.objects.filter(
        content_type=course_type, object_pk=str(alice_course.pk)
    ).exists()
    assert LogEntry.objects.filter(content_type=course_type, object_pk=str(bob_course.pk)).exists()


def test_deletion_removes_the_change_log_of_course_rows_deleted_earlier(
    patient, reviewer, alice_course, other_patient
):
    # Staff deleted a session with its side effects, and a whole authorization, weeks ago: the
    # change log still holds their text, naming the course (or the deleted authorization).
    session = alice_course.sessions.order_by("number").first()
    TreatmentSession.objects.filter(pk=session.pk).update(side_effects="GONE-SIDE-EFFECT")
    session.refresh_from_db()
    session.delete()
    authorization = alice_course.authorizations.get()
    authorization.delete()  # its extension goes with it
    bob_course = course_of(submitted_intake(patient=other_patient), sessions=2)
    assert _treatment_log_entries().filter(changes__icontains="GONE-SIDE-EFFECT").exists()

    deletion_request, _ = rights.request_deletion(patient=patient)
    rights.carry_out_deletion(deletion_request=deletion_request, by=reviewer)

    left = _treatment_log_entries()
    assert not left.filter(changes__icontains="GONE-SIDE-EFFECT").exists()
    assert not left.filter(
        content_type=ContentType.objects.get_for_model(Authorization),
        object_pk=str(authorization.pk),
    ).exists()
    # Bob's course has no extension: none is left in the change log.
    assert not left.filter(
        content_type=ContentType.objects.get_for_model(AuthorizationExtension)
    ).exists()
    # Bob's course keeps its trail.
    assert left.filter(
        content_type=ContentType.objects.get_for_model(Course), object_pk=str(bob_course.pk)
    ).exists()
    assert (
        left.filter(content_type=ContentType.objects.get_for_model(TreatmentSession)).count() >= 2
    )


@pytest.mark.parametrize("model", [CheckIn, TreatmentSession, Authorization, Course])
def test_opening_an_audit_entry_about_a_course_records_an_access_event(
    client, reviewer, alice_course, model
):
    # A check-in's entry shows the PHQ-9 answers, a session's its side effects.
    row = model.objects.order_by("pk").first()
    entry = LogEntry.objects.get_for_object(row).first()
    client.force_login(reviewer)
    response = client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk]))
    assert response.status_code == 200
    event = AccessEvent.objects.filter(user=reviewer, action=AccessEvent.Action.VIEW).get()
    assert event.intake_id == alice_course.intake_id
    assert f"Audit log entry {entry.pk}" in event.detail


@pytest.mark.parametrize("model", [CheckIn, TreatmentSession, AuthorizationExtension, Course])
def test_an_audit_entry_of_a_deleted_course_row_still_names_its_intake(
    client, reviewer, alice_course, model
):
    # The course went with everything in it: an extension's entry leads to its authorization's,
    # then to the course's, then to the intake.
    row = model.objects.order_by("pk").first()
    alice_course.delete()
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(model),
        object_pk=str(row.pk),
        action=LogEntry.Action.DELETE,
    )
    client.force_login(reviewer)
    assert client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk])).status_code == 200
    event = AccessEvent.objects.filter(user=reviewer, action=AccessEvent.Action.VIEW).get()
    assert event.intake_id == alice_course.intake_id


def test_every_model_in_the_change_log_is_known_to_the_audit_log_page():
    from auditlog.registry import auditlog

    from intake.admin.records import INTAKE_PARTS, PARENT_FIELD
    from intake.models import AlertDelivery

    known = {Intake, AlertDelivery, *INTAKE_PARTS}
    labels = {m._meta.label_lower for m in auditlog.get_models() if m not in known}
    assert labels == set(PARENT_FIELD)
