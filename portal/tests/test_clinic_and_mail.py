"""The clinic's own details (one admin-edited record) and mail sent through Celery at commit."""

import smtplib

import pytest
from django.core import mail

from portal.mail import queue_mail
from portal.models import Clinic
from portal.tasks import retry_delay, send_mail_task

pytestmark = pytest.mark.django_db


def test_without_a_record_the_clinic_is_named_from_the_setting(client, settings):
    settings.CLINIC_NAME = "Lakeside TMS"
    Clinic.objects.all().delete()
    page = client.get("/").content.decode()
    assert "Lakeside TMS" in page
    assert "Contact Lakeside TMS" not in page  # no phone or address yet: nothing to list


def test_the_footer_shows_what_staff_set(client):
    Clinic(
        name="Lakeside TMS",
        phone="(555) 010-2000",
        text_line="555-010-3000",
        hours="Monday to Friday, 8 am to 5 pm",
    ).save()
    page = client.get("/").content.decode()
    assert "Contact Lakeside TMS" in page
    assert 'href="tel:5550102000"' in page
    assert 'href="sms:5550103000"' in page
    assert "Monday to Friday, 8 am to 5 pm" in page


def test_the_admin_list_opens_the_one_record(admin_client):
    response = admin_client.get("/admin/portal/clinic/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/portal/clinic/1/change/"
    assert Clinic.objects.count() == 1
    response = admin_client.post(
        "/admin/portal/clinic/1/change/",
        {
            "name": "Lakeside TMS",
            "phone": "555 0100",
            "urgent_response": "within 2 hours",
            "sessions_requested": 36,
        },
    )
    assert response.status_code == 302
    assert Clinic.current().urgent_response == "within 2 hours"
    assert admin_client.get("/admin/portal/clinic/add/").status_code == 403


def test_mail_leaves_only_when_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_mail(to=["a@example.com", "a@example.com", ""], subject="Hello\n there", body="Hi")
        assert mail.outbox == []
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["a@example.com"]
    assert mail.outbox[0].subject == "Hello there"


def test_a_rolled_back_write_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue_mail(to=["a@example.com"], subject="s", body="b")
    assert len(callbacks) == 1  # run only on commit; a rollback drops it
    assert mail.outbox == []


def test_a_failed_send_is_tried_again_with_growing_pauses(monkeypatch, settings):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr("portal.tasks.send_mail", refuse)
    retried = []

    def fake_retry(*, exc, countdown):
        retried.append(countdown)
        return RuntimeError("retry")

    monkeypatch.setattr(send_mail_task, "retry", fake_retry)
    # As a worker runs it (not eagerly): a failure asks Celery to try again later.
    send_mail_task.push_request(retries=2, is_eager=False)
    try:
        with pytest.raises(RuntimeError, match="retry"):
            send_mail_task.run(to=["a@example.com"], subject="s", body="b")
    finally:
        send_mail_task.pop_request()
    assert retried == [120]
    assert [retry_delay(n) for n in (0, 1, 10)] == [30, 60, 1800]


def test_a_cached_reading_page_shows_the_clinics_new_phone_at_once(client):
    Clinic(name="Lakeside TMS", phone="(555) 010-2000").save()
    assert "(555) 010-2000" in client.get("/learn/").content.decode()
    clinic = Clinic.current()
    clinic.phone = "(555) 010-9999"
    clinic.save()
    page = client.get("/learn/").content.decode()
    assert "(555) 010-9999" in page
    assert "(555) 010-2000" not in page


def test_the_admin_is_headed_with_the_clinics_own_name(admin_client):
    Clinic(name="Lakeside TMS").save()
    page = admin_client.get("/admin/").content.decode()
    assert "Lakeside TMS admin" in page
