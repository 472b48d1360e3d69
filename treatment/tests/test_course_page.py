"""The patient's course page, /treatment/: where the course stands, the next check-in, the
chart, and who to contact; only ever the signed-in patient's own course."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from intake.tests.factories import submitted_intake
from portal.models import Clinic
from treatment.models import Course
from treatment.tests.factories import course_of

pytestmark = pytest.mark.django_db

URL = reverse("treatment:course")
VERDICTS = re.compile(r"\b(working|not working|failed|failure|success|great job|well done)\b", re.I)


def _text(response):
    """The page's words, tags stripped (the SVG's drawn labels included)."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def alice_course(patient):
    return course_of(submitted_intake(patient=patient), scores=(19, 16, 12, 8), sessions=14)


@pytest.fixture
def alice(client, patient):
    client.force_login(patient)
    return client


def test_the_owner_sees_their_course(alice, alice_course):
    response = alice.get(URL)
    assert response.status_code == 200
    text = _text(response)
    assert "Your course started on Nov. 2, 2026." in text
    assert "Session 14 of 36" in text
    assert "Your score went from 19 to 8, a drop of more than half." in text
    assert "10 Hz left DLPFC" in text
    html = response.content.decode()
    assert 'role="img"' in html
    assert "<polyline" in html
    assert html.count("<circle") == 4


def test_the_chart_has_a_table_of_the_same_figures(alice, alice_course):
    text = _text(alice.get(URL))
    assert "Date Score Change from start" in text
    assert "Nov. 2, 2026 19 Starting score" in text
    assert "Nov. 9, 2026 16 Down 3" in text
    assert "Nov. 23, 2026 8 Down 11" in text
    assert "Lower is better" in text


def test_the_lines_are_named_in_words(alice, alice_course):
    text = _text(alice.get(URL))
    assert "Half of start: 9.5" in text  # on the chart
    assert "Under 5" in text
    assert "Dashed line: half of the starting score (9.5)" in text  # in its key
    assert "Dotted line: a score under 5." in text


def test_it_never_reads_as_a_verdict(alice, alice_course):
    html = alice.get(URL).content.decode()
    assert not VERDICTS.search(_text(alice.get(URL)))
    assert not re.search(r"\b(green|red)\b|-(success|danger)\b|[✓✔✗✘]", html)


def test_a_check_in_that_is_due_offers_the_button(alice, alice_course):
    # The last check-in was on Nov. 23, 2026; a week later it is due.
    html = alice.get(URL).content.decode()
    assert "Your check-in is due now." in html
    assert f'href="{reverse("treatment:check_in")}"' in html


def test_a_check_in_not_yet_due_gives_its_date(alice, patient):
    today = timezone.localdate()
    course_of(submitted_intake(patient=patient), start=today - timedelta(days=7), scores=(19, 16))
    text = _text(alice.get(URL))
    in_a_week = today + timedelta(days=7)
    assert f"Your next check-in is on {date_format(in_a_week, 'N j, Y')}" in text
    assert "due now" not in text
    assert reverse("treatment:check_in") not in alice.get(URL).content.decode()


def test_before_the_first_check_in_it_is_due_now_and_there_is_no_chart(alice, patient):
    course_of(submitted_intake(patient=patient), scores=(), sessions=0)
    response = alice.get(URL)
    text = _text(response)
    assert "Your check-in is due now." in text
    assert "You have no check-in yet." in text
    assert "No sessions yet. 36 sessions are planned." in text
    assert "<svg" not in response.content.decode()


def test_a_single_check_in_draws_one_point(alice, patient):
    course_of(submitted_intake(patient=patient), scores=(19,))
    response = alice.get(URL)
    html = response.content.decode()
    assert html.count("<circle") == 1
    assert "<polyline" not in html
    assert "Your starting score was 19." in _text(response)


def test_a_completed_course_says_so_and_offers_no_check_in(alice, patient):
    intake = submitted_intake(patient=patient)
    course_of(intake, status=Course.Status.COMPLETED, ended_on=date(2026, 12, 18))
    text = _text(alice.get(URL))
    assert "Your TMS course is complete. Your course ended on Dec. 18, 2026." in text
    assert "check-in is due" not in text
    assert "next check-in" not in text


def test_a_stopped_course_says_so_plainly_without_the_staff_reason(alice, patient):
    course_of(
        submitted_intake(patient=patient),
        status=Course.Status.STOPPED,
        stopped_reason="Seizure risk after medication change",
        ended_on=date(2026, 11, 20),
    )
    text = _text(alice.get(URL))
    assert "Your TMS course was stopped before all the planned sessions were done." in text
    assert "It ended on Nov. 20, 2026." in text
    assert "Seizure" not in text


def test_the_open_course_comes_before_a_later_closed_one(alice, patient):
    intake = submitted_intake(patient=patient)
    course_of(intake, status=Course.Status.COMPLETED, start=date(2026, 12, 1), scores=(9, 3))
    course_of(intake, start=date(2026, 10, 1), scores=(19, 16))
    text = _text(alice.get(URL))
    assert "Your course started on Oct. 1, 2026." in text


def test_the_latest_closed_course_when_none_is_open(alice, patient):
    intake = submitted_intake(patient=patient)
    course_of(intake, status=Course.Status.COMPLETED, start=date(2026, 1, 5), scores=(20, 18))
    course_of(intake, status=Course.Status.COMPLETED, start=date(2026, 6, 1), scores=(19, 4))
    assert "from 19 to 4" in _text(alice.get(URL))


def test_without_a_course_a_kind_page(alice):
    response = alice.get(URL)
    assert response.status_code == 200
    text = _text(response)
    assert "Your TMS course is not in the portal yet." in text
    assert "When your clinic plans your course, they will add it here." in text
    assert "<svg" not in response.content.decode()


def test_who_to_contact_comes_from_the_clinic(alice, alice_course):
    Clinic(name="Lakeside TMS", phone="(555) 010-2000", hours="weekdays 8 to 5").save()
    html = alice.get(URL).content.decode()
    assert "Call Lakeside TMS at" in html
    assert 'href="tel:5550102000">(555) 010-2000</a>' in html
    assert "(weekdays 8 to 5)" in html


def test_another_patient_sees_only_their_own(client, alice_course, other_patient):
    client.force_login(other_patient)
    text = _text(client.get(URL))
    assert "Your TMS course is not in the portal yet." in text
    assert "19" not in text
    course_of(submitted_intake(patient=other_patient), scores=(11, 10), sessions=2)
    text = _text(client.get(URL))
    assert "Your score went from 11 to 10, a drop of 1." in text
    assert "Session 2 of 36" in text
    assert "from 19" not in text


def test_staff_get_the_page_for_patients(client, reviewer, alice_course):
    client.force_login(reviewer)
    response = client.get(URL)
    assert response.status_code == 403
    assert "This page is for patients" in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={URL}"


def test_it_rejects_post(alice, alice_course):
    assert alice.post(URL).status_code == 405


def test_it_is_never_cached(alice, alice_course):
    assert "no-store" in alice.get(URL)["Cache-Control"]


def test_no_inline_style_or_script(alice, alice_course):
    html = alice.get(URL).content.decode()
    assert " style=" not in html
    assert "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


def test_the_query_count_is_bounded(alice, alice_course, django_assert_max_num_queries):
    # The session, the user, the course (with its session count), the outcome definition,
    # the check-ins, whether this period's check-in is done, the clinic, and the savepoint
    # pair of ATOMIC_REQUESTS.
    with django_assert_max_num_queries(9):
        assert alice.get(URL).status_code == 200


def test_the_query_count_does_not_grow_with_check_ins(
    alice, patient, django_assert_max_num_queries
):
    course_of(submitted_intake(patient=patient), scores=tuple(range(27, 7, -1)), sessions=30)
    with django_assert_max_num_queries(9):
        assert alice.get(URL).status_code == 200


def test_the_header_links_to_the_course_only_for_a_patient_with_one(alice, patient, client):
    home = reverse("home")
    assert "My TMS course" not in alice.get(home).content.decode()
    course_of(submitted_intake(patient=patient))
    html = alice.get(home).content.decode()
    assert f'href="{URL}">My TMS course</a>' in html
    assert 'aria-current="page">My TMS course' in alice.get(URL).content.decode()


def test_the_intake_home_links_to_the_course(alice, alice_course):
    html = alice.get(reverse("intake:home")).content.decode()
    assert f'href="{URL}">Your TMS course</a>' in html


@pytest.mark.parametrize(
    ("started_days_ago", "checked_in_days_ago", "due"),
    [
        (10, 10, True),  # the second week's check-in is still to do
        (10, 2, False),  # done this week
        (3, 3, False),  # the baseline, this week
        (8, 6, True),  # a week's period began yesterday, though the last one was 6 days ago
    ],
)
def test_the_page_and_the_check_in_agree_on_whether_one_is_due(
    alice, patient, started_days_ago, checked_in_days_ago, due
):
    today = timezone.localdate()
    course = course_of(
        submitted_intake(patient=patient), start=today - timedelta(days=started_days_ago)
    )
    course.check_ins.all().delete()
    course.check_ins.create(
        taken_on=today - timedelta(days=checked_in_days_ago), source="patient", total=12, item9=0
    )
    page = _text(alice.get(URL))
    check_in = alice.get(reverse("treatment:check_in")).content.decode()
    assert ("Your check-in is due now." in page) is due
    assert ("You are up to date" not in check_in) is due
