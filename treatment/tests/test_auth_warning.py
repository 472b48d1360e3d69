"""The warning mail to the course's reviewer when the authorization runs low or ends soon, the
daily task, and the reviewer's home list "Authorizations running out"."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from intake.tests.factories import submitted_intake
from portal.tests.factories import staff_user
from treatment.models import Authorization, AuthorizationExtension
from treatment.services.courses import send_due_warnings, warn_all
from treatment.services.sessions import log_session
from treatment.tasks import authorization_warnings_task
from treatment.tests.factories import course_of

pytestmark = pytest.mark.django_db


def today():
    """Read at each use: a constant read when the tests are collected goes stale when a run
    crosses the clinic's midnight."""
    return timezone.localdate()


def start():
    return today() - timedelta(days=20)


@pytest.fixture
def intake(patient):
    return submitted_intake(patient=patient, legal_name="Alice Q. Example")


def low_course(intake, **fields):
    """25 of 30 used: 5 remain, the default AUTH_WARN_SESSIONS."""
    return course_of(intake, start=start(), approved=30, sessions=25, scores=(21, 17), **fields)


def assert_no_patient_data(message, intake):
    text = message.subject + message.body
    for private in ("Alice", "Example", intake.patient.email, "21", "17", "PA-1001", "Sample"):
        assert private not in text


def test_running_low_mails_the_courses_clinician(
    intake, reviewer, settings, django_capture_on_commit_callbacks
):
    clinician = staff_user("carl@clinic.example", full_name="Carl Clinician")
    course = low_course(intake, clinician=clinician)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_warnings(course=course, today=today()) == ["low"]
    (message,) = mail.outbox
    assert message.to == ["carl@clinic.example"]
    assert message.subject == "A TMS course's authorization is running low"
    link = settings.SITE_URL + reverse("admin:treatment_course_change", args=[course.pk])
    assert link in message.body
    assert_no_patient_data(message, intake)


def test_without_a_clinician_the_reviewers_are_told(
    intake, reviewer, django_capture_on_commit_callbacks
):
    course = low_course(intake)
    with django_capture_on_commit_callbacks(execute=True):
        send_due_warnings(course=course, today=today())
    assert mail.outbox[0].to == [reviewer.email]


def test_the_intakes_assigned_reviewer_is_told(
    intake, reviewer, django_capture_on_commit_callbacks
):
    other = staff_user("oscar@clinic.example", full_name="Oscar Other")
    intake.assigned_to = other
    intake.save(update_fields=["assigned_to"])
    course = low_course(intake)
    with django_capture_on_commit_callbacks(execute=True):
        send_due_warnings(course=course, today=today())
    assert mail.outbox[0].to == ["oscar@clinic.example"]


def test_it_is_sent_once_per_authorization_and_reason(
    intake, reviewer, django_capture_on_commit_callbacks
):
    course = low_course(intake)
    with django_capture_on_commit_callbacks(execute=True):
        send_due_warnings(course=course, today=today())
        assert send_due_warnings(course=course, today=today()) == []
        assert warn_all(today=today()) == 0
    assert len(mail.outbox) == 1
    assert Authorization.objects.get(course=course).warned_low_at is not None
    # The end comes near: the other reason, once.
    ends = Authorization.objects.get(course=course).valid_to
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_warnings(course=course, today=ends - timedelta(days=3)) == ["ending"]
        assert send_due_warnings(course=course, today=ends - timedelta(days=2)) == []
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject == "A TMS course's authorization ends soon"
    assert_no_patient_data(mail.outbox[1], intake)


def test_an_extension_is_warned_about_again(intake, reviewer, django_capture_on_commit_callbacks):
    course = low_course(intake)
    with django_capture_on_commit_callbacks(execute=True):
        send_due_warnings(course=course, today=today())
    authorization = Authorization.objects.get(course=course)
    AuthorizationExtension.objects.create(
        authorization=authorization,
        sessions=2,
        valid_from=authorization.valid_to + timedelta(days=1),
        valid_to=authorization.valid_to + timedelta(days=30),
    )
    with django_capture_on_commit_callbacks(execute=True):
        log_session(course=course, by=reviewer, number=26, date=today())  # 6 remain
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        log_session(course=course, by=reviewer, number=27, date=today())  # 5 remain
    assert len(mail.outbox) == 2
    assert AuthorizationExtension.objects.get().warned_low_at is not None


def test_no_mail_while_plenty_remain_or_for_a_closed_course(
    intake, reviewer, django_capture_on_commit_callbacks
):
    course = course_of(intake, start=start(), sessions=3)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_warnings(course=course, today=today()) == []
    closed = low_course(submitted_intake(), status="completed")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_warnings(course=closed, today=today()) == []
    assert mail.outbox == []


def test_logging_the_session_that_runs_low_sends_the_mail(
    intake, reviewer, django_capture_on_commit_callbacks
):
    course = course_of(intake, start=start(), approved=30, sessions=24)
    with django_capture_on_commit_callbacks(execute=True):
        log_session(course=course, by=reviewer, number=25, date=today())
    (message,) = mail.outbox
    assert message.subject == "A TMS course's authorization is running low"


def test_the_daily_task_warns_every_course_due(
    intake, reviewer, other_patient, django_capture_on_commit_callbacks
):
    low_course(intake)
    course_of(submitted_intake(patient=other_patient), start=start(), sessions=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert authorization_warnings_task.delay().get() == 1
    assert len(mail.outbox) == 1


def test_the_beat_schedule_runs_it(settings):
    tasks = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "treatment.tasks.authorization_warnings_task" in tasks


# --- the reviewer's home -------------------------------------------------------------------------


def home_section(client):
    page = client.get(reverse("admin:index")).content.decode()
    start = page.index('<h2 id="authorizations-home-title">Authorizations running out</h2>')
    return page[start : page.index("</section>", start)]


def test_the_reviewers_home_lists_the_courses_running_out(reviewer_client, intake, other_patient):
    course = low_course(intake)
    course_of(submitted_intake(patient=other_patient, legal_name="Bob Plenty"), start=start())
    page = home_section(reviewer_client)
    assert reverse("admin:treatment_course_change", args=[course.pk]) in page
    assert "Alice Q. Example" in page
    assert "Running low: 5 left" in page
    assert "Bob Plenty" not in page


def test_the_home_says_when_none_runs_out(reviewer_client):
    page = home_section(reviewer_client)
    assert "No open course is running low on its authorization." in page


def test_an_editor_does_not_see_the_list(editor_client, intake):
    low_course(intake)
    page = editor_client.get(reverse("admin:index")).content.decode()
    assert "Authorizations running out" not in page
    assert "Alice Q. Example" not in page
