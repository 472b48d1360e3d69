"""Shared by the check-in tests: a patient's course with a check-in due today, and the answers
the form posts."""

from datetime import timedelta

from django.utils import timezone

from intake.tests.factories import submitted_intake
from treatment.tests.factories import course_of

# Twelve points, item 9 "Not at all".
ANSWERS = (2, 2, 1, 1, 2, 1, 2, 1, 0)


def due_course(patient, *, weeks=2, scores=(19, 15), **fields):
    """An active course that started ``weeks`` weeks ago, with a check-in a week for the weeks
    in ``scores``: with the defaults, today's check-in is due."""
    start = timezone.localdate() - timedelta(days=7 * weeks)
    intake = fields.pop("intake", None) or submitted_intake(patient=patient)
    return course_of(intake, start=start, scores=scores, **fields)


def form_data(answers=ANSWERS, difficulty=1):
    data = {f"phq9_{number}": str(value) for number, value in enumerate(answers, start=1)}
    if difficulty is not None:
        data["phq9_difficulty"] = str(difficulty)
    return data
