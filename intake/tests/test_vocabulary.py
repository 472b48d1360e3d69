"""The one copy of the PHQ-9 wording and scoring, the safety keys and the limits
(intake/eligibility/vocabulary.py). Pure: no database."""

import pytest

from intake.eligibility.vocabulary import (
    MAX_DAILY_DOSE_MG,
    MAX_DOSE_MG,
    MAX_PROFILE_WEEKS,
    MAX_TRIAL_WEEKS,
    PHQ9_ANSWERS,
    PHQ9_ITEMS,
    PHQ9_SEVERITY_LABELS,
    SAFETY_CAUTION,
    SAFETY_ITEMS,
    SAFETY_KEYS,
    SAFETY_QUESTIONS,
    SAFETY_STAFF_WORDS,
    SAFETY_STOP,
    SAFETY_TOPICS,
    SEVERITY_BANDS,
    SEVERITY_WORDS,
    item9_is_urgent,
    phq9_severity,
    phq9_total,
)

CONTRACT_SAFETY_KEYS = [
    "seizure",
    "fainting",
    "head_injury",
    "hearing_problem",
    "cochlear_implant",
    "metal_in_head",
    "implanted_stimulator",
    "pacemaker",
    "medication_pump",
    "pregnancy",
    "seizure_threshold_meds",
    "brain_condition",
    "prior_tms_problem",
    "prior_mri_problem",
]


def test_safety_keys_are_exactly_the_contracts():
    assert list(SAFETY_KEYS) == CONTRACT_SAFETY_KEYS


def test_phq9_has_nine_items_and_four_scored_answers():
    assert len(PHQ9_ITEMS) == 9
    assert PHQ9_ANSWERS == (
        (0, "Not at all"),
        (1, "Several days"),
        (2, "More than half the days"),
        (3, "Nearly every day"),
    )
    assert PHQ9_ITEMS[8] == (
        "Thoughts that you would be better off dead, or of hurting yourself in some way"
    )


@pytest.mark.parametrize(
    ("total", "severity"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately_severe"),
        (19, "moderately_severe"),
        (20, "severe"),
        (27, "severe"),
        (None, None),
    ],
)
def test_phq9_severity_cut_points(total, severity):
    assert phq9_severity(total) == severity


def test_phq9_total_needs_all_nine():
    assert phq9_total([3] * 9) == 27
    assert phq9_total([3] * 8 + [None]) is None
    assert phq9_total([3] * 8) is None


@pytest.mark.parametrize(("score", "urgent"), [(None, False), (0, False), (1, True), (3, True)])
def test_item9_is_urgent_for_any_answer_above_0(score, urgent):
    assert item9_is_urgent(score) is urgent


def test_every_band_has_a_label_and_words_for_a_sentence():
    bands = [band for _lowest, band in SEVERITY_BANDS]
    assert list(PHQ9_SEVERITY_LABELS) == bands
    assert SEVERITY_WORDS["moderately_severe"] == "moderately severe"
    assert PHQ9_SEVERITY_LABELS["moderately_severe"] == "Moderately severe"


def test_each_safety_item_has_a_question_a_topic_a_level_and_a_reviewers_words():
    assert [item.key for item in SAFETY_ITEMS] == list(SAFETY_KEYS)
    assert all(item.staff for item in SAFETY_ITEMS)
    assert SAFETY_STAFF_WORDS["pacemaker"] == "pacemaker or defibrillator"
    assert set(SAFETY_QUESTIONS) == set(SAFETY_TOPICS) == set(SAFETY_KEYS)
    assert set(SAFETY_STOP) | set(SAFETY_CAUTION) == set(SAFETY_KEYS)
    assert SAFETY_STOP == (
        "cochlear_implant",
        "metal_in_head",
        "implanted_stimulator",
        "pacemaker",
        "medication_pump",
    )


def test_the_weeks_limits_are_ten_years_for_an_answer_and_a_year_for_a_profile():
    assert MAX_TRIAL_WEEKS == 520
    assert MAX_PROFILE_WEEKS == 52


def test_a_patients_dose_stops_below_what_the_catalogue_and_a_case_may_say():
    assert MAX_DAILY_DOSE_MG == 2000
    assert MAX_DOSE_MG == 5000
