"""Messages both ways on an intake, and the patient's mails (docs/messages.md): the clinic's
request for more information and the patient's replies form one thread; the patient writes on
/intake/, staff on the intake's admin page; every mail to the patient says only that there is
an update, with a link."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from intake.models import MAX_MESSAGE_LENGTH, AccessEvent, Intake, IntakeMessage, Status
from intake.services.errors import InvalidTransitionError
from intake.services.review import close_intake, request_more_info, start_review
from intake.services.steps import submit_intake
from portal.models import Clinic

from .factories import submitted_intake

pytestmark = pytest.mark.django_db

HOME = reverse("intake:home")
WRITE = reverse("intake:message")


@pytest.fixture(autouse=True)
def clinic(settings):
    settings.SITE_URL = "https://portal.example.org"
    Clinic(name="Lakeside TMS", phone="(555) 010-2000").save()
    return Clinic.current()


@pytest.fixture
def patient_client(patient):
    """The patient, signed in on a browser of their own (``client`` may be staff's)."""
    browser = Client()
    browser.force_login(patient)
    return browser


@pytest.fixture
def sent(patient):
    return submitted_intake(
        patient=patient, legal_name="Alice Example", phone="555-123-4567", insurance_plan="Aetna"
    )


def _admin_post(client, intake, action, **data):
    return client.post(reverse(f"admin:intake_intake_{action}", args=[intake.pk]), data)


def assert_only_an_update(message, intake):
    """The mail says there is an update and links to /intake/: nothing about the patient."""
    assert message.to == [intake.patient.email]
    assert message.subject == "You have an update from Lakeside TMS"
    assert "You have an update from Lakeside TMS: sign in to read it." in message.body
    assert "https://portal.example.org/intake/" in message.body
    text = (message.subject + message.body).lower()
    for private in (
        "alice",
        "example.com",
        "555-123-4567",
        "aetna",
        "sertraline",
        "phq",
        "consultation",
        "outcome",
        "dose",
        *(m.body.lower()[:30] for m in intake.messages.all()),
        *(c.message.lower()[:30] for c in intake.status_changes.exclude(message="")),
    ):
        assert private not in text, private


# --- the patient's side ----------------------------------------------------------------------


def test_the_patient_writes_to_the_clinic_from_the_intake_page(client, patient, sent):
    client.force_login(patient)
    page = client.get(HOME).content.decode()
    assert "Messages with Lakeside TMS" in page
    assert 'action="/intake/messages/"' in page
    response = client.post(WRITE, {"body": "  I forgot: I also took Prozac in 2019.  "})
    assert response.status_code == 302
    assert response["Location"] == HOME + "#messages"
    message = IntakeMessage.objects.get()
    assert (message.intake, message.author, message.from_clinic) == (sent, patient, False)
    assert message.body == "I forgot: I also took Prozac in 2019."
    sent.refresh_from_db()
    assert sent.patient_wrote_last
    page = client.get(HOME).content.decode()
    assert "I forgot: I also took Prozac in 2019." in page
    assert "Your message was sent to the clinic" in page


def test_a_message_too_long_is_refused_plainly_and_kept_to_shorten(client, patient, sent):
    client.force_login(patient)
    text = "word " * 500  # 2,500 characters
    response = client.post(WRITE, {"body": text})
    assert response.status_code == 400
    page = response.content.decode()
    assert f"Messages can be up to {MAX_MESSAGE_LENGTH:,} characters" in page
    assert text.strip() in page  # still in the box
    assert not IntakeMessage.objects.exists()
    assert 'maxlength="' not in page.split('id="id_body"')[1][:200]  # never cut silently


def test_exactly_the_limit_is_accepted(client, patient, sent):
    client.force_login(patient)
    assert client.post(WRITE, {"body": "x" * MAX_MESSAGE_LENGTH}).status_code == 302
    assert len(IntakeMessage.objects.get().body) == MAX_MESSAGE_LENGTH


def test_an_empty_message_is_refused(client, patient, sent):
    client.force_login(patient)
    response = client.post(WRITE, {"body": "   "})
    assert response.status_code == 400
    assert "Please write your message" in response.content.decode()
    assert not IntakeMessage.objects.exists()


def test_a_draft_has_no_message_box_until_the_clinic_writes(client, patient, reviewer, sent):
    Intake.objects.filter(pk=sent.pk).update(status=Status.DRAFT)
    client.force_login(patient)
    assert 'action="/intake/messages/"' not in client.get(HOME).content.decode()
    response = client.post(WRITE, {"body": "Hello?"})
    assert response.status_code == 400
    assert "once you have sent your intake" in response.content.decode()
    assert not IntakeMessage.objects.exists()


def test_another_patient_never_sees_or_writes_into_the_thread(
    client, patient, other_patient, reviewer, sent
):
    request_more_info(intake=sent, by=reviewer, message="Which dose of sertraline?")
    client.force_login(other_patient)
    page = client.get(HOME).content.decode()
    assert "Which dose of sertraline?" not in page
    response = client.post(WRITE, {"body": "Let me in"})
    assert response.status_code == 400  # Bob has no intake of his own to write on
    assert sent.messages.count() == 1
    assert not IntakeMessage.objects.filter(author=other_patient).exists()


# --- the clinic's side -----------------------------------------------------------------------


def test_the_request_for_more_information_starts_the_thread_and_the_patient_answers(
    patient_client, reviewer_client, reviewer, patient, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _admin_post(reviewer_client, sent, "request_info", message="Which dose of sertraline?")
    request = IntakeMessage.objects.get()
    assert (request.from_clinic, request.author, request.body) == (
        True,
        reviewer,
        "Which dose of sertraline?",
    )
    assert len(mail.outbox) == 1  # one mail for the status change and its message
    assert_only_an_update(mail.outbox[0], sent)

    page = patient_client.get(HOME).content.decode()
    # Shown where the patient acts (the box at the top) and kept in the thread; not repeated
    # a third time in "What has happened so far".
    assert page.count("Which dose of sertraline?") == 2
    assert "The clinic asked for more information" in page
    patient_client.post(WRITE, {"body": "150 mg a day."})

    admin_page = reviewer_client.get(reverse("admin:intake_intake_change", args=[sent.pk]))
    html = admin_page.content.decode()
    assert "Which dose of sertraline?" in html
    assert "150 mg a day." in html
    assert "The patient wrote last" in html
    thread = html[html.index('id="messages"') :]
    assert thread.index("Which dose of sertraline?") < thread.index("150 mg a day.")
    assert AccessEvent.objects.filter(action="view", intake_id=sent.pk, user=reviewer).exists()


def test_staff_answer_on_the_intake_page_and_the_patient_is_mailed(
    patient_client, reviewer_client, reviewer, patient, sent, django_capture_on_commit_callbacks
):
    patient_client.post(WRITE, {"body": "Can I come on a Saturday?"})
    with django_capture_on_commit_callbacks(execute=True):
        response = _admin_post(reviewer_client, sent, "message", body="Yes, we open at 9 am.")
    assert response.status_code == 302
    reply = IntakeMessage.objects.get(from_clinic=True)
    assert (reply.author, reply.body) == (reviewer, "Yes, we open at 9 am.")
    sent.refresh_from_db()
    assert not sent.patient_wrote_last
    assert len(mail.outbox) == 1
    assert_only_an_update(mail.outbox[0], sent)
    assert "Yes, we open at 9 am." in patient_client.get(HOME).content.decode()


def test_a_staff_message_too_long_is_refused_and_kept_to_shorten(reviewer_client, sent):
    text = "y" * (MAX_MESSAGE_LENGTH + 1)
    response = _admin_post(reviewer_client, sent, "message", body=text)
    assert response.status_code == 302
    assert not IntakeMessage.objects.exists()
    html = reviewer_client.get(response["Location"]).content.decode()
    assert f"Messages can be up to {MAX_MESSAGE_LENGTH:,} characters" in html
    assert text in html  # back in the box
    html = reviewer_client.get(response["Location"]).content.decode()
    assert text not in html  # only once


def test_only_clinical_reviewers_write_to_patients(editor_client, sent):
    response = _admin_post(editor_client, sent, "message", body="Hello")
    assert response.status_code == 403
    assert not IntakeMessage.objects.exists()


def test_the_queue_marks_and_filters_intakes_where_the_patient_wrote_last(
    patient_client, reviewer_client, patient, other_patient, sent
):
    quiet = submitted_intake(patient=other_patient, legal_name="Bob Example")
    patient_client.post(WRITE, {"body": "Any news?"})
    queue = reverse("admin:intake_intake_changelist")
    html = reviewer_client.get(queue).content.decode()
    assert html.count('class="patient-wrote-last"') == 1
    filtered = reviewer_client.get(queue + "?patient_wrote_last=yes").content.decode()
    assert "Alice Example" in filtered
    assert "Bob Example" not in filtered
    assert quiet.pk  # still in the unfiltered list
    assert "Bob Example" in html


def test_closing_takes_the_intake_off_the_patient_wrote_filter(patient_client, reviewer, sent):
    patient_client.post(WRITE, {"body": "Any news?"})
    close_intake(intake=sent, by=reviewer, outcome="consultation")
    sent.refresh_from_db()
    assert not sent.patient_wrote_last


# --- mails on status changes -----------------------------------------------------------------


def test_each_status_change_the_patient_is_told_of_sends_one_bare_mail(
    complete_intake, reviewer, django_capture_on_commit_callbacks
):
    intake = complete_intake
    with django_capture_on_commit_callbacks(execute=True):
        submit_intake(intake=intake)  # received
    with django_capture_on_commit_callbacks(execute=True):
        start_review(intake=intake, by=reviewer)  # nothing to tell
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        request_more_info(intake=intake, by=reviewer, message="Please add the dose.")
    with django_capture_on_commit_callbacks(execute=True):
        submit_intake(intake=intake)
    with django_capture_on_commit_callbacks(execute=True):
        close_intake(
            intake=intake,
            by=reviewer,
            outcome="consultation",
            message="Good candidate, strong history.",
            countersignature="Rita Reviewer",
        )
    assert len(mail.outbox) == 4
    for message in mail.outbox:
        assert_only_an_update(message, intake)


def test_a_refused_change_sends_nothing(reviewer, sent, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(InvalidTransitionError),
    ):
        close_intake(intake=sent, by=reviewer, outcome="nonsense")
    assert mail.outbox == []
