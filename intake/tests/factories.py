"""Intakes for every test: factories for single rows, and one builder of whole intakes
(`build_intake`) with its two presets, `submitted_intake` (as the queue shows it) and
`make_intake` (every answer given, as the notes read it). The people are in
portal/tests/factories.py."""

import datetime

import factory
from django.utils import timezone

from intake.eligibility.vocabulary import SAFETY_KEYS
from intake.models import Intake, SafetyAnswer, Status, StatusChange, Trial
from portal.tests.factories import PatientFactory

# The example case of docs/contract.md, as intake answers.
PHQ9 = (3, 3, 2, 2, 1, 2, 2, 1, 0)  # total 16
TRIALS = (
    {"medication": "sertraline", "daily_dose_mg": 150, "weeks": 8, "outcome": "no_change"},
    {"medication": "Wellbutrin XL", "daily_dose_mg": 300, "weeks": 6, "outcome": "partial"},
)
# submitted_intake's trials, the first `trials` of them.
SENT_TRIALS = (
    *TRIALS,
    {"medication": "escitalopram", "daily_dose_mg": 20, "weeks": 10, "outcome": "worse"},
)
# The rest of the history make_intake answers (no psychosis, talk therapy tried ...).
HISTORY = {
    "diagnosis": "mdd_recurrent",
    "psychosis": "no",
    "substance_use_90d": "no",
    "therapy_had": "yes",
    "therapy_kind": "cbt",
    "therapy_weeks": 12,
    "therapy_outcome": "no_change",
    "ect_had": "no",
    "tms_had": "no",
}


class IntakeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intake

    patient = factory.SubFactory(PatientFactory)
    legal_name = factory.LazyAttribute(lambda o: o.patient.full_name)


class TrialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trial

    intake = factory.SubFactory(IntakeFactory)
    medication = "sertraline"
    daily_dose_mg = 150
    weeks = 8
    current_episode = "yes"
    augmentation = "no"
    outcome = "no_change"


class SafetyAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyAnswer

    intake = factory.SubFactory(IntakeFactory)
    key = "seizure"
    answer = "no"


# Valid POST data for each step, as a patient would send it ("Save and continue").
def step_data(step, patient=None, **overrides):
    data = {
        "about-you": {
            "legal_name": "Alice Example",
            "preferred_name": "Ali",
            "date_of_birth_0": "3",
            "date_of_birth_1": "27",
            "date_of_birth_2": "1980",
            "phone": "555-123-4567",
            "contact_method": "phone",
            "contact_time": "morning",
            "language": "en",
            "interpreter_language": "",
            "referring_clinician": "",
            "insurance_plan": "Aetna Choice POS II",
        },
        "depression": {
            "diagnosis": "mdd_recurrent",
            "episode_start_month": "3",
            "episode_start_year": "2023",
            "past_episodes": "two_to_three",
            "hospital_stays": "no",
            "hospital_details": "",
            "psychosis": "no",
            "high_mood": "no",
            "substance_use_90d": "no",
            "substance_details": "",
        },
        "phq9": {
            **{f"phq9_{n}": str(a) for n, a in enumerate([3, 3, 2, 2, 1, 2, 2, 1, 0], start=1)},
            "phq9_difficulty": "2",
        },
        "antidepressants": {
            **management(2),
            **trial_row(0, medication="sertraline", daily_dose_mg="150", weeks="8"),
            **trial_row(
                1, medication="Wellbutrin XL", daily_dose_mg="300", weeks="6", outcome="partial"
            ),
        },
        "other-treatments": {
            "therapy_had": "yes",
            "therapy_kind": "cbt",
            "therapy_weeks": "12",
            "therapy_outcome": "no_change",
            "ect_had": "no",
            "tms_had": "no",
            "ketamine": "no",
        },
        "safety": dict.fromkeys(SAFETY_KEYS, "no"),
        "consent": {
            "consent_true": "on",
            "consent_contact": "on",
            "signed_name": patient.full_name if patient else "Alice Example",
        },
    }[step]
    data = {**data, **overrides}
    data.setdefault("action", "continue")
    return data


def management(total, initial=0):
    return {
        "trials-TOTAL_FORMS": str(total),
        "trials-INITIAL_FORMS": str(initial),
        "trials-MIN_NUM_FORMS": "0",
        "trials-MAX_NUM_FORMS": "30",
    }


def trial_row(index, **values):
    row = {
        "id": "",
        "medication": "sertraline",
        "daily_dose_mg": "150",
        "weeks": "8",
        "start_month": "",
        "start_year": "",
        "current_episode": "yes",
        "augmentation": "no",
        "outcome": "no_change",
        "side_effects": "",
        **values,
    }
    return {f"trials-{index}-{key}": value for key, value in row.items()}


def build_intake(
    patient=None, *, status=Status.SUBMITTED, phq9=PHQ9, trials=TRIALS, safety_yes=None, **fields
):
    """One intake of ``patient`` (a new one when None) with its PHQ-9 answers and ``trials``
    (dicts of Trial fields, in this episode, no add-on unless told). ``safety_yes``: None writes
    no safety answers; otherwise every key is answered, "yes" for those in it."""
    patient = patient or PatientFactory()
    values = {
        "legal_name": patient.full_name,
        "date_of_birth": datetime.date(1980, 3, 27),
        **{f"phq9_{n}": answer for n, answer in enumerate(phq9, start=1)},
        **fields,
    }
    if status != Status.DRAFT:
        values.setdefault("submitted_at", timezone.now())
    intake = Intake.objects.create(patient=patient, status=status, **values)
    for position, trial in enumerate(trials):
        Trial.objects.create(
            intake=intake,
            position=position,
            **{"current_episode": "yes", "augmentation": "no", **trial},
        )
    if safety_yes is not None:
        SafetyAnswer.objects.bulk_create(
            SafetyAnswer(intake=intake, key=key, answer="yes" if key in safety_yes else "no")
            for key in SAFETY_KEYS
        )
    return intake


def make_intake(patient, *, trials=TRIALS, safety_yes=(), **fields):
    """An intake with every answer given (history and safety answers), built directly (the
    step-by-step flow has its own tests); sent unless ``status`` says otherwise."""
    return build_intake(patient, trials=trials, safety_yes=safety_yes, **{**HISTORY, **fields})


def submitted_intake(*, patient=None, phq9=PHQ9, trials=2, evaluate=True, **fields):
    """A sent intake with PHQ-9 answers, the first ``trials`` of SENT_TRIALS, its "sent" status
    change and (unless told) its queue snapshot."""
    from intake.services.evaluation import refresh_evaluation

    if phq9[8] and "urgent" not in fields:
        fields.update(urgent=True, urgent_flagged_at=timezone.now())
    intake = build_intake(
        patient,
        phq9=phq9,
        trials=SENT_TRIALS[:trials],
        **{
            "diagnosis": "mdd_recurrent",
            "phq9_difficulty": 2,
            "signed_name": fields.get("legal_name", "Patient Example"),
            "signed_at": timezone.now(),
            **fields,
        },
    )
    StatusChange.objects.create(
        intake=intake, from_status="draft", to_status="submitted", by=intake.patient
    )
    if evaluate:
        refresh_evaluation(intake=intake)
    return intake
