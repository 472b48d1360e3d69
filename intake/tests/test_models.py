from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from intake.models import Intake, IntakeStep, SafetyAnswer

from .factories import IntakeFactory, TrialFactory

pytestmark = pytest.mark.django_db


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
