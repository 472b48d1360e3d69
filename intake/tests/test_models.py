from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from intake.models import Intake, IntakeStep, SafetyAnswer
from intake.questions import (
    PHQ9_ANSWERS,
    PHQ9_ITEMS,
    SAFETY_KEYS,
    phq9_severity,
    phq9_total,
)

from .factories import IntakeFactory, TrialFactory

pytestmark = pytest.mark.django_db

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


def test_one_open_intake_per_patient(patient):
    IntakeFactory(patient=patient)
    with pytest.raises(IntegrityError), transaction.atomic():
        IntakeFactory(patient=patient)
    IntakeFactory(
        patient=patient, status="closed", submitted_at=timezone.now(), outcome="withdrawn"
    )
    assert Intake.objects.for_patient(patient).count() == 2


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "approved"},
        {"status": "closed", "submitted_at": timezone.now()},  # no outcome
        {"status": "needs_info", "submitted_at": timezone.now()},  # no message
        {"status": "submitted"},  # no submitted_at
        {"urgent": True},  # no time
        {"phq9_9": 4},
        {"phq9_difficulty": 7},
        {"tms_improvement_pct": 101},
    ],
)
def test_database_constraints_refuse_impossible_intakes(patient, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        IntakeFactory(patient=patient, **fields)


@pytest.mark.parametrize("fields", [{"daily_dose_mg": -1}, {"weeks": 521}, {"outcome": "great"}])
def test_database_constraints_refuse_impossible_trials(patient, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        TrialFactory(intake=IntakeFactory(patient=patient), **fields)


def test_one_answer_per_safety_key_and_only_known_keys(patient):
    intake = IntakeFactory(patient=patient)
    SafetyAnswer.objects.create(intake=intake, key="seizure", answer="no")
    with pytest.raises(IntegrityError), transaction.atomic():
        SafetyAnswer.objects.create(intake=intake, key="seizure", answer="yes")
    with pytest.raises(IntegrityError), transaction.atomic():
        SafetyAnswer.objects.create(intake=intake, key="telepathy", answer="yes")


def test_one_row_per_step(patient):
    intake = IntakeFactory(patient=patient)
    IntakeStep.objects.create(intake=intake, step="phq9")
    with pytest.raises(IntegrityError), transaction.atomic():
        IntakeStep.objects.create(intake=intake, step="phq9")
    with pytest.raises(IntegrityError), transaction.atomic():
        IntakeStep.objects.create(intake=intake, step="review")


def test_str_and_url(patient):
    intake = IntakeFactory(patient=patient, legal_name="Alice Example")
    assert str(intake) == "Intake of Alice Example (draft)"
    assert intake.get_absolute_url() == "/intake/"
    assert str(TrialFactory(intake=intake, daily_dose_mg=Decimal("37.50"))) == "sertraline 37.5 mg"
