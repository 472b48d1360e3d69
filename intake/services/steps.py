"""The patient's writes: saving a step (answers, trials, safety) and sending the intake."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from ..eligibility.vocabulary import SAFETY_KEYS, item9_is_urgent
from ..guardian import guardian_missing
from ..models import (
    EDITABLE_STATUSES,
    STEP_FIELDS,
    Intake,
    IntakeStep,
    SafetyAnswer,
    Status,
    Trial,
)
from ..signature import expected_signature, signature_matches
from .errors import (
    GuardianNeededError,
    IntakeError,
    IntakeIncompleteError,
    IntakeNotEditableError,
    InvalidTransitionError,
    StaleStepError,
)
from .evaluation import refresh_evaluation
from .review import ALLOWED_TRANSITIONS, _move
from .urgent import raise_alert

logger = logging.getLogger(__name__)

TRIAL_FIELDS = (
    "medication",
    "daily_dose_mg",
    "weeks",
    "start_month",
    "start_year",
    "current_episode",
    "augmentation",
    "still_taking",
    "outcome",
    "side_effects",
)


@dataclass(frozen=True)
class SaveResult:
    intake: Intake
    step: IntakeStep
    newly_urgent: bool = False


def _lock_open_intake(patient, *, create):
    """The patient's open intake, locked for this transaction; made as a draft if asked."""
    intake = Intake.objects.select_for_update().for_patient(patient).open().first()
    if intake is None and create:
        try:
            with transaction.atomic():
                intake = Intake.objects.create(
                    patient=patient,
                    legal_name=patient.get_full_name(),
                    date_of_birth=patient.date_of_birth,
                )
        except IntegrityError:
            # Another request made it first (the one-open-intake constraint): use that one.
            intake = Intake.objects.select_for_update().for_patient(patient).open().get()
    return intake


@transaction.atomic
def save_step(
    *,
    patient,
    step,
    answers,
    expected_version,
    completed,
    trials=None,
    safety=None,
    language=None,
):
    """Save one step's answers to the patient's open intake (made as a draft if none).

    ``answers``: Intake field values, only the fields of ``STEP_FIELDS[step]``.
    ``trials``: for "antidepressants", the rows to keep, in order: dicts of ``TRIAL_FIELDS``
    plus ``id`` (an existing row of this intake) or ``id=None`` (a new row); rows not listed are
    deleted. ``safety``: for "safety", ``{key: (answer, details)}``. ``language``: for
    "about-you", the account's language (User.language: the portal's pages and mails).
    ``expected_version``: the step version the form was shown; a mismatch raises
    ``StaleStepError`` and writes nothing. ``completed``: every required answer was given.
    """
    if step not in STEP_FIELDS:
        raise ValueError(f"Unknown intake step {step!r}.")
    unknown = set(answers) - set(STEP_FIELDS[step])
    if unknown:
        raise ValueError(f"Fields {sorted(unknown)} do not belong to step {step!r}.")

    intake = _lock_open_intake(patient, create=True)
    if not intake.is_editable:
        raise IntakeNotEditableError()

    step_row, _ = IntakeStep.objects.get_or_create(intake=intake, step=step)
    # A conditional update: of two saves based on the same version, only one moves it on.
    moved = IntakeStep.objects.filter(pk=step_row.pk, version=expected_version).update(
        version=F("version") + 1, completed=completed, saved_at=timezone.now()
    )
    if not moved:
        step_row.refresh_from_db()
        raise StaleStepError(step_row.version)

    for field, value in answers.items():
        setattr(intake, field, value)

    newly_urgent = False
    if step == "phq9" and item9_is_urgent(intake.phq9_9) and not intake.urgent:
        intake.urgent = True
        intake.urgent_flagged_at = timezone.now()
        newly_urgent = True

    if step == "consent":
        if intake.signed_name:
            if not signature_matches(intake.signed_name, expected_signature(patient, intake)):
                raise IntakeError(gettext("The signature does not match the name on your account."))
            intake.signed_at = timezone.now()
        else:
            intake.signed_at = None

    intake.save()

    if language and language not in dict(settings.LANGUAGES):
        raise ValueError(f"Unknown language {language!r}.")
    if language and language != patient.language:
        patient.language = language
        patient.save(update_fields=["language"])
    if step == "antidepressants" and trials is not None:
        _replace_trials(intake, trials)
    if step == "safety" and safety is not None:
        _save_safety(intake, safety)

    if newly_urgent:
        raise_alert(intake=intake)  # the care team is told once the save commits

    step_row.refresh_from_db()
    return SaveResult(intake=intake, step=step_row, newly_urgent=newly_urgent)


def _replace_trials(intake, rows):
    existing = {t.pk: t for t in intake.trials.all()}
    kept = []
    for position, row in enumerate(rows):
        values = {f: row[f] for f in TRIAL_FIELDS if f in row}
        trial = existing.get(row.get("id")) if row.get("id") else None
        if trial is None:
            trial = Trial(intake=intake)
        for field, value in values.items():
            setattr(trial, field, value)
        trial.position = position
        trial.save()
        kept.append(trial.pk)
    intake.trials.exclude(pk__in=kept).delete()


def _save_safety(intake, safety):
    unknown = set(safety) - set(SAFETY_KEYS)
    if unknown:
        raise ValueError(f"Unknown safety keys {sorted(unknown)}.")
    existing = {a.key: a for a in intake.safety_answers.all()}
    for key, (answer, details) in safety.items():
        row = existing.get(key) or SafetyAnswer(intake=intake, key=key)
        row.answer = answer
        # Details belong to a "yes"; a changed answer does not keep stale details.
        row.details = details if answer == "yes" else ""
        row.save()


@transaction.atomic
def submit_intake(*, intake):
    """Send the intake to the clinic. Idempotent: a second submit (double click, another tab)
    returns the same submission and records nothing new.

    Raises ``IntakeIncompleteError`` (with ``.missing`` step slugs) until every required step is
    complete and signed.
    """
    locked = Intake.objects.select_for_update().get(pk=intake.pk)
    if locked.status not in EDITABLE_STATUSES:
        if locked.status == Status.CLOSED:
            raise InvalidTransitionError("This intake is closed.")
        return locked
    missing = locked.missing_steps()
    if missing:
        raise IntakeIncompleteError(missing)
    if guardian_missing(locked):
        raise GuardianNeededError()
    locked = _move(
        locked,
        Status.SUBMITTED,
        by=locked.patient,
        allowed_from=ALLOWED_TRANSITIONS[Status.SUBMITTED],
    )
    try:
        refresh_evaluation(intake=locked)
    except Exception:
        # The queue's columns are for staff; a fault there must not stop the patient sending.
        # Staff see "not evaluated" and can press Re-evaluate.
        logger.exception("Intake %s was sent but its evaluation was not stored", locked.pk)
    return locked
