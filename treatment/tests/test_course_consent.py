"""A course starts only after the patient signed the clinic's current TMS consent
(docs/consent.md): the first session is refused without it, the log page says so before staff
fill it in, and a course cannot be set active by hand."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from intake.tests.factories import submitted_intake
from portal.policies import Kind, current_text, publish, record_agreement
from treatment.models import Course
from treatment.services.sessions import SessionError, log_session
from treatment.tests.factories import course_of
from treatment.tests.test_admin_courses import course_form, existing

pytestmark = pytest.mark.django_db


def planned(patient):
    start = timezone.localdate() - timedelta(days=2)
    return course_of(submitted_intake(patient=patient), status="planned", start=start, sessions=0)


def first(course, by):
    return log_session(course=course, by=by, number=1, date=timezone.localdate(), pulses=3000)


def sign(patient):
    record_agreement(user=patient, text=current_text(Kind.TMS_CONSENT), typed_name="Pat")


def test_the_first_session_is_refused_until_the_consent_is_signed(patient, reviewer):
    course = planned(patient)
    with pytest.raises(SessionError, match="has not signed the TMS consent"):
        first(course, reviewer)
    course.refresh_from_db()
    assert (course.status, course.sessions.count()) == (Course.Status.PLANNED, 0)
    sign(patient)
    first(course, reviewer)
    course.refresh_from_db()
    assert (course.status, course.sessions.count()) == (Course.Status.ACTIVE, 1)


def test_a_consent_signed_before_a_new_version_must_be_signed_again(patient, reviewer):
    course = planned(patient)
    sign(patient)
    publish(kind=Kind.TMS_CONSENT, title="TMS consent", text="A new version.")
    with pytest.raises(SessionError, match=r"TMS consent \(version 2\)"):
        first(course, reviewer)


def test_the_log_page_says_the_consent_is_missing_and_refuses_the_post(reviewer_client, patient):
    course = planned(patient)
    url = reverse("admin:treatment_course_log_session", args=[course.pk])
    assert "No TMS consent yet." in reviewer_client.get(url).content.decode()
    data = {"number": 1, "date": timezone.localdate().isoformat(), "pulses": "3000"}
    response = reviewer_client.post(url, data)
    assert response.status_code == 400
    assert "has not signed the TMS consent" in response.content.decode()
    assert course.sessions.count() == 0
    sign(patient)
    assert "No TMS consent yet." not in reviewer_client.get(url).content.decode()
    assert reviewer_client.post(url, data).status_code == 302


def test_a_course_cannot_be_set_active_by_hand_without_the_consent(reviewer_client, patient):
    course = planned(patient)
    url = reverse("admin:treatment_course_change", args=[course.pk])
    data = {**course_form(course, [existing(course)]), "status": "active"}
    response = reviewer_client.post(url, data)
    assert "has not signed the TMS consent" in response.content.decode()
    course.refresh_from_db()
    assert course.status == Course.Status.PLANNED
    sign(patient)
    assert reviewer_client.post(url, data).status_code == 302
    course.refresh_from_db()
    assert course.status == Course.Status.ACTIVE
