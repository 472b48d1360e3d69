"""The course in the admin: the list with its counter and warnings, the course page (chart,
counter, sessions, an access event) and the authorization's validation."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from intake.models import AccessEvent
from intake.tests.factories import submitted_intake
from portal.tests.factories import PatientFactory
from treatment.models import Authorization, AuthorizationExtension, Course
from treatment.templatetags.course_chart import course_trajectory
from treatment.tests.factories import course_of
from treatment.trajectory import staff_sentence

pytestmark = pytest.mark.django_db


def today():
    """Read at each use: a constant read when the tests are collected goes stale when a run
    crosses the clinic's midnight."""
    return timezone.localdate()


def start():
    return today() - timedelta(days=20)


LIST = reverse("admin:treatment_course_changelist")


@pytest.fixture
def course(patient):
    return course_of(
        submitted_intake(patient=patient, legal_name="Alice Q. Example"), start=start(), sessions=3
    )


@pytest.fixture
def low(other_patient):
    """A course with 5 of 30 authorized sessions left."""
    intake = submitted_intake(patient=other_patient, legal_name="Bob Low")
    return course_of(intake, start=start(), sessions=25)


def change_url(course):
    return reverse("admin:treatment_course_change", args=[course.pk])


# --- the list ------------------------------------------------------------------------------------


def test_the_list_shows_the_counter_and_a_warning_in_words(reviewer_client, course, low):
    page = reviewer_client.get(LIST).content.decode()
    assert "Alice Q. Example" in page
    assert "alice@example.com" in page
    assert "3 of 36" in page  # sessions n of N
    assert "3 / 30, 27 left" in page
    assert "25 / 30, 5 left" in page
    assert "⚠ Running low: 5 left" in page
    assert page.count("⚠ Running low") == 1
    assert reverse("admin:treatment_course_log_session", args=[course.pk]) in page


def test_the_running_low_filter(reviewer_client, course, low):
    page = reviewer_client.get(LIST, {"authorization": "running_low"}).content.decode()
    assert "Bob Low" in page
    assert "Alice Q. Example" not in page


def test_the_status_filter_and_search(reviewer_client, course, low):
    Course.objects.filter(pk=low.pk).update(status="completed")
    page = reviewer_client.get(LIST, {"status__exact": "active"}).content.decode()
    assert "Alice Q. Example" in page
    assert "Bob Low" not in page
    page = reviewer_client.get(LIST, {"q": "bob@example"}).content.decode()
    assert "Bob Low" in page
    assert "Alice Q. Example" not in page
    page = reviewer_client.get(LIST, {"q": "Alice Example"}).content.decode()
    assert "Alice Q. Example" in page


def test_a_course_without_authorization_says_so(reviewer_client, course):
    Authorization.objects.filter(course=course).delete()
    page = reviewer_client.get(LIST).content.decode()
    assert "⚠ No authorization on file" in page


def test_an_ended_authorization_says_ended(reviewer_client, course):
    Authorization.objects.filter(course=course).update(valid_to=today() - timedelta(days=2))
    page = reviewer_client.get(LIST).content.decode()
    assert "Ended " in page
    assert "⚠ No authorized session left" in page


def test_the_lists_queries_do_not_grow_with_the_rows(
    reviewer_client, course, django_assert_max_num_queries
):
    reviewer_client.get(LIST)  # the session and permission caches warm
    with django_assert_max_num_queries(100) as one_row:
        reviewer_client.get(LIST)
    for n in range(8):
        intake = submitted_intake(patient=PatientFactory(email=f"p{n}@example.com"))
        course_of(intake, start=start(), sessions=5, extension=4)
    with django_assert_max_num_queries(len(one_row.captured_queries)):
        response = reviewer_client.get(LIST)
    assert response.content.decode().count("of 36") == 9


# --- the course page -----------------------------------------------------------------------------


def test_the_page_shows_chart_counter_and_sessions(reviewer_client, course):
    page = reviewer_client.get(change_url(course)).content.decode()
    assert "PHQ-9 over the course" in page
    expected = staff_sentence(course_trajectory(course))
    assert expected.startswith("The PHQ-9 went from 19 to 15")
    assert escape(expected) in page  # the chart's plain-words line, about the patient
    assert "Your score" not in page
    assert "Approved</dt><dd>30" in page
    assert "Remaining</dt><dd>27" in page
    assert "Sessions: 3 of 36" in page
    assert "90867" in page
    assert "Left DLPFC" in page
    assert "Log a session" in page


def test_the_page_warns_in_words(reviewer_client, low):
    page = reviewer_client.get(change_url(low)).content.decode()
    assert "⚠ Warning: Running low: 5 left." in page


def test_opening_the_page_records_an_access_event(reviewer_client, reviewer, course):
    reviewer_client.get(change_url(course))
    event = AccessEvent.objects.get(user=reviewer)
    assert (event.intake_id, event.action, event.detail) == (
        course.intake_id,
        AccessEvent.Action.VIEW,
        "TMS course",
    )


def test_opening_the_list_records_an_access_event(reviewer_client, reviewer, course):
    page = reviewer_client.get(LIST).content.decode()
    assert course.patient.email in page  # the list shows who is treated
    event = AccessEvent.objects.get(user=reviewer)
    assert (event.action, event.detail) == (AccessEvent.Action.VIEW, "TMS course list")


def test_the_page_lists_extensions_with_an_add_link(reviewer_client, patient):
    course = course_of(submitted_intake(patient=patient), start=start(), extension=6)
    page = reviewer_client.get(change_url(course)).content.decode()
    assert "Extension PA-1001-X: 6 sessions" in page
    authorization = Authorization.objects.get(course=course)
    add = reverse("admin:treatment_authorizationextension_add")
    assert f"{add}?authorization={authorization.pk}" in page


@pytest.mark.parametrize(
    ("role", "status"), [("reviewer", 200), ("superuser", 200), ("editor", 403)]
)
def test_who_may_open_the_page(client, request, course, role, status):
    client.force_login(request.getfixturevalue(role))
    assert client.get(change_url(course)).status_code == status
    assert client.get(LIST).status_code == status


def test_a_patient_gets_the_admin_sign_in(client, patient, course):
    client.force_login(patient)
    assert client.get(change_url(course))["Location"].startswith("/admin/login/")
    assert not AccessEvent.objects.exists()


# --- the authorization's validation --------------------------------------------------------------


def course_form(course, authorizations):
    data = {
        "patient": course.patient_id,
        "intake": course.intake_id,
        "protocol": course.protocol_id,
        "planned_sessions": course.planned_sessions,
        "start_date": course.start_date.isoformat(),
        "status": course.status,
        "stopped_reason": "",
        "ended_on": "",
        "clinician": "",
        "authorizations-TOTAL_FORMS": len(authorizations),
        "authorizations-INITIAL_FORMS": sum(1 for a in authorizations if "id" in a),
        "authorizations-MIN_NUM_FORMS": 0,
        "authorizations-MAX_NUM_FORMS": 1000,
    }
    for i, values in enumerate(authorizations):
        for key, value in values.items():
            data[f"authorizations-{i}-{key}"] = value
        data[f"authorizations-{i}-course"] = course.pk
    return data


def grant(number, start, end, **more):
    return {
        "payer": "Sample Health",
        "number": number,
        "approved_sessions": 30,
        "valid_from": start.isoformat(),
        "valid_to": end.isoformat(),
        **more,
    }


def existing(course):
    auth = Authorization.objects.get(course=course)
    return grant("PA-1001", auth.valid_from, auth.valid_to, id=auth.pk)


@pytest.mark.parametrize(
    ("new", "message"),
    [
        (
            grant("PA-2", start() + timedelta(days=90), start() + timedelta(days=80)),
            "ends before it starts",
        ),
        (
            grant("PA-2", start() - timedelta(days=3), start() + timedelta(days=3)),
            "starts before the course",
        ),
        (
            grant("PA-2", start() + timedelta(days=50), start() + timedelta(days=90)),
            "Two authorizations overlap",
        ),
    ],
)
def test_bad_authorization_dates_are_refused(reviewer_client, course, new, message):
    response = reviewer_client.post(
        change_url(course), course_form(course, [existing(course), new])
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Authorization.objects.filter(course=course).count() == 1


def test_a_following_authorization_is_saved(reviewer_client, course):
    new = grant("PA-2", start() + timedelta(days=61), start() + timedelta(days=120))
    response = reviewer_client.post(
        change_url(course), course_form(course, [existing(course), new])
    )
    assert response.status_code == 302
    assert Authorization.objects.filter(course=course).count() == 2


def test_an_extension_before_the_course_is_refused(reviewer_client, course):
    authorization = Authorization.objects.get(course=course)
    data = {
        "authorization": authorization.pk,
        "number": "X-1",
        "sessions": 6,
        "valid_from": (start() - timedelta(days=1)).isoformat(),
        "valid_to": (start() + timedelta(days=30)).isoformat(),
    }
    url = reverse("admin:treatment_authorizationextension_add")
    response = reviewer_client.post(url, data)
    assert "The extension starts before the course" in response.content.decode()
    data["valid_from"], data["valid_to"] = data["valid_to"], data["valid_from"]
    response = reviewer_client.post(url, data)
    assert "The extension ends before it starts" in response.content.decode()
    assert not AuthorizationExtension.objects.exists()
    data["valid_from"] = (start() + timedelta(days=61)).isoformat()
    data["valid_to"] = (start() + timedelta(days=90)).isoformat()
    assert reviewer_client.post(url, data).status_code == 302
    assert AuthorizationExtension.objects.get().sessions == 6


def test_a_stopped_course_needs_its_reason_and_the_patients_own_intake(
    reviewer_client, course, other_patient
):
    data = course_form(course, [existing(course)])
    response = reviewer_client.post(change_url(course), {**data, "status": "stopped"})
    assert "Write why the course stopped early." in response.content.decode()
    other_intake = submitted_intake(patient=other_patient)
    response = reviewer_client.post(change_url(course), {**data, "intake": other_intake.pk})
    assert "This intake is another patient" in response.content.decode()
    own_intake = course.intake_id
    course.refresh_from_db()
    assert (course.status, course.intake_id) == ("active", own_intake)
    response = reviewer_client.post(
        change_url(course), {**data, "status": "stopped", "stopped_reason": "Moved away"}
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.stopped_reason == "Moved away"
