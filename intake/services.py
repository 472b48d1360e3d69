"""Writes to the intake. Each is keyword-only and atomic; views call these, never .save()."""

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from . import thread
from .eligibility.vocabulary import SAFETY_KEYS, item9_is_urgent
from .models import (
    EDITABLE_STATUSES,
    STEP_FIELDS,
    Intake,
    IntakeStep,
    Outcome,
    SafetyAnswer,
    Status,
    StatusChange,
    Trial,
)
from .signature import (
    countersignature_matches,
    expected_signature,
    signature_matches,
    staff_signature,
)

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


class IntakeError(Exception):
    """A write the intake's rules refuse; ``str()`` is a message fit for the patient."""


class StaleStepError(IntakeError):
    """The step was saved elsewhere (another tab or device) after this form was shown."""

    def __init__(self, current_version):
        self.current_version = current_version
        super().__init__(
            "These answers were changed in another window or on another device after you "
            "opened this page, so we did not save what you just sent. Below are the answers "
            "as they are saved now. Please check them, make your changes again and save."
        )


class IntakeNotEditableError(IntakeError):
    def __init__(self):
        super().__init__("Your intake has been sent to the clinic, so it cannot be changed now.")


class IntakeIncompleteError(IntakeError):
    def __init__(self, missing):
        self.missing = list(missing)
        super().__init__("Some steps still need answers before you can send your intake.")


class InvalidTransitionError(IntakeError):
    pass


@dataclass(frozen=True)
class SaveResult:
    intake: Intake
    step: IntakeStep
    newly_urgent: bool = False


def open_intake(patient):
    """The patient's open (not closed) intake, or None. Read-only."""
    return Intake.objects.for_patient(patient).open().first()


def latest_intake(patient):
    """The open intake, else the most recently closed one, else None."""
    return open_intake(patient) or Intake.objects.for_patient(patient).first()


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
):
    """Save one step's answers to the patient's open intake (made as a draft if none).

    ``answers``: Intake field values, only the fields of ``STEP_FIELDS[step]``.
    ``trials``: for "antidepressants", the rows to keep, in order: dicts of ``TRIAL_FIELDS``
    plus ``id`` (an existing row of this intake) or ``id=None`` (a new row); rows not listed are
    deleted. ``safety``: for "safety", ``{key: (answer, details)}``.
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
                raise IntakeError("The signature does not match the name on your account.")
            intake.signed_at = timezone.now()
        else:
            intake.signed_at = None

    intake.save()

    if step == "antidepressants" and trials is not None:
        _replace_trials(intake, trials)
    if step == "safety" and safety is not None:
        _save_safety(intake, safety)

    if newly_urgent:
        from .urgent import raise_alert

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
    _move(locked, Status.SUBMITTED, by=locked.patient, allowed_from=EDITABLE_STATUSES)
    try:
        refresh_evaluation(intake=locked)
    except Exception:
        # The queue's columns are for staff; a fault there must not stop the patient sending.
        # Staff see "not evaluated" and can press Re-evaluate.
        logger.exception("Intake %s was sent but its evaluation was not stored", locked.pk)
    return locked


# Staff-side transitions (the review screens come later; the rules live here now).
ALLOWED_TRANSITIONS = {
    Status.SUBMITTED: (Status.DRAFT, Status.NEEDS_INFO),
    Status.IN_REVIEW: (Status.SUBMITTED,),
    Status.NEEDS_INFO: (Status.SUBMITTED, Status.IN_REVIEW),
    Status.CLOSED: (Status.SUBMITTED, Status.IN_REVIEW, Status.NEEDS_INFO),
}


def _move(intake, to_status, *, by, allowed_from, message="", **fields):
    """Move ``intake`` (locked by the caller) to ``to_status`` with a conditional update, so that
    two concurrent moves cannot both happen; record the change."""
    from_status = intake.status
    if from_status not in allowed_from:
        raise InvalidTransitionError(
            f"An intake that is {intake.get_status_display().lower()} cannot move to "
            f"{Status(to_status).label.lower()}."
        )
    now = timezone.now()
    if to_status == Status.SUBMITTED and intake.submitted_at is None:
        fields["submitted_at"] = now
    if to_status == Status.CLOSED:
        fields["closed_at"] = now
    updated = Intake.objects.filter(pk=intake.pk, status=from_status).update(
        status=to_status, updated_at=now, **fields
    )
    if not updated:
        raise InvalidTransitionError("The intake was changed at the same time; please reload.")
    StatusChange.objects.create(
        intake=intake, from_status=from_status, to_status=to_status, by=by, message=message
    )
    intake.refresh_from_db()
    thread.status_changed(intake=intake, to_status=to_status)  # the patient's mail, at commit
    return intake


@transaction.atomic
def start_review(*, intake, by):
    locked = Intake.objects.select_for_update().get(pk=intake.pk)
    return _move(locked, Status.IN_REVIEW, by=by, allowed_from=ALLOWED_TRANSITIONS["in_review"])


@transaction.atomic
def request_more_info(*, intake, by, message):
    """Send the intake back to the patient, editable again, with what the clinic needs."""
    message = (message or "").strip()
    if not message:
        raise InvalidTransitionError("Write what the patient needs to add or change.")
    locked = Intake.objects.select_for_update().get(pk=intake.pk)
    moved = _move(
        locked,
        Status.NEEDS_INFO,
        by=by,
        allowed_from=ALLOWED_TRANSITIONS["needs_info"],
        message=message,
        staff_message=message,
    )
    # The request starts (or goes on with) the thread; the status change sent the mail.
    thread.clinic_writes(intake=moved, by=by, body=message, notify=False)
    moved.patient_wrote_last = False
    return moved


@transaction.atomic
def close_intake(*, intake, by, outcome, message="", countersignature=None):
    """Close the intake with an outcome. ``countersignature``: the reviewer's typed name; when
    given it must match ``by``'s name and is recorded with the time (the review queue always
    asks for it)."""
    if outcome not in Outcome.values:
        raise InvalidTransitionError(f"Unknown outcome {outcome!r}.")
    fields = {}
    if countersignature is not None:
        expected = staff_signature(by)
        if not countersignature_matches(countersignature, expected):
            raise InvalidTransitionError(
                f"The countersignature must be your name as on your staff account: {expected}."
            )
        fields = {
            "countersigned_by": by,
            "countersigned_name": expected,  # the account's own spelling
            "countersigned_at": timezone.now(),
        }
    locked = Intake.objects.select_for_update().get(pk=intake.pk)
    from .urgent import followup_missing

    if followup_missing(locked):
        raise InvalidTransitionError(
            "This intake has an urgent answer. Record the risk follow-up (how the patient was "
            "reached and the outcome) before you close it."
        )
    return _move(
        locked,
        Status.CLOSED,
        by=by,
        allowed_from=ALLOWED_TRANSITIONS["closed"],
        message=message,
        outcome=outcome,
        patient_wrote_last=False,  # a closed intake no longer waits for the clinic's answer
        **fields,
    )


@transaction.atomic
def assign_reviewer(*, intake, reviewer):
    """Make ``reviewer`` the intake's assigned reviewer (recorded in the audit log)."""
    locked = Intake.objects.select_for_update().get(pk=intake.pk)
    if locked.status == Status.CLOSED:
        raise InvalidTransitionError("This intake is closed; it needs no reviewer.")
    locked.assigned_to = reviewer
    locked.save(update_fields=["assigned_to", "updated_at"])
    return locked


def review_snapshot(intake):
    """The queue's columns from one evaluation of ``intake`` (a dict of Intake fields). A case
    the rules refuse or a missing profile leaves them empty, logged for staff."""
    from .eligibility.case_json import CaseError
    from .eligibility_data import ProfileError, evaluate_intake, stored_from_result

    fields = {
        "review_phq9_total": intake.phq9_total,
        "review_severity": intake.phq9_severity or "",
        "review_failed_trials": None,
        "review_profile_key": "",
        "review_unmet": "",
        "evaluation": None,
        "evaluated_at": timezone.now(),
    }
    try:
        result = evaluate_intake(intake)
    except (CaseError, ProfileError):
        logger.exception("The review snapshot of intake %s could not be made", intake.pk)
        return fields
    evaluation = result.evaluation
    unmet = [name for name, value in evaluation.criteria.items() if value == "unmet"]
    fields.update(
        evaluation=stored_from_result(result),
        review_failed_trials=evaluation.adequate_failed_trials,
        review_profile_key=evaluation.profile,
        review_unmet=f",{','.join(unmet)}," if unmet else "",
    )
    return fields


def refresh_evaluation(*, intake):
    """Store the evaluation the review queue lists (at submission, and when staff re-evaluate
    after a change to the catalogue, a profile or the patient's answers)."""
    fields = review_snapshot(intake)
    Intake.objects.filter(pk=intake.pk).update(**fields)
    for name, value in fields.items():
        setattr(intake, name, value)
    return intake


def refresh_evaluations(queryset):
    """Re-evaluate many intakes (after a catalogue or profile change); returns how many."""
    count = 0
    for intake in queryset.select_related("patient").prefetch_related("trials", "safety_answers"):
        refresh_evaluation(intake=intake)
        count += 1
    return count
