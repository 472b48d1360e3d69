"""Logging a session: the service's rules and the one-screen log page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from intake.models import AccessEvent
from intake.tests.factories import submitted_intake
from portal.policies import Kind, current_text, record_agreement
from treatment.models import Course, CptCode, TreatmentSession
from treatment.services.sessions import (
    ReasonNeeded,
    SessionError,
    cpt_code_for,
    log_session,
    next_session,
)
from treatment.tests.factories import course_of

pytestmark = pytest.mark.django_db


def today():
    """Read at each use: a constant read when the tests are collected goes stale when a run
    crosses the clinic's midnight."""
    return timezone.localdate()


def start():
    return today() - timedelta(days=14)


@pytest.fixture
def course(patient):
    return course_of(submitted_intake(patient=patient), start=start(), sessions=3)


def log(course, by, **fields):
    values = {"number": 4, "date": today(), "motor_threshold": 55, "pulses": 3000}
    return log_session(course=course, by=by, **{**values, **fields})


# --- the service -------------------------------------------------------------------------------


def test_it_logs_the_next_session_with_its_code(course, reviewer):
    session = log(course, reviewer, target="Left DLPFC")
    session.refresh_from_db()
    assert (session.number, session.cpt_code, session.recorded_by) == (4, "90868", reviewer)
    assert session.beyond_authorization_reason == ""


@pytest.mark.parametrize(
    ("number", "again", "code"),
    [(1, False, "90867"), (1, True, "90867"), (2, False, "90868"), (9, True, "90869")],
)
def test_the_cpt_code_rule(number, again, code):
    assert cpt_code_for(number, threshold_measured_again=again) == code


def test_a_threshold_measured_again_is_90869(course, reviewer):
    assert log(course, reviewer, threshold_measured_again=True).cpt_code == CptCode.REDETERMINATION


def test_the_first_session_moves_a_planned_course_to_active(patient, reviewer):
    course = course_of(
        submitted_intake(patient=patient), status="planned", start=start(), sessions=0
    )
    record_agreement(user=patient, text=current_text(Kind.TMS_CONSENT), typed_name="Pat")
    session = log(course, reviewer, number=1)
    course.refresh_from_db()
    assert course.status == Course.Status.ACTIVE
    assert session.cpt_code == CptCode.INITIAL


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"date": today() + timedelta(days=1)}, "in the future"),
        ({"date": start() - timedelta(days=1)}, "before the course started"),
        ({"number": 3}, "Session 3 is already logged"),
        ({"number": 6}, "The next session of this course is session 4"),
    ],
)
def test_bad_input_writes_nothing(course, reviewer, fields, message):
    with pytest.raises(SessionError, match=message):
        log(course, reviewer, **fields)
    assert course.sessions.count() == 3


def test_a_closed_course_takes_no_session(course, reviewer):
    Course.objects.filter(pk=course.pk).update(status="completed")
    with pytest.raises(SessionError, match="completed"):
        log(course, reviewer)


def test_beyond_the_authorization_needs_a_reason(patient, reviewer):
    course = course_of(submitted_intake(patient=patient), start=start(), approved=3, sessions=3)
    assert next_session(course, day=today()).beyond_authorization
    with pytest.raises(ReasonNeeded):
        log(course, reviewer)
    assert course.sessions.count() == 3
    session = log(course, reviewer, beyond_authorization_reason="Payer approved by phone")
    assert session.beyond_authorization_reason == "Payer approved by phone"


def test_beyond_the_plan_needs_a_reason(patient, reviewer):
    course = course_of(submitted_intake(patient=patient), start=start(), planned=3, sessions=3)
    upcoming = next_session(course, day=today())
    assert (upcoming.beyond_plan, upcoming.beyond_authorization) == (True, False)
    with pytest.raises(ReasonNeeded):
        log(course, reviewer)


def test_a_reason_is_not_kept_when_none_is_needed(course, reviewer):
    assert log(course, reviewer, beyond_authorization_reason="x").beyond_authorization_reason == ""


# --- the log screen ----------------------------------------------------------------------------


def url(course):
    return reverse("admin:treatment_course_log_session", args=[course.pk])


def form_data(**fields):
    return {
        "number": 4,
        "date": today().isoformat(),
        "motor_threshold": "56",
        "intensity_pct_mt": "120",
        "pulses": "3000",
        "target": "Left DLPFC",
        **fields,
    }


def test_the_screen_is_prefilled_and_says_n_of_n(reviewer_client, course):
    TreatmentSession.objects.filter(course=course, number=3).update(motor_threshold=58)
    response = reviewer_client.get(url(course))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Log session 4 of 36" in page
    assert 'value="58"' in page  # the last session's motor threshold
    assert 'value="Left DLPFC"' in page
    assert f'value="{today().isoformat()}"' in page
    assert "beyond_authorization_reason" not in page  # no reason asked for a usual session


def test_opening_it_records_an_access_event(reviewer_client, reviewer, course):
    reviewer_client.get(url(course))
    event = AccessEvent.objects.get(user=reviewer)
    assert (event.intake_id, event.action, event.detail) == (
        course.intake_id,
        AccessEvent.Action.VIEW,
        "TMS session log",
    )


def test_posting_logs_and_goes_back_to_the_course(reviewer_client, course):
    response = reviewer_client.post(url(course), form_data(side_effects="Mild headache"))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:treatment_course_change", args=[course.pk])
    session = course.sessions.get(number=4)
    assert (session.motor_threshold, session.side_effects) == (56, "Mild headache")
    page = reviewer_client.get(response["Location"]).content.decode()
    assert "Session 4 is logged." in page


def test_a_future_date_is_a_plain_message_and_nothing_is_written(reviewer_client, course):
    tomorrow = (today() + timedelta(days=1)).isoformat()
    response = reviewer_client.post(url(course), form_data(date=tomorrow))
    assert response.status_code == 400
    page = response.content.decode()
    assert "The session was not logged." in page
    assert "The date is in the future" in page
    assert 'href="#id_date"' in page  # the summary links to the field
    assert course.sessions.count() == 3


def test_a_duplicate_number_says_so_and_offers_the_next(reviewer_client, reviewer, course):
    log(course, reviewer)  # a colleague logged session 4 meanwhile
    response = reviewer_client.post(url(course), form_data(number=4))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Session 4 is already logged" in page
    assert "Log session 5 of 36" in page
    assert course.sessions.count() == 4


def test_beyond_the_authorization_shows_a_warning_and_asks_why(reviewer_client, patient):
    course = course_of(submitted_intake(patient=patient), start=start(), approved=3, sessions=3)
    page = reviewer_client.get(url(course)).content.decode()
    assert "Warning: no authorized session is left for this date" in page
    assert "beyond_authorization_reason" in page
    response = reviewer_client.post(url(course), form_data())
    assert response.status_code == 400
    assert "write why it takes place" in response.content.decode()
    assert course.sessions.count() == 3
    response = reviewer_client.post(
        url(course), form_data(beyond_authorization_reason="Extension requested")
    )
    assert response.status_code == 302
    assert course.sessions.get(number=4).beyond_authorization_reason == "Extension requested"


def test_out_of_range_numbers_are_refused(reviewer_client, course):
    response = reviewer_client.post(url(course), form_data(intensity_pct_mt="500"))
    assert response.status_code == 400
    assert course.sessions.count() == 3


def test_an_editor_gets_403_and_a_patient_the_sign_in(client, editor, patient, course):
    client.force_login(editor)
    assert client.get(url(course)).status_code == 403
    assert client.post(url(course), form_data()).status_code == 403
    client.force_login(patient)
    assert client.get(url(course))["Location"].startswith("/admin/login/")
    assert course.sessions.count() == 3


def test_a_missing_course_is_404(reviewer_client):
    assert reviewer_client.get("/admin/treatment/course/999/log-session/").status_code == 404
    assert reviewer_client.get("/admin/treatment/course/x/log-session/").status_code == 404


# --- two staff at once ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_staff_logging_at_once_never_get_the_same_number(patient, reviewer, superuser):
    """On PostgreSQL the course row is locked: the second waits, then is told session 4 is
    logged (a plain message, not a database error). SQLite writes one at a time anyway."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's")
    course = course_of(submitted_intake(patient=patient), start=start(), sessions=3)
    barrier = Barrier(2)

    def one(user):
        try:
            barrier.wait()
            log(course, user)
            return "logged"
        except SessionError as error:
            return str(error)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(2) as pool:
        results = sorted(pool.map(one, [reviewer, superuser]))
    assert results[1] == "logged"
    assert results[0].startswith("Session 4 is already logged")
    assert course.sessions.count() == 4


def test_a_correction_keeps_the_date_rules(reviewer_client, course):
    session = course.sessions.get(number=2)
    url = reverse("admin:treatment_treatmentsession_change", args=[session.pk])
    data = {"cpt_code": "90868", "date": (today() + timedelta(days=3)).isoformat()}
    assert "The date is in the future." in reviewer_client.post(url, data).content.decode()
    data["date"] = (start() - timedelta(days=1)).isoformat()
    assert "before the course started" in reviewer_client.post(url, data).content.decode()
    assert TreatmentSession.objects.get(pk=session.pk).date == session.date  # nothing saved
    data["date"], data["side_effects"] = today().isoformat(), "Tiredness"
    assert reviewer_client.post(url, data).status_code == 302
    session.refresh_from_db()
    assert (session.date, session.side_effects) == (today(), "Tiredness")
