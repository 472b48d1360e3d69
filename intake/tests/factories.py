import factory
from django.contrib.auth import get_user_model

from intake.models import Intake, SafetyAnswer, Trial
from intake.questions import SAFETY_KEYS


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"patient{n}@example.com")
    full_name = factory.Faker("name")
    password = "!"  # unusable: these patients never sign in with a password (and no slow hashing)


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
            "preferred_language": "English",
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
