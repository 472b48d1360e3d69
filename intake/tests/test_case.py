"""intake.services.case.case_from_intake: the case JSON of docs/contract.md, from a real intake."""

import datetime
import json
from decimal import Decimal

import pytest

from intake.models import SafetyAnswer
from intake.services.case import case_from_intake

from .factories import IntakeFactory, TrialFactory

pytestmark = pytest.mark.django_db

CONTRACT_KEYS = {
    "age",
    "phq9",
    "diagnosis",
    "psychosis",
    "substance_use_90d",
    "trials",
    "psychotherapy",
    "ect",
    "prior_tms",
    "safety_yes",
}


def test_a_complete_intake_becomes_the_contracts_example_case(client, complete_intake):
    SafetyAnswer.objects.filter(intake=complete_intake, key="seizure").update(answer="yes")
    case = case_from_intake(complete_intake, on=datetime.date(2026, 11, 25))
    assert set(case) == CONTRACT_KEYS
    assert case == {
        "age": 46,
        "phq9": [3, 3, 2, 2, 1, 2, 2, 1, 0],
        "diagnosis": "mdd_recurrent",
        "psychosis": False,
        "substance_use_90d": False,
        "trials": [
            {
                "medication": "sertraline",
                "daily_dose_mg": 150,
                "weeks": 8,
                "outcome": "no_change",
                "current_episode": True,
                "augmentation": False,
            },
            {
                "medication": "Wellbutrin XL",
                "daily_dose_mg": 300,
                "weeks": 6,
                "outcome": "partial",
                "current_episode": True,
                "augmentation": False,
            },
        ],
        "psychotherapy": [{"kind": "cbt", "weeks": 12, "outcome": "no_change"}],
        "ect": {"had": False},
        "prior_tms": {"had": False, "improvement_pct": None},
        "safety_yes": ["seizure"],
    }
    json.dumps(case)  # plain JSON types only


@pytest.mark.parametrize(
    ("on", "age"),
    [
        (datetime.date(2026, 3, 26), 45),
        (datetime.date(2026, 3, 27), 46),
        (datetime.date(2030, 1, 1), 49),
    ],
)
def test_age_is_computed_on_the_day_of_evaluation(patient, on, age):
    intake = IntakeFactory(patient=patient, date_of_birth=datetime.date(1980, 3, 27))
    assert case_from_intake(intake, on=on)["age"] == age


def test_an_unfinished_intake_has_nulls_not_guesses(patient):
    intake = IntakeFactory(patient=patient, phq9_1=3, phq9_2=2)
    TrialFactory(
        intake=intake,
        medication="something blue",
        daily_dose_mg=None,
        weeks=None,
        outcome="",
        current_episode="not_sure",
        augmentation="yes",
    )
    case = case_from_intake(intake)
    assert case["age"] is None
    assert case["phq9"] is None
    assert case["diagnosis"] is None
    assert case["psychosis"] is None
    assert case["trials"] == [
        {
            "medication": "something blue",
            "daily_dose_mg": None,
            "weeks": None,
            "outcome": "unknown",
            "augmentation": True,
            "current_episode": None,  # "not sure": uncertain, never counted by default
        }
    ]
    assert case["psychotherapy"] == []
    assert case["safety_yes"] == []


def test_fractional_doses_stay_numbers_and_only_current_psychosis_counts(patient):
    intake = IntakeFactory(patient=patient, psychosis="past", tms_had="yes", tms_improvement_pct=60)
    TrialFactory(intake=intake, daily_dose_mg=Decimal("37.50"), current_episode="no")
    case = case_from_intake(intake)
    assert case["trials"][0]["daily_dose_mg"] == 37.5
    assert case["trials"][0]["current_episode"] is False
    assert case["psychosis"] is False
    intake.psychosis = "current"
    assert case_from_intake(intake)["psychosis"] is True
    assert case["prior_tms"] == {"had": True, "improvement_pct": 60}


def test_safety_yes_follows_the_contracts_order(patient):
    intake = IntakeFactory(patient=patient)
    for key in ("pregnancy", "seizure", "metal_in_head"):
        SafetyAnswer.objects.create(intake=intake, key=key, answer="yes")
    SafetyAnswer.objects.create(intake=intake, key="fainting", answer="no")
    assert case_from_intake(intake)["safety_yes"] == ["seizure", "metal_in_head", "pregnancy"]


@pytest.mark.parametrize(
    ("diagnosis", "high_mood", "expected"),
    [
        ("mdd_recurrent", "no", "mdd_recurrent"),
        ("mdd_recurrent", "not_sure", "not_sure"),
        ("mdd_single", "yes", "not_sure"),
        ("bipolar", "not_sure", "bipolar"),
        ("not_sure", "no", "not_sure"),
    ],
)
def test_high_mood_not_sure_never_rules_bipolar_out(
    complete_intake, diagnosis, high_mood, expected
):
    from intake.services.evaluation import evaluate_intake

    complete_intake.diagnosis = diagnosis
    complete_intake.high_mood = high_mood
    complete_intake.save()
    assert case_from_intake(complete_intake)["diagnosis"] == expected
    if expected == "not_sure":
        evaluation = evaluate_intake(complete_intake).evaluation
        assert evaluation.criteria["exclusions"] == "unknown"
        assert "criterion.exclusions" in [n.code for n in evaluation.notes if n.level == "caution"]
