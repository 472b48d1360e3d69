"""The intake's writes: saving steps, submitting, and the status transitions."""

import datetime

import pytest
from django.utils import timezone

from intake.models import Intake, IntakeStep, Status, StatusChange
from intake.questions import ANSWER_STEP_SLUGS
from intake.services.errors import (
    IntakeError,
    IntakeIncompleteError,
    IntakeNotEditableError,
    InvalidTransitionError,
    StaleStepError,
)
from intake.services.review import close_intake, request_more_info, start_review
from intake.services.steps import save_step, submit_intake

from .factories import IntakeFactory, TrialFactory

pytestmark = pytest.mark.django_db


def _save(patient, step, answers=None, *, version=0, completed=True, **kwargs):
    return save_step(
        patient=patient,
        step=step,
        answers=answers or {},
        expected_version=version,
        completed=completed,
        **kwargs,
    )


def test_the_first_save_starts_a_draft_prefilled_from_the_account(patient):
    patient.date_of_birth = datetime.date(1980, 3, 27)
    patient.save()
    result = _save(patient, "depression", {"diagnosis": "mdd_single"})
    intake = result.intake
    assert intake.status == Status.DRAFT
    assert intake.patient == patient
    assert intake.legal_name == "Alice Example"
    assert intake.date_of_birth == datetime.date(1980, 3, 27)
    assert result.step.version == 1
    assert result.step.completed


def test_a_save_reuses_the_open_intake(patient):
    _save(patient, "about-you", {"phone": "555 123 4567"})
    _save(patient, "depression", {"diagnosis": "bipolar"})
    intake = Intake.objects.get()
    assert (intake.phone, intake.diagnosis) == ("555 123 4567", "bipolar")


def test_a_stale_version_writes_nothing(patient):
    _save(patient, "about-you", {"phone": "555 123 4567"})
    with pytest.raises(StaleStepError) as caught:
        _save(patient, "about-you", {"phone": "555 999 9999"}, version=0)
    assert caught.value.current_version == 1
    intake = Intake.objects.get()
    assert intake.phone == "555 123 4567"
    assert intake.steps.get(step="about-you").version == 1


def test_steps_have_their_own_versions(patient):
    """Editing step 1 in one tab does not make step 2, open in another tab, stale."""
    _save(patient, "about-you", {"phone": "555 123 4567"})
    _save(patient, "depression", {"diagnosis": "bipolar"}, version=0)
    assert IntakeStep.objects.get(step="depression").version == 1


def test_fields_of_another_step_are_refused(patient):
    with pytest.raises(ValueError, match="do not belong"):
        _save(patient, "about-you", {"status": "closed"})
    assert not Intake.objects.exists()


def test_a_sent_intake_cannot_be_changed(patient):
    IntakeFactory(patient=patient, status=Status.SUBMITTED, submitted_at=timezone.now())
    with pytest.raises(IntakeNotEditableError):
        _save(patient, "about-you", {"phone": "555 123 4567"})


def test_item_9_flags_urgent_once_with_the_time(patient):
    result = _save(patient, "phq9", {"phq9_9": 2})
    assert result.newly_urgent
    flagged_at = result.intake.urgent_flagged_at
    assert flagged_at is not None
    again = _save(patient, "phq9", {"phq9_9": 3}, version=1)
    assert not again.newly_urgent
    assert again.intake.urgent_flagged_at == flagged_at
    assert list(Intake.objects.urgent()) == [again.intake]


def test_signing_records_the_server_time(patient):
    before = timezone.now()
    result = _save(patient, "consent", {"signed_name": "alice  example", "consent_true": True})
    assert result.intake.signed_at >= before
    assert result.intake.is_signed


def test_a_signature_that_does_not_match_is_refused(patient):
    with pytest.raises(IntakeError):
        _save(patient, "consent", {"signed_name": "Somebody Else"})
    assert not Intake.objects.filter(signed_at__isnull=False).exists()


def test_trials_are_replaced_in_order_and_other_intakes_rows_untouched(patient, other_patient):
    bobs = TrialFactory(intake=IntakeFactory(patient=other_patient), medication="Bob's")
    first = _save(
        patient,
        "antidepressants",
        {"no_antidepressants": False},
        trials=[{"id": None, "medication": "Zoloft"}, {"id": None, "medication": "Prozac"}],
    )
    zoloft, prozac = first.intake.trials.all()
    _save(
        patient,
        "antidepressants",
        {},
        version=1,
        trials=[
            {"id": prozac.pk, "medication": "Prozac"},
            {"id": bobs.pk, "medication": "Forged"},
        ],
    )
    rows = list(first.intake.trials.values_list("pk", "medication", "position"))
    assert rows[0] == (prozac.pk, "Prozac", 0)
    assert rows[1][1:] == ("Forged", 1)
    assert rows[1][0] not in (zoloft.pk, bobs.pk)
    bobs.refresh_from_db()
    assert bobs.medication == "Bob's"


def test_safety_answers_are_saved_per_key(patient):
    _save(patient, "safety", safety={"seizure": ("yes", "2010"), "fainting": ("no", "stale")})
    intake = Intake.objects.get()
    answers = {a.key: (a.answer, a.details) for a in intake.safety_answers.all()}
    assert answers == {"seizure": ("yes", "2010"), "fainting": ("no", "")}


def test_an_unknown_safety_key_is_refused(patient):
    with pytest.raises(ValueError, match="Unknown safety"):
        _save(patient, "safety", safety={"telepathy": ("yes", "")})


def _complete(patient):
    intake = IntakeFactory(patient=patient)
    for slug in ANSWER_STEP_SLUGS:
        IntakeStep.objects.create(intake=intake, step=slug, version=1, completed=True)
    intake.signed_name = patient.full_name
    intake.signed_at = timezone.now()  # signed after the last answer
    intake.save()
    return intake


def test_submit_refuses_until_every_step_is_complete_and_signed(patient):
    intake = IntakeFactory(patient=patient)
    IntakeStep.objects.create(intake=intake, step="about-you", version=1, completed=True)
    IntakeStep.objects.create(intake=intake, step="phq9", version=1, completed=False)
    with pytest.raises(IntakeIncompleteError) as caught:
        submit_intake(intake=intake)
    assert caught.value.missing == [s for s in ANSWER_STEP_SLUGS if s != "about-you"]
    intake.refresh_from_db()
    assert intake.status == Status.DRAFT
    assert intake.submitted_at is None


def test_submit_is_idempotent(patient):
    intake = _complete(patient)
    first = submit_intake(intake=intake)
    second = submit_intake(intake=intake)
    assert first.status == second.status == Status.SUBMITTED
    assert first.submitted_at == second.submitted_at
    assert StatusChange.objects.filter(to_status=Status.SUBMITTED).count() == 1


def test_the_full_life_of_an_intake(patient, admin_user):
    intake = _complete(patient)
    submit_intake(intake=intake)
    first_sent = Intake.objects.get().submitted_at
    start_review(intake=intake, by=admin_user)
    request_more_info(intake=intake, by=admin_user, message="Which dose?")
    intake.refresh_from_db()
    assert intake.is_editable
    assert intake.staff_message == "Which dose?"
    submit_intake(intake=intake)
    start_review(intake=intake, by=admin_user)
    close_intake(intake=intake, by=admin_user, outcome="consultation")
    intake.refresh_from_db()
    assert intake.status == Status.CLOSED
    assert intake.outcome == "consultation"
    assert intake.closed_at is not None
    assert intake.submitted_at == first_sent
    assert list(intake.status_changes.values_list("from_status", "to_status")) == [
        ("draft", "submitted"),
        ("submitted", "in_review"),
        ("in_review", "needs_info"),
        ("needs_info", "submitted"),
        ("submitted", "in_review"),
        ("in_review", "closed"),
    ]
    assert not intake.is_editable


@pytest.mark.parametrize(
    ("status", "move"),
    [
        ("draft", "start_review"),
        ("draft", "close"),
        ("needs_info", "start_review"),
        ("closed", "start_review"),
        ("closed", "needs_info"),
    ],
)
def test_transitions_not_allowed_are_refused(patient, admin_user, status, move):
    intake = IntakeFactory(
        patient=patient,
        status=status,
        submitted_at=None if status == "draft" else timezone.now(),
        staff_message="x" if status == "needs_info" else "",
        outcome="withdrawn" if status == "closed" else "",
    )
    moves = {
        "start_review": lambda: start_review(intake=intake, by=admin_user),
        "close": lambda: close_intake(intake=intake, by=admin_user, outcome="withdrawn"),
        "needs_info": lambda: request_more_info(intake=intake, by=admin_user, message="?"),
    }
    with pytest.raises(InvalidTransitionError):
        moves[move]()
    intake.refresh_from_db()
    assert intake.status == status
    assert not StatusChange.objects.exists()


def test_needs_info_needs_a_message_and_close_needs_a_known_outcome(patient, admin_user):
    intake = _complete(patient)
    submit_intake(intake=intake)
    with pytest.raises(InvalidTransitionError):
        request_more_info(intake=intake, by=admin_user, message="   ")
    with pytest.raises(InvalidTransitionError):
        close_intake(intake=intake, by=admin_user, outcome="approved")
    assert Intake.objects.get().status == Status.SUBMITTED


def test_a_closed_intake_lets_the_patient_start_a_new_one(patient, admin_user):
    intake = _complete(patient)
    submit_intake(intake=intake)
    close_intake(intake=intake, by=admin_user, outcome="withdrawn")
    result = _save(patient, "about-you", {"phone": "555 123 4567"})
    assert result.intake.pk != intake.pk
    assert Intake.objects.for_patient(patient).open().get() == result.intake
    with pytest.raises(InvalidTransitionError):
        submit_intake(intake=intake)
