"""treatment/outcomes.py: each course's PHQ-9, response, remission, sessions and authorization,
and the rates over completed courses, in a fixed number of queries."""

import pytest

from intake.tests.factories import submitted_intake
from treatment.models import Course, OutcomeDefinition
from treatment.outcomes import authorized_sessions, courses_for_outcomes, outcomes
from treatment.tests.factories import course_of

pytestmark = pytest.mark.django_db
COMPLETED = Course.Status.COMPLETED


def _course(**options):
    return course_of(submitted_intake(), **options)


def test_a_course_reads_baseline_latest_response_remission_and_authorization():
    course = _course(scores=(20, 14, 4), approved=30, extension=6, sessions=5)
    row = outcomes().courses[0]
    assert row.id == course.pk
    assert (row.baseline_phq9, row.latest_phq9, row.change) == (20, 4, -16)
    assert (row.response, row.remission) == (True, True)
    assert (row.sessions_done, row.sessions_planned) == (5, 36)
    assert (row.sessions_authorized, row.authorization_remaining) == (36, 31)


def test_a_course_with_one_check_in_has_no_latest_and_no_verdict():
    _course(scores=(18,))
    row = outcomes().courses[0]
    assert (row.baseline_phq9, row.latest_phq9, row.change) == (18, None, None)
    assert (row.response, row.remission) == (None, None)


def test_sessions_past_the_authorization_leave_a_negative_remainder():
    _course(approved=2, sessions=4)
    assert outcomes().courses[0].authorization_remaining == -2


def test_a_course_without_an_authorization_has_none_authorized():
    course = _course()
    course.authorizations.all().delete()
    row = outcomes().courses[0]
    assert (row.sessions_authorized, row.authorization_remaining) == (None, None)
    assert authorized_sessions(course) is None


def test_the_rates_count_only_completed_courses_with_two_check_ins():
    _course(status=COMPLETED, scores=(20, 4))  # response and remission
    _course(status=COMPLETED, scores=(20, 9))  # response only
    _course(status=COMPLETED, scores=(20, 15))  # neither
    _course(status=COMPLETED, scores=(20,))  # one check-in: left out
    _course(status=Course.Status.ACTIVE, scores=(20, 2))  # not completed: left out
    report = outcomes()
    assert report.completed == 4
    assert (report.response.count, report.response.of) == (2, 3)
    assert (report.remission.count, report.remission.of) == (1, 3)
    assert report.as_json()["response_rate"] == pytest.approx(0.6667)
    assert report.as_json()["remission_rate"] == pytest.approx(0.3333)


def test_the_rates_are_null_when_no_completed_course_has_two_check_ins():
    _course(status=COMPLETED, scores=(20,))
    _course(status=Course.Status.ACTIVE, scores=(20, 4))
    report = outcomes().as_json()
    assert (report["response_rate"], report["remission_rate"]) == (None, None)


def test_the_clinic_definition_decides_response_and_remission():
    _course(status=COMPLETED, scores=(20, 12))  # a 40% drop, latest 12
    assert outcomes().courses[0].response is False
    OutcomeDefinition.objects.filter(pk=1).update(response_drop_percent=40, remission_below=13)
    row = outcomes().courses[0]
    assert (row.response, row.remission) == (True, True)


def test_reading_every_course_costs_the_same_few_queries(django_assert_max_num_queries):
    for _ in range(6):
        _course(status=COMPLETED, extension=6, scores=(20, 15, 9))
    # The definition, the courses, their check-ins, authorizations and extensions.
    with django_assert_max_num_queries(5):
        report = outcomes(courses_for_outcomes())
        assert len(report.courses) == 6
        assert [row.sessions_authorized for row in report.courses] == [36] * 6
