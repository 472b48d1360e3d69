import factory
from django.contrib.auth import get_user_model

from intake.eligibility.vocabulary import SAFETY_KEYS
from intake.models import Intake, SafetyAnswer, Trial


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


def staff_user(email, group=None, *, full_name="Rita Reviewer", superuser=False):
    """A staff account in ``group`` (one of intake.roles), or a superuser."""
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(
        email=email,
        password="correct horse battery",
        full_name=full_name,
        is_staff=True,
        is_superuser=superuser,
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def submitted_intake(*, phq9=(3, 3, 2, 2, 1, 2, 2, 1, 0), trials=2, evaluate=True, **fields):
    """A sent intake with PHQ-9 answers, trials and (unless told) its queue snapshot."""
    from django.utils import timezone

    from intake.models import StatusChange
    from intake.services import refresh_evaluation

    answers = {f"phq9_{n}": value for n, value in enumerate(phq9, start=1)}
    if phq9[8] and "urgent" not in fields:
        fields.update(urgent=True, urgent_flagged_at=timezone.now())
    intake = IntakeFactory(
        status="submitted",
        submitted_at=fields.pop("submitted_at", timezone.now()),
        diagnosis="mdd_recurrent",
        phq9_difficulty=2,
        signed_name=fields.get("legal_name", "Patient Example"),
        signed_at=timezone.now(),
        **answers,
        **fields,
    )
    if intake.date_of_birth is None:
        import datetime

        intake.date_of_birth = datetime.date(1980, 3, 27)
        intake.save()
    for position, (medication, dose, weeks, outcome) in enumerate(
        [
            ("sertraline", 150, 8, "no_change"),
            ("Wellbutrin XL", 300, 6, "partial"),
            ("escitalopram", 20, 10, "worse"),
        ][:trials]
    ):
        TrialFactory(
            intake=intake,
            position=position,
            medication=medication,
            daily_dose_mg=dose,
            weeks=weeks,
            outcome=outcome,
        )
    StatusChange.objects.create(
        intake=intake, from_status="draft", to_status="submitted", by=intake.patient
    )
    if evaluate:
        refresh_evaluation(intake=intake)
    return intake
