"""Staff enter a PHQ-9 taken in the clinic: saved with its source and who entered it; bad input
gets a plain message and writes nothing; item 9 above 0 alerts the clinic as the patient's own
check-in does. Check-ins are records of care: seen, never changed; every view is recorded."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from intake.models import AccessEvent, UrgentAlert
from treatment.models import CheckIn

from .checkin_helpers import due_course

pytestmark = pytest.mark.django_db

ADD = reverse("admin:treatment_checkin_add")


@pytest.fixture
def course(patient):
    return due_course(patient)


def _data(course, **overrides):
    data = {
        "course": str(course.pk),
        "taken_on": timezone.localdate().isoformat(),
        "total": "14",
        "item9": "0",
        "difficulty": "",
        **{f"item_{n}": "" for n in range(1, 10)},
    }
    data.update(overrides)
    return data


def _items(*scores):
    return {f"item_{n}": str(score) for n, score in enumerate(scores, start=1)}


def test_a_reviewer_enters_a_clinic_score(reviewer_client, reviewer, course):
    response = reviewer_client.post(ADD, _data(course, difficulty="2"))
    assert response.status_code == 302
    saved = CheckIn.objects.latest("pk")
    assert (saved.course, saved.source, saved.total, saved.item9) == (course, "clinic", 14, 0)
    assert (saved.answers, saved.difficulty, saved.entered_by) == ([], 2, reviewer)
    assert mail.outbox == []


def test_the_items_when_given_are_kept(reviewer_client, course):
    response = reviewer_client.post(
        ADD, _data(course, **_items(2, 2, 2, 2, 2, 1, 1, 1, 1), item9="1")
    )
    assert response.status_code == 302
    assert CheckIn.objects.latest("pk").answers == [2, 2, 2, 2, 2, 1, 1, 1, 1]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"total": "28"}, "The total must be between 0 and 27."),
        ({"total": "-1"}, "The total must be between 0 and 27."),
        ({"item9": ""}, "This field is required."),
        ({"item9": "4"}, "Item 9 must be between 0 (not at all) and 3."),
        ({"taken_on": "2020-01-01"}, "The date cannot be before the course started"),
        ({"taken_on": "2099-01-01"}, "The date cannot be in the future."),
        ({**_items(1, 1, 1, 1, 1, 1, 1, 1, 0)}, "The nine items add up to 8, not 14."),
        ({**_items(2, 2, 2, 2, 2, 2, 2)}, "Give all nine item scores (0 to 3 each), or none."),
        ({**_items(2, 2, 2, 2, 2, 1, 1, 1, 1)}, "Item 9 in the items is not the item 9 given"),
        ({"item_3": "5"}, "less than or equal to 3"),
    ],
)
def test_bad_input_gets_a_plain_message_and_nothing_is_saved(
    reviewer_client, course, overrides, message, django_capture_on_commit_callbacks
):
    before = CheckIn.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(ADD, _data(course, **overrides))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Constraint" not in page
    assert CheckIn.objects.count() == before
    assert mail.outbox == []


def test_item_9_above_0_alerts_the_clinic(
    reviewer_client, course, settings, django_capture_on_commit_callbacks
):
    settings.URGENT_ALERT_EMAILS = ["oncall@clinic.example"]
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(ADD, _data(course, item9="2"))
    assert response.status_code == 302
    alert = UrgentAlert.objects.get(intake=course.intake)
    assert alert.reason == "A PHQ-9 check-in taken in the clinic"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["oncall@clinic.example"]
    assert course.patient.email not in mail.outbox[0].body


def test_a_saved_check_in_is_seen_not_changed_and_each_view_recorded(
    reviewer_client, reviewer, course
):
    check_in = course.check_ins.first()
    url = reverse("admin:treatment_checkin_change", args=[check_in.pk])
    page = reviewer_client.get(url)
    assert page.status_code == 200
    assert 'name="total"' not in page.content.decode()
    assert AccessEvent.objects.filter(user=reviewer, intake_id=course.intake_id).exists()
    reviewer_client.post(url, {"total": "3"})
    check_in.refresh_from_db()
    assert check_in.total == 19

    listing = reviewer_client.get(reverse("admin:treatment_checkin_changelist"))
    assert course.patient.email in listing.content.decode()
    assert AccessEvent.objects.filter(user=reviewer, detail="PHQ-9 check-in list").exists()


def test_a_date_on_the_course_start_is_accepted(reviewer_client, course):
    start = course.start_date.isoformat()
    assert reviewer_client.post(ADD, _data(course, taken_on=start)).status_code == 302
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert reviewer_client.post(ADD, _data(course, taken_on=yesterday)).status_code == 302
