"""The check-in mail: at the start of an active course and every CHECKIN_INTERVAL_DAYS, one
per course and due date (safe to run again, and from two workers), from the clinic's name,
with a one-time link and no patient data."""

import re
import smtplib
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from portal.models import Clinic
from treatment.models import CheckInLink
from treatment.services.checkins import new_link
from treatment.services.reminders import send_due_check_in_mails
from treatment.tasks import send_check_in_mails_task

from .checkin_helpers import due_course, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def starting(patient):
    """A course that starts today, with no check-in yet: the baseline is due."""
    patient.full_name = "Zelda Quartermaine"
    patient.save()
    return due_course(patient, weeks=0, scores=())


def _link_in(message):
    return re.search(r"https?://\S+/treatment/check-in/link/\S+/", message.body)[0]


def test_the_baseline_mail_goes_to_the_patient_without_patient_data(starting, patient):
    Clinic.current()  # the name the mail is from
    assert send_due_check_in_mails() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [patient.email]
    assert message.subject == "It is time for your weekly check-in"
    clinic = Clinic.current().name
    assert clinic in message.body
    assert message.from_email.startswith(f'"{clinic}"') or message.from_email.startswith(clinic)
    assert _link_in(message)
    text = message.subject + message.body
    for patient_data in ("Zelda", "Quartermaine", "alice@", "PHQ", "score", "course"):
        assert patient_data not in text, patient_data
    assert "988" in message.body
    link = CheckInLink.objects.get()
    assert link.due_on == starting.start_date
    assert link.token_hash not in message.body


def test_the_task_is_idempotent_one_mail_per_due_date(starting):
    assert send_check_in_mails_task() == 1
    assert send_check_in_mails_task() == 0
    assert send_due_check_in_mails() == 0
    assert len(mail.outbox) == 1
    assert CheckInLink.objects.count() == 1


def test_a_link_made_by_another_worker_means_no_second_mail(starting):
    new_link(course=starting, due_on=starting.start_date)  # the other worker's
    assert send_due_check_in_mails() == 0
    assert mail.outbox == []


def test_the_next_mail_comes_after_the_interval(starting, settings):
    send_due_check_in_mails()
    later = starting.start_date + timedelta(days=settings.CHECKIN_INTERVAL_DAYS)
    assert send_due_check_in_mails(today=later - timedelta(days=1)) == 0
    assert send_due_check_in_mails(today=later) == 1
    assert send_due_check_in_mails(today=later + timedelta(days=2)) == 0
    assert sorted(CheckInLink.objects.values_list("due_on", flat=True)) == [
        starting.start_date,
        later,
    ]


def test_no_mail_when_the_check_in_of_the_period_is_done(client, patient, starting):
    client.force_login(patient)
    client.post(reverse("treatment:check_in"), form_data())
    assert send_due_check_in_mails() == 0
    assert mail.outbox == []


@pytest.mark.parametrize("status", ["planned", "completed", "stopped"])
def test_only_active_courses_are_mailed(patient, status):
    extra = {"stopped_reason": "Side effects"} if status == "stopped" else {}
    due_course(patient, weeks=0, scores=(), status=status, **extra)
    assert send_due_check_in_mails() == 0
    assert mail.outbox == []


def test_a_course_starting_later_is_not_mailed_yet(patient):
    course = due_course(patient, weeks=0, scores=())
    course.start_date = timezone.localdate() + timedelta(days=3)
    course.save()
    assert send_due_check_in_mails() == 0


def test_a_failed_send_keeps_no_link_and_the_next_run_sends(starting, monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr("treatment.services.reminders.send_mail", refuse)
    assert send_due_check_in_mails() == 0
    assert not CheckInLink.objects.exists()
    monkeypatch.undo()
    assert send_due_check_in_mails() == 1
    assert len(mail.outbox) == 1


def test_the_mails_link_takes_the_patient_to_the_check_in(client, patient, starting):
    send_due_check_in_mails()
    link = _link_in(mail.outbox[0]).removeprefix(django_settings.SITE_URL)
    client.force_login(patient)
    response = client.get(link)
    assert response["Location"] == reverse("treatment:check_in")
    assert client.post(reverse("treatment:check_in"), form_data()).status_code == 302
    assert CheckInLink.objects.get().used_at is not None


def test_beat_runs_the_task_every_hour():
    entry = django_settings.CELERY_BEAT_SCHEDULE["send-check-in-mails"]
    assert entry["task"] == "treatment.tasks.send_check_in_mails_task"
    assert entry["schedule"] == 3600.0


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)")
def test_two_workers_at_once_send_one_mail(patient):
    from intake.tests.test_concurrency import _at_once

    due_course(patient, weeks=0, scores=())
    results = _at_once(4, send_due_check_in_mails)
    assert all(not isinstance(r, Exception) for r in results), results
    assert sum(results) == 1
    assert len(mail.outbox) == 1
    assert CheckInLink.objects.count() == 1
