"""Hostile input to the course's forms: the staff's course, extension, clinic score, protocol,
outcome definition and log-session forms, and the patient's check-in. Never a 500, and a
refused form leaves every course row as it was (the strategies and helpers of
portal/tests/test_hostile_input*.py). Run on PostgreSQL too, where a NUL byte fails."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from intake.roles import CLINICAL_REVIEWERS
from intake.tests.factories import submitted_intake
from portal.tests.factories import UserFactory
from portal.tests.test_hostile_input import fuzz, mutated, signed_in
from portal.tests.test_hostile_input_admin import form_data, post_and_check, staff_client
from treatment.models import Course, OutcomeDefinition, Protocol
from treatment.tests.factories import course_of

pytestmark = pytest.mark.django_db

COURSE_ROWS = (
    "treatment.Course",
    "treatment.Authorization",
    "treatment.AuthorizationExtension",
    "treatment.TreatmentSession",
    "treatment.CheckIn",
    "treatment.CheckInLink",
    "treatment.Protocol",
    "treatment.OutcomeDefinition",
    "intake.UrgentAlert",
)


def _course():
    """One active course (kept between examples: the database is not rolled back)."""
    course = Course.objects.order_by("pk").first()
    if course is None:
        patient = UserFactory(email="hostile.course@example.com")
        start = timezone.localdate() - timedelta(days=10)
        course = course_of(submitted_intake(patient=patient), start=start, extension=4)
    return course


def _form_page(name, course):
    extension = course.authorizations.first().extensions.first()
    return {
        "course": (reverse("admin:treatment_course_change", args=[course.pk]), "course_form"),
        "course_add": (reverse("admin:treatment_course_add"), "course_form"),
        "log_session": (
            reverse("admin:treatment_course_log_session", args=[course.pk]),
            "log-session-form",
        ),
        "check_in_add": (reverse("admin:treatment_checkin_add"), "checkin_form"),
        "extension": (
            reverse("admin:treatment_authorizationextension_change", args=[extension.pk]),
            "authorizationextension_form",
        ),
        "protocol": (
            reverse("admin:treatment_protocol_change", args=[Protocol.objects.first().pk]),
            "protocol_form",
        ),
        "outcomes": (
            reverse(
                "admin:treatment_outcomedefinition_change",
                args=[OutcomeDefinition.current().pk],
            ),
            "outcomedefinition_form",
        ),
    }[name]


PAGES = ["course", "course_add", "log_session", "check_in_add", "extension", "protocol", "outcomes"]


@fuzz
@given(data=st.data(), form=st.sampled_from(PAGES))
def test_the_course_forms_answer_any_input(data, form):
    client = staff_client(CLINICAL_REVIEWERS)
    url, form_id = _form_page(form, _course())
    valid = form_data(client, url, form_id)
    post_and_check(client, url, data.draw(mutated(valid)), COURSE_ROWS)


# Not named "page": that is Playwright's fixture, and the root conftest makes any test using it
# a browser test.
@pytest.mark.parametrize("form", PAGES)
def test_each_form_as_its_page_shows_it_can_be_sent(form):
    """The valid data the fuzzing starts from is read from a page that works."""
    client = staff_client(CLINICAL_REVIEWERS)
    url, form_id = _form_page(form, _course())
    response = client.post(url, form_data(client, url, form_id))
    assert response.status_code in (200, 302, 400)
    assert response.status_code != 500


@fuzz
@given(data=st.data())
def test_the_patient_s_check_in_answers_any_input(data):
    course = _course()
    client = signed_in(course.patient)
    url = reverse("treatment:check_in")
    valid = {f"phq9_{n}": "0" for n in range(1, 10)} | {"phq9_difficulty": "0"}
    post_and_check(client, url, data.draw(mutated(valid)), COURSE_ROWS)
