"""``manage.py outcomes_report``: the text table and the contract's JSON (docs/contract.md)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from intake.tests.factories import submitted_intake
from treatment.models import Course
from treatment.tests.factories import course_of

pytestmark = pytest.mark.django_db


def _run(*args):
    out = StringIO()
    call_command("outcomes_report", *args, stdout=out)
    return out.getvalue()


def test_the_json_has_exactly_the_contract_keys_and_the_values_of_known_courses():
    done = course_of(
        submitted_intake(), status=Course.Status.COMPLETED, scores=(20, 10, 4), sessions=6
    )
    going = course_of(submitted_intake(), scores=(16,), approved=30, extension=6, sessions=2)
    report = json.loads(_run("--json"))
    assert set(report) == {"courses", "response_rate", "remission_rate"}
    by_id = {row["id"]: row for row in report["courses"]}
    assert by_id[done.pk] == {
        "id": done.pk,
        "status": "completed",
        "baseline_phq9": 20,
        "latest_phq9": 4,
        "response": True,
        "remission": True,
        "sessions_done": 6,
        "sessions_planned": 36,
        "sessions_authorized": 30,
        "authorization_remaining": 24,
    }
    assert by_id[going.pk] == {
        "id": going.pk,
        "status": "active",
        "baseline_phq9": 16,
        "latest_phq9": None,
        "response": None,
        "remission": None,
        "sessions_done": 2,
        "sessions_planned": 36,
        "sessions_authorized": 36,
        "authorization_remaining": 34,
    }
    assert (report["response_rate"], report["remission_rate"]) == (1.0, 1.0)


def test_the_json_rates_are_null_without_a_completed_course():
    course_of(submitted_intake())
    report = json.loads(_run("--json"))
    assert (report["response_rate"], report["remission_rate"]) == (None, None)


def test_the_text_is_a_table_with_the_rates_in_words():
    course = course_of(submitted_intake(), status=Course.Status.COMPLETED, scores=(20, 12))
    text = _run()
    lines = text.splitlines()
    assert lines[0].split()[:4] == ["Course", "Status", "Baseline", "Latest"]
    assert lines[1].split()[:7] == [str(course.pk), "Completed", "20", "12", "-8", "no", "no"]
    assert "Response rate: 0% (0 of 1 completed courses with two check-ins)" in text


def test_the_text_says_when_there_is_nothing_to_count():
    text = _run()
    assert "No course yet." in text
    assert "Response rate: no completed course has two check-ins yet" in text
