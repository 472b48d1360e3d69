"""The urgent path: an item-9 answer above "Not at all" tells the care team at once (a mail with no
patient data), is sent again when nobody acknowledges it, shows on every admin page, and needs a
recorded risk follow-up before the intake can be closed (docs/urgent-path.md)."""

import datetime
import json
import smtplib
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.messages import get_messages
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from intake.fhir import intake_bundle
from intake.models import AlertDelivery, UrgentAlert
from intake.roles import CLINICAL_REVIEWERS, CONTENT_EDITORS
from intake.services import urgent
from intake.services.errors import InvalidTransitionError
from intake.services.review import close_intake, start_review
from intake.tasks import send_alert_task
from portal.tests.factories import staff_user

from .factories import step_data, submitted_intake

pytestmark = pytest.mark.django_db


def _post(client, intake, action, **data):
    return client.post(reverse(f"admin:intake_intake_{action}", args=[intake.pk]), data)


def _followup(**fields):
    return {f"followup-{name}": value for name, value in fields.items()}


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _save_phq9(client, item9):
    page = client.get(reverse("intake:step", args=["phq9"]))
    data = {"version": str(page.context["version"]), **step_data("phq9", phq9_9=str(item9))}
    return client.post(reverse("intake:step", args=["phq9"]), data)


def _urgent_intake(**fields):
    intake = submitted_intake(phq9=(3, 3, 2, 2, 1, 2, 2, 1, 2), **fields)
    urgent.raise_alert(intake=intake)
    return intake


def _page(client, intake):
    return client.get(reverse("admin:intake_intake_change", args=[intake.pk])).content.decode()


# --- the alert ---------------------------------------------------------------------------------


def test_an_item9_answer_in_a_draft_mails_the_alert_list_without_patient_data(
    client, patient, settings, django_capture_on_commit_callbacks
):
    settings.URGENT_ALERT_EMAILS = ["oncall@clinic.example", " lead@clinic.example", ""]
    settings.SITE_URL = "https://portal.clinic.example"
    patient.full_name = "Zelda Quartermaine"
    patient.date_of_birth = datetime.date(1980, 3, 27)
    patient.save()
    client.force_login(patient)
    with django_capture_on_commit_callbacks(execute=True):
        response = _save_phq9(client, item9=2)
    assert response.status_code == 302
    intake = patient.intakes.get()
    assert intake.status == "draft"  # saved, not sent: the clinic is told all the same
    assert intake.legal_name == "Zelda Quartermaine"
    alert = UrgentAlert.objects.get(intake=intake)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["lead@clinic.example", "oncall@clinic.example"]
    assert message.subject == "An urgent answer needs review"
    link = f"https://portal.clinic.example/admin/intake/intake/{intake.pk}/change/"
    assert link in message.body
    text = message.subject + message.body
    for patient_data in (
        "Zelda",
        "Quartermaine",
        "alice@",
        "1980",
        "03-27",
        "March",
        "Several days",
        "More than half the days",
        "Nearly every day",
        "PHQ",
        "item 9",
        "dead",
        "hurting",
    ):
        assert patient_data.lower() not in text.lower(), patient_data
    delivery = alert.deliveries.get()
    assert (delivery.kind, delivery.state, delivery.attempts) == ("alert", "sent", 1)


def test_the_alert_is_raised_once_per_intake(
    client, patient, settings, django_capture_on_commit_callbacks
):
    settings.URGENT_ALERT_EMAILS = ["oncall@clinic.example"]
    client.force_login(patient)
    with django_capture_on_commit_callbacks(execute=True):
        _save_phq9(client, item9=1)
        _save_phq9(client, item9=3)
        _save_phq9(client, item9=0)
        _save_phq9(client, item9=2)
    assert UrgentAlert.objects.count() == 1
    assert AlertDelivery.objects.count() == 1
    assert len(mail.outbox) == 1


def test_not_at_all_raises_no_alert(client, patient, django_capture_on_commit_callbacks):
    staff_user("rita@clinic.example", CLINICAL_REVIEWERS)
    client.force_login(patient)
    with django_capture_on_commit_callbacks(execute=True):
        _save_phq9(client, item9=0)
    assert UrgentAlert.objects.count() == 0
    assert mail.outbox == []


def test_with_no_list_set_every_active_clinical_reviewer_is_told(
    settings, django_capture_on_commit_callbacks
):
    settings.URGENT_ALERT_EMAILS = []
    staff_user("rita@clinic.example", CLINICAL_REVIEWERS)
    staff_user("ray@clinic.example", CLINICAL_REVIEWERS, full_name="Ray Reviewer")
    gone = staff_user("gone@clinic.example", CLINICAL_REVIEWERS, full_name="Gone Reviewer")
    gone.is_active = False
    gone.save()
    staff_user("eddie@clinic.example", CONTENT_EDITORS, full_name="Eddie Editor")
    with django_capture_on_commit_callbacks(execute=True):
        _urgent_intake()
    assert mail.outbox[0].to == ["ray@clinic.example", "rita@clinic.example"]


def test_with_no_reviewer_yet_the_superusers_are_told(
    admin_user, settings, django_capture_on_commit_callbacks
):
    settings.URGENT_ALERT_EMAILS = []
    staff_user("eddie@clinic.example", CONTENT_EDITORS, full_name="Eddie Editor")
    with django_capture_on_commit_callbacks(execute=True):
        _urgent_intake()
    assert mail.outbox[0].to == [admin_user.email]


def test_with_nobody_to_tell_the_alert_is_kept_and_shown_as_failed(
    admin_client, admin_user, settings, django_capture_on_commit_callbacks
):
    settings.URGENT_ALERT_EMAILS = []
    type(admin_user).objects.filter(pk=admin_user.pk).update(email="")
    with django_capture_on_commit_callbacks(execute=True):
        intake = _urgent_intake()
    delivery = AlertDelivery.objects.get()
    assert delivery.state == "failed"
    assert "Nobody to tell" in _page(admin_client, intake)


def test_a_failed_alert_mail_is_kept_shown_to_staff_and_sent_by_the_next_run(
    admin_client, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.URGENT_ALERT_EMAILS = ["oncall@clinic.example"]

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("mail server down")

    monkeypatch.setattr("intake.tasks.send_mail", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        intake = _urgent_intake()
    delivery = AlertDelivery.objects.get()
    assert (delivery.state, delivery.attempts) == ("failed", 1)
    assert "mail server down" in delivery.last_error
    html = _page(admin_client, intake)
    assert "Failed" in html
    assert "mail server down" in html
    assert UrgentAlert.objects.filter(intake=intake).exists()  # the alert is not lost

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("escalate_urgent_alerts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("sent", 2)
    assert len(mail.outbox) == 1


def test_under_a_worker_a_failed_alert_mail_is_tried_again_with_growing_pauses(
    settings, monkeypatch
):
    settings.URGENT_ALERT_EMAILS = ["oncall@clinic.example"]
    intake = submitted_intake(phq9=(3, 3, 2, 2, 1, 2, 2, 1, 2))
    with pytest.MonkeyPatch.context() as m:
        m.setattr("intake.services.urgent._queue", lambda delivery_id: None)
        urgent.raise_alert(intake=intake)
    delivery = AlertDelivery.objects.get()

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr("intake.tasks.send_mail", refuse)
    retried = []

    def fake_retry(*, exc, countdown):
        retried.append(countdown)
        return RuntimeError("retry")

    monkeypatch.setattr(send_alert_task, "retry", fake_retry)
    send_alert_task.push_request(retries=1, is_eager=False)
    try:
        with pytest.raises(RuntimeError, match="retry"):
            send_alert_task.run(delivery_id=delivery.pk)
    finally:
        send_alert_task.pop_request()
    assert retried == [60]
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("retrying", 1)


# --- escalation --------------------------------------------------------------------------------


def test_an_unacknowledged_alert_is_sent_again_once_after_the_set_minutes(
    settings, django_capture_on_commit_callbacks
):
    settings.URGENT_ALERT_EMAILS = ["oncall@clinic.example"]
    settings.URGENT_ESCALATION_EMAILS = ["director@clinic.example"]
    settings.URGENT_ESCALATE_MINUTES = 60
    with django_capture_on_commit_callbacks(execute=True):
        intake = _urgent_intake()
    mail.outbox.clear()
    alert = intake.urgent_alert
    raised = alert.raised_at

    with django_capture_on_commit_callbacks(execute=True):
        assert urgent.escalate_due_alerts(now=raised + timedelta(minutes=59)) == 0
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        assert urgent.escalate_due_alerts(now=raised + timedelta(minutes=61)) == 1
        assert urgent.escalate_due_alerts(now=raised + timedelta(minutes=120)) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["director@clinic.example"]
    assert mail.outbox[0].subject.startswith("Still not acknowledged")
    assert intake.patient.email not in mail.outbox[0].body
    alert.refresh_from_db()
    assert alert.escalated_at == raised + timedelta(minutes=61)
    assert alert.deliveries.filter(kind="escalation", state="sent").count() == 1


def test_the_escalation_goes_to_the_alert_list_when_no_escalation_list_is_set(
    settings, django_capture_on_commit_callbacks
):
    settings.URGENT_ALERT_EMAILS = ["oncall@clinic.example"]
    settings.URGENT_ESCALATION_EMAILS = []
    intake = _urgent_intake()
    UrgentAlert.objects.filter(intake=intake).update(
        raised_at=timezone.now() - timedelta(minutes=61)
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("escalate_urgent_alerts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [m.to for m in mail.outbox] == [["oncall@clinic.example"]]


def test_an_acknowledged_alert_is_not_escalated(
    reviewer, settings, django_capture_on_commit_callbacks
):
    settings.URGENT_ALERT_EMAILS = ["oncall@clinic.example"]
    intake = _urgent_intake()
    urgent.acknowledge(intake=intake, by=reviewer)
    later = timezone.now() + timedelta(hours=3)
    with django_capture_on_commit_callbacks(execute=True):
        assert urgent.escalate_due_alerts(now=later) == 0
    assert mail.outbox == []


def test_beat_runs_the_escalation_every_five_minutes(settings):
    from portal.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["escalate-urgent-alerts"]
    assert entry["schedule"] == 300.0
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks


# --- the count on every admin page ------------------------------------------------------------


def test_reviewers_see_the_unacknowledged_count_on_every_admin_page(reviewer_client, reviewer):
    first = _urgent_intake(legal_name="Una Urgent")
    _urgent_intake(legal_name="Ursula Urgent")
    handled = _urgent_intake(legal_name="Hal Handled")
    urgent.acknowledge(intake=handled, by=reviewer)
    submitted_intake(legal_name="Calm Carl")

    for url in (
        reverse("admin:index"),
        reverse("admin:intake_intake_changelist"),
        reverse("admin:intake_medication_changelist"),
    ):
        html = reviewer_client.get(url).content.decode()
        assert "2 urgent intakes not acknowledged yet" in html, url

    queue = reverse("admin:intake_intake_changelist") + "?urgent_alert=unacknowledged"
    assert f'href="{queue}"' in reviewer_client.get(reverse("admin:index")).content.decode()
    html = reviewer_client.get(reverse("admin:intake_intake_changelist")).content.decode()
    assert html.count("not acknowledged</small>") == 2
    assert html.count("acknowledged, no follow-up yet</small>") == 1
    html = reviewer_client.get(queue).content.decode()
    assert "Una Urgent" in html
    assert "Ursula Urgent" in html
    assert "Hal Handled" not in html
    assert "Calm Carl" not in html

    urgent.acknowledge(intake=first, by=reviewer)
    html = reviewer_client.get(reverse("admin:index")).content.decode()
    assert "1 urgent intake not acknowledged yet" in html


def test_the_count_is_for_reviewers_only(editor_client):
    _urgent_intake()
    html = editor_client.get(reverse("admin:index")).content.decode()
    assert "not acknowledged" not in html


def test_the_count_adds_one_query_to_an_admin_page(admin_client, django_assert_max_num_queries):
    for _ in range(5):
        _urgent_intake()
    with django_assert_max_num_queries(12):
        admin_client.get(reverse("admin:intake_intake_changelist"))


# --- acknowledge and follow up ----------------------------------------------------------------


def test_a_reviewer_acknowledges_and_a_second_is_told_who_did(reviewer_client, reviewer):
    intake = _urgent_intake()
    assert "Not acknowledged yet." in _page(reviewer_client, intake)
    response = _post(reviewer_client, intake, "urgent_acknowledge")
    assert response.status_code == 302
    assert "You acknowledged the urgent answer." in _messages(response)
    alert = UrgentAlert.objects.get(intake=intake)
    assert alert.acknowledged_by == reviewer
    first_time = alert.acknowledged_at
    assert "Acknowledged by Rita Reviewer" in _page(reviewer_client, intake)

    other = staff_user("ray@clinic.example", CLINICAL_REVIEWERS, full_name="Ray Reviewer")
    other_client = Client()
    other_client.force_login(other)
    response = _post(other_client, intake, "urgent_acknowledge")
    assert "Rita Reviewer had already acknowledged the urgent answer." in _messages(response)
    alert.refresh_from_db()
    assert (alert.acknowledged_by, alert.acknowledged_at) == (reviewer, first_time)

    entry = LogEntry.objects.get_for_object(alert).filter(actor=reviewer).get()
    assert "acknowledged_by" in entry.changes_dict


def test_an_urgent_intake_cannot_be_closed_without_the_risk_follow_up(reviewer_client, reviewer):
    intake = _urgent_intake()
    with pytest.raises(InvalidTransitionError, match="risk follow-up"):
        close_intake(intake=intake, by=reviewer, outcome="consultation")
    response = _post(
        reviewer_client,
        intake,
        "close",
        outcome="consultation",
        comment="Booked for Tuesday.",
        countersignature="Rita Reviewer",
    )
    assert any("Record the risk follow-up" in m for m in _messages(response))
    intake.refresh_from_db()
    assert intake.status == "submitted"
    assert "This intake cannot be closed until the risk follow-up is recorded." in _page(
        reviewer_client, intake
    )

    response = _post(
        reviewer_client,
        intake,
        "urgent_followup",
        **_followup(
            contact="phone",
            outcome="safe_plan",
            note="Spoke for 20 minutes; safety plan made with her sister.",
        ),
    )
    assert "The risk follow-up is recorded." in _messages(response)
    alert = UrgentAlert.objects.get(intake=intake)
    assert (alert.followup_contact, alert.followup_outcome) == ("phone", "safe_plan")
    assert alert.followup_by == reviewer
    assert alert.acknowledged_by == reviewer  # recording the follow-up acknowledges it too
    html = _page(reviewer_client, intake)
    assert "Reached by phone" in html
    assert "Safe, a safety plan was made" in html
    assert "safety plan made with her sister" in html

    _post(
        reviewer_client,
        intake,
        "close",
        outcome="consultation",
        comment="Booked for Tuesday.",
        countersignature="Rita Reviewer",
    )
    intake.refresh_from_db()
    assert intake.status == "closed"


def test_a_follow_up_needs_a_contact_and_an_outcome_and_keeps_what_was_typed(reviewer_client):
    intake = _urgent_intake()
    response = _post(
        reviewer_client,
        intake,
        "urgent_followup",
        **_followup(contact="", outcome="other", note="Left a voicemail"),
    )
    assert any("was not recorded" in m for m in _messages(response))
    assert not UrgentAlert.objects.filter(intake=intake, followup_at__isnull=False).exists()
    html = _page(reviewer_client, intake)
    assert "Left a voicemail" in html
    assert '<option value="other" selected>Other (see the note)</option>' in html

    response = _post(
        reviewer_client,
        intake,
        "urgent_followup",
        **_followup(contact="not_reached", outcome="other"),
    )
    assert any('With the outcome "Other"' in m for m in _messages(response))


def test_the_follow_up_is_in_the_audit_trail(reviewer_client, reviewer):
    intake = _urgent_intake()
    _post(
        reviewer_client,
        intake,
        "urgent_followup",
        **_followup(
            contact="not_reached",
            outcome="not_reached_escalated",
            note="Three calls, no answer; told Dr Ng.",
        ),
    )
    alert = UrgentAlert.objects.get(intake=intake)
    changes = [
        e.changes_dict for e in LogEntry.objects.get_for_object(alert).filter(actor=reviewer)
    ]
    assert any("followup_outcome" in c for c in changes)


def test_the_follow_up_is_in_the_staff_fhir_bundle_and_not_the_patients(reviewer, admin_client):
    intake = _urgent_intake()
    urgent.record_followup(
        intake=intake,
        by=reviewer,
        contact="phone",
        outcome="emergency",
        note="Sent to the emergency department.",
    )
    bundle = intake_bundle(intake, staff=True)
    tasks = [e.resource for e in bundle.entry if e.resource.get_resource_type() == "Task"]
    assert len(tasks) == 1
    task = tasks[0]
    assert task.status == "completed"
    assert task.owner.display == "Rita Reviewer"
    assert task.businessStatus.text == "Sent to emergency care"
    assert "Reached by phone" in task.note[-1].text
    assert "Sent to the emergency department." in task.note[-1].text

    body = admin_client.get(reverse("admin:intake_intake_fhir", args=[intake.pk])).content
    Bundle.model_validate_json(body)  # valid FHIR R4B
    assert '"Task"' in body.decode()

    patient_client = Client()
    patient_client.force_login(intake.patient)
    body = patient_client.get(reverse("my_data_fhir", args=[intake.pk])).content.decode()
    assert "Task" not in [e["resource"]["resourceType"] for e in json.loads(body)["entry"]]
    assert "emergency department" not in body


def test_an_acknowledged_alert_without_follow_up_is_an_accepted_task(reviewer):
    intake = _urgent_intake()
    urgent.acknowledge(intake=intake, by=reviewer)
    bundle = intake_bundle(intake, staff=True)
    task = next(e.resource for e in bundle.entry if e.resource.get_resource_type() == "Task")
    assert task.status == "accepted"


def test_an_urgent_intake_from_before_alerts_can_still_be_followed_up(reviewer):
    intake = submitted_intake(phq9=(3, 3, 2, 2, 1, 2, 2, 1, 2))  # urgent, no alert row
    assert urgent.unacknowledged_intakes().filter(pk=intake.pk).exists()
    urgent.record_followup(intake=intake, by=reviewer, contact="phone", outcome="safe_plan")
    close_intake(intake=intake, by=reviewer, outcome="consultation")
    intake.refresh_from_db()
    assert intake.status == "closed"


# --- closing keeps the reviewer's work ---------------------------------------------------------


def test_a_refused_close_shows_the_form_again_with_what_was_typed(reviewer_client):
    intake = submitted_intake()
    html = _page(reviewer_client, intake)
    assert "as on your account: Rita Reviewer" in html
    response = _post(
        reviewer_client,
        intake,
        "close",
        outcome="referred",
        comment="Referred to Dr Okafor for ECT assessment.",
        countersignature="Rita Revewer",
    )
    assert response.status_code == 302
    html = _page(reviewer_client, intake)
    assert "Referred to Dr Okafor for ECT assessment." in html
    assert 'value="referred" selected' in html
    assert 'value="Rita Revewer"' in html
    assert "The countersignature must be your name as on your staff account" in html
    # Once shown, the typed values are not kept for ever.
    assert "Dr Okafor" not in _page(reviewer_client, intake)


def test_the_countersignature_ignores_capitals_and_spaces_and_keeps_the_accounts_spelling(
    reviewer_client, reviewer
):
    intake = submitted_intake()
    _post(reviewer_client, intake, "close", outcome="consultation", countersignature="RITAreviewer")
    intake.refresh_from_db()
    assert intake.status == "closed"
    assert intake.countersigned_name == "Rita Reviewer"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)")
def test_two_reviewers_acknowledging_at_the_same_moment_record_one():
    from django.contrib.auth.models import Group

    from .test_concurrency import _at_once

    # A transactional test may follow another, which flushed the groups the migrations made.
    Group.objects.get_or_create(name=CLINICAL_REVIEWERS)
    reviewers = [
        staff_user(f"r{n}@clinic.example", CLINICAL_REVIEWERS, full_name=f"Reviewer {n}")
        for n in range(4)
    ]
    intake = _urgent_intake()
    turn = iter(reviewers)
    results = _at_once(4, lambda: urgent.acknowledge(intake=intake, by=next(turn)))
    assert all(not isinstance(r, Exception) for r in results), results
    assert sum(1 for _alert, won in results if won) == 1
    alert = UrgentAlert.objects.get(intake=intake)
    winner = next(alert for alert, won in results if won)
    assert alert.acknowledged_by == winner.acknowledged_by
    assert {a.acknowledged_by for a, _won in results} == {winner.acknowledged_by}
    entries = LogEntry.objects.get_for_object(alert).filter(action=LogEntry.Action.UPDATE)
    assert [e.actor for e in entries if "acknowledged_by" in e.changes_dict] == [
        winner.acknowledged_by
    ]


def test_a_broker_that_is_down_neither_breaks_the_save_nor_loses_the_alert(
    client, patient, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    settings.URGENT_ALERT_EMAILS = ["oncall@clinic.example"]

    def broker_down(**kwargs):
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(send_alert_task, "delay", broker_down)
    client.force_login(patient)
    with django_capture_on_commit_callbacks(execute=True):
        assert _save_phq9(client, item9=1).status_code == 302
    delivery = AlertDelivery.objects.get()
    assert (delivery.state, delivery.attempts) == ("pending", 0)

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        urgent.escalate_due_alerts()  # too soon: it may still be on its way
    assert mail.outbox == []
    AlertDelivery.objects.update(queued_at=timezone.now() - timedelta(minutes=16))
    with django_capture_on_commit_callbacks(execute=True):
        urgent.escalate_due_alerts()
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("sent", 1)
    assert len(mail.outbox) == 1


def test_a_deleted_patients_kept_intake_keeps_the_follow_up_but_not_its_note(reviewer):
    from intake.services import rights

    intake = _urgent_intake()
    start_review(intake=intake, by=reviewer)
    urgent.record_followup(
        intake=intake, by=reviewer, contact="phone", outcome="safe_plan", note="SECRET-NOTE sister"
    )
    deletion_request, _ = rights.request_deletion(patient=intake.patient)
    rights.carry_out_deletion(deletion_request=deletion_request, by=reviewer)
    alert = UrgentAlert.objects.get(intake=intake)
    assert (alert.followup_contact, alert.followup_outcome) == ("phone", "safe_plan")
    assert alert.followup_note == rights.REMOVED
    assert not [e for e in LogEntry.objects.all() if "SECRET-NOTE" in json.dumps(e.changes)]
