"""Helpers for the eligibility-notes tests: the bundled articles, and a sent intake built
directly (the step-by-step flow has its own tests)."""

import datetime
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from intake.models import Intake, SafetyAnswer, Status, Trial
from intake.questions import SAFETY_KEYS

CONTENT = Path(settings.BASE_DIR) / "education" / "content"
SEED_QA = CONTENT / "tms-qa.txt"

# The contract's example case, as intake answers.
PHQ9 = (3, 3, 2, 2, 1, 2, 2, 1, 0)  # total 16
TRIALS = (
    {"medication": "sertraline", "daily_dose_mg": 150, "weeks": 8, "outcome": "no_change"},
    {"medication": "Wellbutrin XL", "daily_dose_mg": 300, "weeks": 6, "outcome": "partial"},
)


def import_seed_articles():
    """Every bundled document (not the Spanish ones), imported as `make run` does (after the
    migrations and the set-up data)."""
    for path in sorted(CONTENT.glob("*.txt")):
        if not path.name.endswith(".es.txt"):
            call_command("import_qa", str(path), stdout=StringIO())


def make_intake(
    patient, *, status=Status.SUBMITTED, trials=TRIALS, safety_yes=(), phq9=PHQ9, **fields
):
    values = {
        "legal_name": patient.full_name,
        "date_of_birth": datetime.date(1980, 3, 27),
        "diagnosis": "mdd_recurrent",
        "psychosis": "no",
        "substance_use_90d": "no",
        "therapy_had": "yes",
        "therapy_kind": "cbt",
        "therapy_weeks": 12,
        "therapy_outcome": "no_change",
        "ect_had": "no",
        "tms_had": "no",
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
            current_episode="yes",
            augmentation="no",
            **trial,
        )
    SafetyAnswer.objects.bulk_create(
        SafetyAnswer(intake=intake, key=key, answer="yes" if key in safety_yes else "no")
        for key in SAFETY_KEYS
    )
    return intake
