"""The patient's PHQ-9 check-in at /treatment/check-in/: the questions, the saved check-in, the
thank-you page (no verdict), and what is refused (nothing saved)."""

import re

import pytest
from django.urls import reverse
from django.utils import dateformat, timezone

from intake.eligibility.vocabulary import PHQ9_DIFFICULTY_ITEM, PHQ9_ITEMS
from treatment.models import CheckIn

from .checkin_helpers import ANSWERS, due_course, form_data

pytestmark = pytest.mark.django_db

URL = reverse("treatment:check_in")


@pytest.fixture
def course(patient):
    return due_course(patient)


def test_it_shows_the_nine_questions_and_the_difficulty_item(client, patient, course):
    client.force_login(patient)
    page = client.get(URL).content.decode()
    for item in PHQ9_ITEMS:
        assert item.replace("'", "&#x27;") in page or item in page
    assert PHQ9_DIFFICULTY_ITEM in page
    assert "Nearly every day" in page
    assert "Send my check-in" in page
    # The crisis help is in the page, hidden until item 9 is answered above "Not at all".
    assert 'id="phq9-crisis"' in page


def test_it_saves_the_check_in_and_thanks_the_patient_without_a_verdict(client, patient, course):
    client.force_login(patient)
    response = client.post(URL, form_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("treatment:check_in_thanks")
    saved = course.check_ins.latest("pk")
    assert saved.source == CheckIn.Source.PATIENT
    assert saved.answers == list(ANSWERS)
    assert (saved.total, saved.item9, saved.difficulty) == (12, 0, 1)
    assert saved.taken_on == timezone.localdate()

    page = client.get(response["Location"]).content.decode()
    assert "Thank you for your check-in" in page
    assert "12 out of 27" in page
    assert "10 to 14" in page
    assert "moderate" in page
    assert "Your care team reads every check-in" in page
    assert f'href="{reverse("treatment:course")}"' in page
    for verdict in ("eligible", "approved", "rejected", "improv", "better", "worse", "respond"):
        assert verdict not in page.lower(), verdict
    assert "Help is here, right now" not in page


def test_a_missing_answer_is_refused_with_a_plain_message_and_nothing_saved(
    client, patient, course
):
    client.force_login(patient)
    before = CheckIn.objects.count()
    data = form_data()
    del data["phq9_4"]
    data["phq9_5"] = "7"
    response = client.post(URL, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="error-summary"' in page
    assert "Please choose one answer." in page
    assert "Please choose one of the answers." in page
    assert CheckIn.objects.count() == before
    # What was answered is kept.
    assert re.search(r'<input[^>]*name="phq9_1"[^>]*value="2"[^>]*checked', page)


def test_the_difficulty_item_may_be_skipped(client, patient, course):
    client.force_login(patient)
    assert client.post(URL, form_data(difficulty=None)).status_code == 302
    assert course.check_ins.latest("pk").difficulty is None


def test_once_done_the_check_in_says_when_the_next_is_and_refuses_a_second(client, patient, course):
    client.force_login(patient)
    client.post(URL, form_data())
    count = CheckIn.objects.count()
    page = client.get(URL)
    assert page.status_code == 200
    text = page.content.decode()
    assert "You are up to date" in text
    assert "Send my check-in" not in text
    next_due = timezone.localdate() + timezone.timedelta(days=7)
    assert dateformat.format(next_due, "N j, Y") in text
    again = client.post(URL, form_data())
    assert again.status_code == 409
    assert CheckIn.objects.count() == count


def test_a_patient_without_an_open_course_is_told_so_and_nothing_is_saved(
    client, other_patient, course
):
    client.force_login(other_patient)
    page = client.get(URL)
    assert page.status_code == 200
    assert "You have no TMS course with check-ins right now" in page.content.decode()
    assert client.post(URL, form_data()).status_code == 409
    assert not CheckIn.objects.filter(course__patient=other_patient).exists()


def test_a_completed_course_has_no_check_in(client, patient):
    due_course(patient, status="completed")
    client.force_login(patient)
    assert "no TMS course with check-ins" in client.get(URL).content.decode()


def test_it_requires_sign_in_and_is_for_patients_only(client, reviewer, course):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    client.force_login(reviewer)
    assert client.get(URL).status_code == 403


def test_it_rejects_other_methods(client, patient, course):
    client.force_login(patient)
    assert client.delete(URL).status_code == 405


def test_the_thanks_page_shows_only_the_patients_own_check_in(
    client, patient, other_patient, course
):
    client.force_login(other_patient)
    session = client.session
    session["treatment_check_in_done"] = course.check_ins.first().pk
    session.save()
    response = client.get(reverse("treatment:check_in_thanks"))
    assert response.status_code == 302
    assert response["Location"] == URL
