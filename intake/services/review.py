"""Staff moves of an intake: start the review, ask the patient for more, close, assign."""

from django.db import transaction
from django.utils import timezone

from ..models import Intake, Outcome, Status, StatusChange
from ..signature import countersignature_matches, staff_signature
from .errors import InvalidTransitionError
from .messages import clinic_writes, status_changed
from .urgent import followup_missing

# The statuses an intake may reach, each with the statuses it may be reached from.
ALLOWED_TRANSITIONS = {
    Status.SUBMITTED: (Status.DRAFT, Status.NEEDS_INFO),
    Status.IN_REVIEW: (Status.SUBMITTED,),
    Status.NEEDS_INFO: (Status.SUBMITTED, Status.IN_REVIEW),
    Status.CLOSED: (Status.SUBMITTED, Status.IN_REVIEW, Status.NEEDS_INFO),
}


def _move(intake, to_status, *, by, allowed_from, message="", **fields):
    """Move ``intake`` to ``to_status``, record the change and tell the patient; returns the
    intake as saved. Call it inside a transaction: the row is read again under a lock, so of
    two moves at once the second sees the first one's status and is refused. It is saved
    through the model, so the audit log records every field the move changes."""
    locked = Intake.objects.select_for_update().get(pk=intake.pk)
    from_status = locked.status
    if from_status not in allowed_from:
        raise InvalidTransitionError(
            f"An intake that is {locked.get_status_display().lower()} cannot move to "
            f"{Status(to_status).label.lower()}."
        )
    now = timezone.now()
    fields["status"] = to_status
    if to_status == Status.SUBMITTED and locked.submitted_at is None:
        fields["submitted_at"] = now
    if to_status == Status.CLOSED:
        fields["closed_at"] = now
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=[*fields, "updated_at"])
    StatusChange.objects.create(
        intake=locked, from_status=from_status, to_status=to_status, by=by, message=message
    )
    status_changed(intake=locked, to_status=to_status)  # the patient's mail, at commit
    return locked


@transaction.atomic
def start_review(*, intake, by):
    return _move(intake, Status.IN_REVIEW, by=by, allowed_from=ALLOWED_TRANSITIONS["in_review"])


@transaction.atomic
def request_more_info(*, intake, by, message):
    """Send the intake back to the patient, editable again, with what the clinic needs."""
    message = (message or "").strip()
    if not message:
        raise InvalidTransitionError("Write what the patient needs to add or change.")
    moved = _move(
        intake,
        Status.NEEDS_INFO,
        by=by,
        allowed_from=ALLOWED_TRANSITIONS["needs_info"],
        message=message,
        staff_message=message,
    )
    # The request starts (or goes on with) the thread; the status change sent the mail.
    clinic_writes(intake=moved, by=by, body=message, notify=False)
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
    # Locked before the follow-up check, so that the check and the close see the same intake.
    locked = Intake.objects.select_for_update().get(pk=intake.pk)
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
