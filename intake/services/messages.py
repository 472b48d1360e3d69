"""The thread between a patient and the clinic on an intake, and the mails that tell the
patient there is something to read (docs/messages.md).

A mail never carries patient data: not the name, the answers, the outcome or a message's
words. It says only that there is an update from the clinic, with a link to sign in.
"""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from portal.i18n import in_language_of
from portal.mail import queue_mail
from portal.models import Clinic

from ..models import MAX_MESSAGE_LENGTH, Intake, IntakeMessage, Status

# The status changes the patient is told about by mail (sent and received, the clinic needs
# more information, closed).
NOTIFIED_STATUSES = (Status.SUBMITTED, Status.NEEDS_INFO, Status.CLOSED)


class MessageError(Exception):
    """A message the thread refuses; ``str()`` is a plain message for the person writing."""


def clean_body(body):
    """The message's text, or ``MessageError`` when empty or too long."""
    body = (body or "").strip()
    if not body:
        raise MessageError("Please write your message before you send it.")
    if len(body) > MAX_MESSAGE_LENGTH:
        raise MessageError(
            f"Your message is {len(body):,} characters long. Messages can be up to "
            f"{MAX_MESSAGE_LENGTH:,} characters. Please make it shorter, or send the rest in a "
            "second message."
        )
    return body


def patient_can_write(intake):
    """The patient may write once the clinic has the intake (or has written), until it closes."""
    if intake is None or intake.status == Status.CLOSED:
        return False
    return intake.status != Status.DRAFT or intake.messages.exists()


def thread(intake):
    """The intake's messages, oldest first."""
    return list(intake.messages.select_related("author").order_by("created_at", "pk"))


@transaction.atomic
def patient_writes(*, patient, body):
    """Add the patient's message to the thread of their open intake; marks it for the queue."""
    body = clean_body(body)
    intake = Intake.objects.select_for_update().for_patient(patient).open().first()
    if not patient_can_write(intake):
        raise MessageError(
            "You can write to the clinic here once you have sent your intake. Please call the "
            "clinic if you need to reach them now."
        )
    message = IntakeMessage.objects.create(
        intake=intake, author=patient, from_clinic=False, body=body
    )
    Intake.objects.filter(pk=intake.pk).update(patient_wrote_last=True)
    return message


@transaction.atomic
def clinic_writes(*, intake, by, body, notify=True):
    """Add a staff member's message to the thread; the patient gets a mail to come and read it
    (unless the caller sends one itself, as a status change does)."""
    body = clean_body(body)
    locked = Intake.objects.select_for_update().select_related("patient").get(pk=intake.pk)
    message = IntakeMessage.objects.create(intake=locked, author=by, from_clinic=True, body=body)
    Intake.objects.filter(pk=locked.pk).update(patient_wrote_last=False)
    if notify:
        notify_patient(intake=locked, kind="message")
    return message


def notify_patient(*, intake, kind):
    """Mail the patient that there is an update to read, once the transaction commits. The
    mail says nothing else: no name, answers, outcome or message."""
    clinic = Clinic.current()
    context = {
        "clinic_name": clinic.name,
        "url": settings.SITE_URL + reverse("intake:home"),
    }
    # In the patient's language (the account's), whoever's request sends it.
    with in_language_of(intake.patient):
        subject = render_to_string("intake/mail/update_subject.txt", context).strip()
        body = render_to_string("intake/mail/update_email.txt", context)
    queue_mail(
        to=[intake.patient.email],
        subject=subject,
        body=body,
        kind=f"patient update ({kind})",
    )


def status_changed(*, intake, to_status):
    """Called by every status change (review._move): mail the patient about those they are
    told of."""
    if to_status in NOTIFIED_STATUSES:
        notify_patient(intake=intake, kind=str(to_status))
