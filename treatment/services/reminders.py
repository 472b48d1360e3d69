"""The check-in mails: at the start of each active course and every CHECKIN_INTERVAL_DAYS after,
one mail per course and due date with a one-time link (docs/course.md). No patient data in the
mail: it says it is time for the check-in, and links to it."""

import logging
import smtplib
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone

from portal.i18n import in_language_of
from portal.models import Clinic

from ..models import CheckInLink, Course
from .checkins import current_due_date, is_due, new_link

logger = logging.getLogger(__name__)


def sender(clinic):
    """From the clinic's name, at the portal's address (unless that already has a name)."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return settings.DEFAULT_FROM_EMAIL if name else formataddr((clinic.name, address))


def check_in_message(*, clinic, token, expires_at, patient=None):
    """(subject, body) of a check-in mail: the clinic's name, the link and its last day, in the
    patient's language (the beat task that sends it has no request)."""
    weekly = settings.CHECKIN_INTERVAL_DAYS == 7
    expires = timezone.localtime(expires_at)
    with in_language_of(patient):
        context = {
            "clinic_name": clinic.name,
            "weekly": weekly,
            "url": settings.SITE_URL + reverse("treatment:check_in_link", args=[token]),
            "expires": formats.date_format(expires, "DATE_FORMAT"),
        }
        subject = render_to_string("treatment/mail/check_in_subject.txt", context)
        body = render_to_string("treatment/mail/check_in_email.txt", context)
    return " ".join(subject.split()), body


def send_due_check_in_mails(*, today=None, now=None):
    """Mail each active course whose check-in is due and not mailed yet. Safe to run often and
    from two workers at once: one mail per course and due date. Returns how many were sent."""
    today = today or timezone.localdate()
    ids = Course.objects.filter(
        status=Course.Status.ACTIVE, start_date__lte=today, patient__is_active=True
    ).values_list("pk", flat=True)
    sent = 0
    for course_id in ids:
        try:
            sent += _mail_one(course_id, today=today, now=now or timezone.now())
        except (smtplib.SMTPException, OSError):
            # Rolled back with its link: the next run tries again.
            logger.exception("Could not send the check-in mail of course %s", course_id)
        except IntegrityError:
            pass  # another worker made this due date's link first (and sends its mail)
    return sent


@transaction.atomic
def _mail_one(course_id, *, today, now):
    # The course row is locked: a second worker waits here, then finds the link made.
    course = (
        Course.objects.select_for_update().filter(pk=course_id, status=Course.Status.ACTIVE).first()
    )
    due = current_due_date(course, today) if course else None
    if due is None or not is_due(course, today):
        return 0
    if CheckInLink.objects.filter(course=course, due_on=due).exists():
        return 0
    email = course.patient.email
    if not email:
        return 0
    link, token = new_link(course=course, due_on=due, now=now)
    clinic = Clinic.current()
    subject, body = check_in_message(
        clinic=clinic, token=token, expires_at=link.expires_at, patient=course.patient
    )
    # Sent inside the transaction: a failed send rolls the link back, so it is tried again.
    send_mail(subject, body, sender(clinic), [email])
    return 1
