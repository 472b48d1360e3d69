"""The course's PHQ-9 trajectory: response, remission and the plain-words sentence."""

from datetime import date

import pytest
from django.utils import translation

from treatment.chart_words import patient_sentence
from treatment.trajectory import Thresholds, staff_sentence, trajectory


def _course(*totals, thresholds=None):
    return trajectory(
        [(date(2026, 1, 1 + 7 * week), total) for week, total in enumerate(totals)], thresholds
    )


@pytest.mark.parametrize(
    ("totals", "response", "remission"),
    [
        ((19,), None, None),  # a baseline alone says nothing yet
        ((19, 10), False, False),  # 10 is more than half of 19
        ((19, 9), True, False),
        ((20, 10), True, False),  # exactly half counts (at most half the baseline)
        ((19, 4), True, True),
        ((19, 5), True, False),  # remission is under 5
        ((0, 0), None, True),  # no response without a baseline to drop from
        ((12, 14), False, False),
    ],
)
def test_response_and_remission(totals, response, remission):
    course = _course(*totals)
    assert course.response is response
    assert course.remission is remission


def test_the_first_check_in_by_date_is_the_baseline():
    course = trajectory([(date(2026, 2, 1), 8), (date(2026, 1, 1), 19)])
    assert (course.baseline, course.latest, course.change) == (19, 8, -11)


def test_the_clinic_s_thresholds_are_used():
    strict = Thresholds(response_drop_percent=60, remission_below=8)
    course = _course(20, 9, thresholds=strict)
    assert course.response is False  # 9 is over 8, the 60% drop line
    assert _course(20, 7, thresholds=strict).remission is True


@pytest.mark.parametrize(
    ("totals", "words"),
    [
        ((), "You have no check-in yet. Your first one gives the starting score."),
        ((19,), "Your starting score was 19. Your next check-in shows the change."),
        ((19, 8), "Your score went from 19 to 8, a drop of more than half."),
        ((20, 10), "Your score went from 20 to 10, a drop of half."),
        ((19, 12), "Your score went from 19 to 12, a drop of 7."),
        ((12, 15), "Your score went from 12 to 15, up by 3."),
        ((12, 12), "Your score is 12, the same as at the start."),
    ],
)
def test_the_sentence_says_the_scores_in_plain_words(totals, words):
    with translation.override("en"):
        assert patient_sentence(_course(*totals)) == words


@pytest.mark.parametrize(
    ("totals", "words"),
    [
        ((), "No PHQ-9 check-in yet."),
        ((19,), "Baseline PHQ-9 19; no later check-in yet."),
        ((19, 8), "The PHQ-9 went from 19 to 8, a drop of more than half."),
        ((12, 12), "The PHQ-9 is 12, the same as the baseline."),
    ],
)
def test_the_staff_sentence_speaks_of_the_patient_s_score_not_to_them(totals, words):
    assert staff_sentence(_course(*totals)) == words
