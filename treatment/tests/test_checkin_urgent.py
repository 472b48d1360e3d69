"""Item 9 above "Not at all" in a check-in: the crisis help first on the page the patient sees,
and the intake's urgent alert raised again at once (a mail with no patient data), even when the
intake was closed long ago: the queue, the count and the intake's page show it again."""

import re

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse

from intake.models import AccessEvent, UrgentAlert
from intake.services import urgent
from intake.services.review import close_intake
from intake.tests.factories import submitted_intake
from treatment.models import CheckIn

from .checkin_helpers import due_course, form_data

pytestmark = pytest.mark.django_db

URGENT_ANSWERS = (2, 2, 1, 1, 2, 1, 2, 1, 1)  # item 9: "Several days"


@pytest.fixture
def alert_list(settings):
    settings.URGENT_ALERT_EMAILS = ["oncall@clinic.example"]
    settings.SITE_URL = "https://portal.clinic.example"


def _check_in(client, patient, answers=URGENT_ANSWERS, capture=None):
    client.force_login(patient)
    with capture(execute=True):
        response = client.post(reverse("treatment:check_in"), form_data(answers))
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def _closed_intake_followed_up(patient, reviewer):
    """An intake with an item-9 answer, its alert acknowledged and followed up, then closed."""
    intake = submitted_intake(patient=patient, phq9=(3, 3, 2, 2, 1, 2, 2, 1, 2))
    urgent.raise_alert(intake=intake)
    urgent.record_followup(intake=intake, by=reviewer, contact="phone", outcome="safe_plan")
    close_intake(intake=intake, by=reviewer, outcome="consultation")
    intake.refresh_from_db()
    return intake


def test_the_thanks_page_starts_with_the_crisis_help(
    client, patient, alert_list, django_capture_on_commit_callbacks
):
    due_course(patient)
    page = _check_in(client, patient, capture=django_capture_on_commit_callbacks)
    crisis = page.index('id="intake-crisis"')
    assert crisis < page.index("<h1")
    assert 'role="alert"' in page[crisis - 200 : crisis + 200]
    assert "Help is here, right now" in page
    assert 'href="tel:988"' in page
    assert 'href="tel:911"' in page
    assert "The clinic has been told about this answer." in page


def test_the_clinic_is_alerted_at_once_without_patient_data(
    client, patient, alert_list, django_capture_on_commit_callbacks
):
    patient.full_name = "Zelda Quartermaine"
    patient.save()
    course = due_course(patient)
    _check_in(client, patient, capture=django_capture_on_commit_callbacks)
    intake = course.intake
    intake.refresh_from_db()
    assert intake.urgent
    alert = UrgentAlert.objects.get(intake=intake)
    assert alert.reason == "A PHQ-9 check-in"
    assert alert.link == reverse("admin:treatment_course_change", args=[course.pk])

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["oncall@clinic.example"]
    assert message.subject == "An urgent answer needs review"
    assert f"https://portal.clinic.example/admin/intake/intake/{intake.pk}/change/" in message.body
    assert f"https://portal.clinic.example{alert.link}" in message.body
    # The links aside (their ids could hold any digits), nothing of the patient or the answers.
    text = (
        (message.subject + message.body)
        .replace(f"/admin/intake/intake/{intake.pk}/", "")
        .replace(alert.link, "")
    )
    for patient_data in ("Zelda", "Quartermaine", "alice@", "Several days", "dead", "12", "13"):
        assert patient_data not in text, patient_data


def test_item_9_not_at_all_alerts_nobody(
    client, patient, alert_list, django_capture_on_commit_callbacks
):
    course = due_course(patient)
    page = _check_in(
        client,
        patient,
        answers=(2, 2, 1, 1, 2, 1, 2, 1, 0),
        capture=django_capture_on_commit_callbacks,
    )
    assert "Help is here" not in page
    assert mail.outbox == []
    assert not UrgentAlert.objects.filter(intake=course.intake).exists()


def test_a_closed_intake_is_alerted_again_and_shows_in_the_queue(
    client, patient, reviewer, alert_list, django_capture_on_commit_callbacks
):
    intake = _closed_intake_followed_up(patient, reviewer)
    old_ack = UrgentAlert.objects.get(intake=intake).acknowledged_at
    course = due_course(patient, intake=intake)
    queue = reverse("admin:intake_intake_changelist")
    client.force_login(reviewer)
    assert f"/admin/intake/intake/{intake.pk}/change/" not in client.get(queue).content.decode()
    mail.outbox.clear()

    _check_in(client, patient, capture=django_capture_on_commit_callbacks)

    alert = UrgentAlert.objects.get(intake=intake)
    assert alert.acknowledged_at is None
    assert alert.followup_at is None
    assert alert.escalated_at is None
    assert alert.raised_at > intake.closed_at
    assert len(mail.outbox) == 1
    # The old acknowledgement and follow-up stay in the audit trail.
    changes = [entry.changes_dict for entry in LogEntry.objects.get_for_object(alert)]
    stamp = old_ack.strftime("%Y-%m-%d %H:%M:%S")
    assert any(
        change.get("acknowledged_at", [""])[0].startswith(stamp)
        and change["acknowledged_at"][1] == "None"
        for change in changes
    )

    client.force_login(reviewer)
    listing = client.get(queue).content.decode()
    assert f"/admin/intake/intake/{intake.pk}/change/" in listing
    assert "1 urgent intake not acknowledged yet" in listing
    page = client.get(reverse("admin:intake_intake_change", args=[intake.pk])).content.decode()
    assert "Raised again by: <strong>A PHQ-9 check-in</strong>" in page
    assert f'href="{reverse("admin:treatment_course_change", args=[course.pk])}"' in page
    assert "Acknowledge the urgent answer" in page
    assert AccessEvent.objects.filter(user=reviewer, intake_id=intake.pk).exists()

    # The reviewer records the follow-up on the closed intake; it leaves the queue.
    response = client.post(
        reverse("admin:intake_intake_urgent_followup", args=[intake.pk]),
        {"followup-contact": "phone", "followup-outcome": "safe_plan"},
    )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.followup_at is not None
    assert alert.acknowledged_by == reviewer
    assert f"/admin/intake/intake/{intake.pk}/change/" not in client.get(queue).content.decode()


def test_a_closed_intake_followed_up_stays_closed_to_changes(patient, reviewer):
    intake = _closed_intake_followed_up(patient, reviewer)
    with pytest.raises(urgent.UrgentError, match="closed"):
        urgent.record_followup(intake=intake, by=reviewer, contact="phone", outcome="safe_plan")


def test_the_intakes_own_second_raise_still_sends_nothing(
    alert_list, patient, django_capture_on_commit_callbacks
):
    intake = submitted_intake(patient=patient, phq9=(3, 3, 2, 2, 1, 2, 2, 1, 2))
    with django_capture_on_commit_callbacks(execute=True):
        urgent.raise_alert(intake=intake)
        urgent.raise_alert(intake=intake)
    assert len(mail.outbox) == 1


def test_a_link_outside_the_portal_is_refused(patient):
    intake = submitted_intake(patient=patient)
    with pytest.raises(ValueError, match="a path in the portal"):
        urgent.raise_alert(intake=intake, reason="x", link="https://elsewhere.example/")
    assert not UrgentAlert.objects.exists()


def test_a_check_in_is_saved_even_with_nobody_to_tell(
    client, patient, settings, django_capture_on_commit_callbacks
):
    settings.URGENT_ALERT_EMAILS = []
    due_course(patient)
    page = _check_in(client, patient, capture=django_capture_on_commit_callbacks)
    assert re.search("Help is here", page)
    assert CheckIn.objects.filter(course__patient=patient, item9=1).exists()
