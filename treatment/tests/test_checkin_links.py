"""The one-time link of a check-in mail: the patient signs in, lands on the check-in, and the
link is used up by the saved check-in. Used, expired, made-up and other patients' links get a
plain page (404 for the last two alike), and the usual check-in when one is due."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from treatment.models import CheckInLink
from treatment.services.checkins import new_link

from .checkin_helpers import due_course, form_data

pytestmark = pytest.mark.django_db


def _url(token):
    return reverse("treatment:check_in_link", args=[token])


def _without_csrf(response):
    """The page without its CSRF token and without the address the language switch comes back
    to (the link's own, which the visitor typed)."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return re.sub(r'name="next" value="[^"]*"', "", html)


@pytest.fixture
def course(patient):
    return due_course(patient)


@pytest.fixture
def token(course):
    _link, token = new_link(course=course, due_on=timezone.localdate())
    return token


def test_only_the_hash_of_the_token_is_stored(course, token):
    link = CheckInLink.objects.get()
    assert link.token_hash == CheckInLink.hash_token(token)
    assert token not in link.token_hash
    assert link.expires_at > timezone.now() + timedelta(days=6)


def test_the_link_asks_to_sign_in_then_lands_on_the_check_in(client, patient, token):
    response = client.get(_url(token))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "next=" in response["Location"]
    client.force_login(patient)
    response = client.get(_url(token))
    assert response.status_code == 302
    assert response["Location"] == reverse("treatment:check_in")
    assert "Send my check-in" in client.get(response["Location"]).content.decode()


def test_the_link_works_once(client, patient, course, token):
    client.force_login(patient)
    client.get(_url(token))
    # Opening it again before the check-in is saved still works (a mail scanner uses nothing).
    assert client.get(_url(token))["Location"] == reverse("treatment:check_in")
    assert client.post(reverse("treatment:check_in"), form_data()).status_code == 302
    link = CheckInLink.objects.get()
    assert link.used_at is not None
    assert link.check_in == course.check_ins.latest("pk")

    again = client.get(_url(token))
    assert again.status_code == 200
    page = again.content.decode()
    assert "You already did this check-in" in page
    assert "You have no check-in to do right now" in page
    assert "Send my check-in" not in page


def test_an_expired_link_gets_a_plain_page_and_the_check_in_when_due(
    client, patient, course, token
):
    CheckInLink.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(patient)
    response = client.get(_url(token))
    assert response.status_code == 200
    page = response.content.decode()
    assert "This link has expired" in page
    assert f'href="{reverse("treatment:check_in")}"' in page
    assert "Do your check-in" in page
    # A check-in saved after it does not mark the expired link used.
    client.post(reverse("treatment:check_in"), form_data())
    assert CheckInLink.objects.get().used_at is None


def test_the_link_of_a_course_that_ended_has_expired(client, patient, course, token):
    course.status = "completed"
    course.save()
    client.force_login(patient)
    assert "This link has expired" in client.get(_url(token)).content.decode()


def test_another_patients_link_is_a_404_like_a_made_up_one(client, other_patient, token):
    client.force_login(other_patient)
    theirs = client.get(_url(token))
    made_up = client.get(_url("not-a-token"))
    assert theirs.status_code == made_up.status_code == 404
    assert "This link does not work" in theirs.content.decode()
    assert _without_csrf(theirs) == _without_csrf(made_up)
    assert CheckInLink.objects.get().used_at is None


def test_another_patients_link_in_the_session_marks_nothing(
    client, patient, other_patient, course, token
):
    due_course(other_patient)
    client.force_login(other_patient)
    session = client.session
    session["treatment_check_in_link"] = CheckInLink.objects.get().pk
    session.save()
    assert client.post(reverse("treatment:check_in"), form_data()).status_code == 302
    assert CheckInLink.objects.get().used_at is None


def test_a_very_long_token_is_a_plain_404(client, patient, course):
    client.force_login(patient)
    assert client.get(_url("x" * 5000)).status_code == 404


def test_the_link_page_is_get_only(client, patient, token):
    client.force_login(patient)
    assert client.post(_url(token)).status_code == 405
