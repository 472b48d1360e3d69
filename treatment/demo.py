"""A small demo clinic a newcomer can look at (``manage.py seed_demo``): a clinical reviewer and
a content editor, patients with an intake in each status, and TMS courses in progress and
completed (responding, not responding, one remitted, one stopped early) with sessions five a
week and weekly PHQ-9 check-ins. ``demo.patient@example.org`` has an active course.

Every person is keyed by email: a person already there is left as they are (only a password
that differs from the one asked for is set again), so a second run changes nothing. Dates are
counted back from the day of the first run. The people are fictional; every email is at
example.org, a domain that receives no mail.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from intake.eligibility.vocabulary import SAFETY_KEYS
from intake.models import (
    Intake,
    IntakeMessage,
    IntakeStep,
    Outcome,
    SafetyAnswer,
    Status,
    StatusChange,
    Trial,
)
from intake.questions import ANSWER_STEP_SLUGS
from intake.roles import CLINICAL_REVIEWERS, CONTENT_EDITORS
from intake.services.evaluation import refresh_evaluation
from portal.models import Clinic, PolicyAgreement
from portal.policies import Kind, current_text, record_agreement

from .models import (
    Authorization,
    Course,
    CptCode,
    OutcomeDefinition,
    Protocol,
    TreatmentSession,
)
from .models import CheckIn as CheckInModel

DEFAULT_PASSWORD = "demo-tms-clinic"  # noqa: S105 (printed; development data only)
RECOVERY_CODES = 5
REVIEWER = "demo.reviewer@example.org"
EDITOR = "demo.editor@example.org"
STAFF = ((REVIEWER, "Riley Reviewer", CLINICAL_REVIEWERS), (EDITOR, "Eden Editor", CONTENT_EDITORS))
# The depression step's answers (a draft has saved that step too), then the other treatments'.
DEPRESSION = {
    "diagnosis": "mdd_recurrent",
    "psychosis": "no",
    "high_mood": "no",
    "substance_use_90d": "no",
}
HISTORY = {
    **DEPRESSION,
    "therapy_had": "yes",
    "therapy_kind": "cbt",
    "therapy_weeks": 12,
    "therapy_outcome": "no_change",
    "ect_had": "no",
    "tms_had": "no",
}
TRIALS = (
    {"medication": "sertraline", "daily_dose_mg": 150, "weeks": 8, "outcome": "no_change"},
    {"medication": "Wellbutrin XL", "daily_dose_mg": 300, "weeks": 6, "outcome": "partial"},
    {"medication": "escitalopram", "daily_dose_mg": 20, "weeks": 10, "outcome": "no_change"},
)


@dataclass(frozen=True)
class DemoPatient:
    email: str
    name: str
    status: str  # the intake's
    what: str  # in a few words, for the list of logins
    course: str = ""  # the course's status; "" for none
    weeks_ago: int = 0  # when the course started
    scores: tuple = ()  # the weekly PHQ-9 totals, the first the baseline
    sessions: int = 0


def _p(email, name, status, what, course="", weeks_ago=0, scores=(), sessions=0):
    return DemoPatient(email, name, status, what, course, weeks_ago, scores, sessions)


CLOSED = Status.CLOSED
PATIENTS = (
    # This week's check-in is left to do, so a newcomer can take one as Dana.
    _p("demo.patient@example.org", "Dana Demo", CLOSED, "course active, week 4, check-in due",
       "active", 3, (18, 14, 11), 15),
    _p("demo.draft@example.org", "Drew Draft", Status.DRAFT, "intake draft, 3 of 7 steps"),
    _p("demo.sent@example.org", "Sam Sent", Status.SUBMITTED, "intake sent, not yet reviewed"),
    _p("demo.review@example.org", "Rory Review", Status.IN_REVIEW, "intake being reviewed"),
    _p("demo.needsinfo@example.org", "Nia Needs-Info", Status.NEEDS_INFO,
       "intake: the clinic asked a question"),
    _p("demo.closed@example.org", "Cole Closed", CLOSED, "intake closed, no course"),
    _p("demo.responder@example.org", "Rae Responder", CLOSED, "course completed, responded",
       "completed", 10, (20, 18, 15, 12, 10, 9, 8), 36),
    _p("demo.remitted@example.org", "Remy Remitted", CLOSED, "course completed, remitted",
       "completed", 12, (17, 15, 11, 8, 5, 4, 3), 36),
    _p("demo.steady@example.org", "Stacy Steady", CLOSED, "course completed, no response",
       "completed", 9, (19, 19, 18, 17, 17, 16, 16), 36),
    _p("demo.early@example.org", "Eli Early", CLOSED, "course active, week 2",
       "active", 1, (21, 20), 5),
    _p("demo.stopped@example.org", "Stevie Stopped", CLOSED, "course stopped early",
       "stopped", 6, (16, 16, 15), 12),
)  # fmt: skip


@dataclass
class Report:
    created: list[str] = field(default_factory=list)
    passwords_set: list[str] = field(default_factory=list)
    recovery_codes: dict[str, list[str]] = field(default_factory=dict)

    @property
    def changed(self):
        return bool(self.created or self.passwords_set)


def weekdays(start, count):
    """``count`` weekdays from ``start`` on: five sessions a week."""
    day, days = start, []
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def _person(email, name, password, report, **fields):
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=password, full_name=name, **fields)
        report.created.append(email)
    elif not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
        report.passwords_set.append(email)
    return user, email in report.created


def _staff(password, report):
    people = {}
    for email, name, group in STAFF:
        user, created = _person(email, name, password, report, is_staff=True)
        if created:
            user.groups.add(Group.objects.get(name=group))
            device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
            StaticToken.objects.bulk_create(
                StaticToken(device=device, token=StaticToken.random_token())
                for _ in range(RECOVERY_CODES)
            )
        device = StaticDevice.objects.filter(user=user, confirmed=True).first()
        tokens = device.token_set.values_list("token", flat=True) if device else []
        report.recovery_codes[email] = sorted(tokens)
        people[email] = user
    return people


def _move(intake, to_status, *, by, at, message=""):
    StatusChange.objects.create(
        intake=intake, from_status=intake.status, to_status=to_status, by=by, message=message
    )
    StatusChange.objects.filter(intake=intake, to_status=to_status).update(at=at)
    intake.status = to_status


def _intake(user, spec, reviewer, today):
    sent = spec.status != Status.DRAFT
    # The PHQ-9 at the intake: a little above the course's baseline, or 12 to 17.
    phq9_total = spec.scores[0] + 1 if spec.scores else 12 + len(spec.name) % 6
    sent_at = timezone.now() - timedelta(weeks=spec.weeks_ago + 3, days=len(spec.email))
    _agree(user, Kind.PRIVACY_NOTICE, sent_at - timedelta(days=1))
    intake = Intake.objects.create(
        patient=user,
        status=Status.DRAFT,
        legal_name=spec.name,
        date_of_birth=today.replace(year=today.year - 30 - len(spec.name) % 20, day=14),
        phone="555-0100",
        contact_method="phone",
        contact_time="afternoon",
        interpreter_language="",
        insurance_plan="Sample Health PPO",
        **{f"phq9_{n}": score for n, score in enumerate(_answers(phq9_total), start=1)},
        phq9_difficulty=2,
        **(HISTORY if sent else DEPRESSION),
    )
    for position, trial in enumerate(TRIALS if sent else TRIALS[:1]):
        values = {"current_episode": "yes", "augmentation": "no", **trial}
        Trial.objects.create(intake=intake, position=position, **values)
    if sent:
        SafetyAnswer.objects.bulk_create(
            SafetyAnswer(intake=intake, key=key, answer="no") for key in SAFETY_KEYS
        )
    steps = ANSWER_STEP_SLUGS if sent else ANSWER_STEP_SLUGS[:3]
    IntakeStep.objects.bulk_create(
        IntakeStep(intake=intake, step=step, version=1, completed=True) for step in steps
    )
    # Begun the day before it was sent, as the patient's pages and the queue show it.
    Intake.objects.filter(pk=intake.pk).update(created_at=sent_at - timedelta(days=1))
    IntakeStep.objects.filter(intake=intake).update(saved_at=sent_at - timedelta(hours=1))
    if not sent:
        return intake
    intake.signed_name = spec.name
    _move(intake, Status.SUBMITTED, by=user, at=sent_at)
    if spec.status != Status.SUBMITTED:
        intake.assigned_to = reviewer
        _move(intake, Status.IN_REVIEW, by=reviewer, at=sent_at + timedelta(days=1))
    if spec.status == Status.NEEDS_INFO:
        # As request_more_info does: the request is the status change's message and starts
        # the thread the patient and the reviewer read.
        asked = sent_at + timedelta(days=1)
        intake.staff_message = "Please tell us the dose of escitalopram you took, in mg a day."
        _move(intake, Status.NEEDS_INFO, by=reviewer, at=asked, message=intake.staff_message)
        IntakeMessage.objects.create(
            intake=intake,
            author=reviewer,
            from_clinic=True,
            body=intake.staff_message,
            created_at=asked,
        )
    if spec.status == Status.CLOSED:
        intake.outcome = Outcome.CONSULTATION if spec.course else Outcome.NOT_PROCEEDING
        intake.closed_at = sent_at + timedelta(days=2)
        _move(intake, Status.CLOSED, by=reviewer, at=intake.closed_at)
    Intake.objects.filter(pk=intake.pk).update(
        status=intake.status,
        submitted_at=sent_at,
        signed_name=spec.name,
        assigned_to=intake.assigned_to,
        staff_message=intake.staff_message,
        outcome=intake.outcome,
        closed_at=intake.closed_at,
    )
    intake.refresh_from_db()
    refresh_evaluation(intake=intake)
    return intake


def _agree(user, kind, at):
    """What a patient agreed to (the privacy notice at sign-up, the TMS consent before the
    first session), dated as it would have been."""
    text = current_text(kind)
    if text is not None:
        agreement = record_agreement(user=user, text=text, typed_name=user.full_name)
        PolicyAgreement.objects.filter(pk=agreement.pk).update(at=at)


def _course(intake, spec, reviewer, today):
    protocol = Protocol.objects.get(name="10 Hz left DLPFC")
    start = today - timedelta(weeks=spec.weeks_ago, days=today.weekday())  # a Monday
    signed = timezone.make_aware(datetime.combine(start - timedelta(days=3), time(10)))
    _agree(intake.patient, Kind.TMS_CONSENT, signed)
    days = weekdays(start, spec.sessions)
    ended = days[-1] if spec.course in ("completed", "stopped") else None
    course = Course.objects.create(
        patient=intake.patient,
        intake=intake,
        protocol=protocol,
        start_date=start,
        status=spec.course,
        stopped_reason="Moved out of state; referred to a clinic near the new home."
        if spec.course == "stopped"
        else "",
        ended_on=ended,
        clinician=reviewer,
    )
    Authorization.objects.create(
        course=course,
        payer="Sample Health",
        number=f"PA-{2026000 + course.pk}",
        approved_sessions=36,
        valid_from=start,
        valid_to=start + timedelta(days=90),
    )
    TreatmentSession.objects.bulk_create(
        TreatmentSession(
            course=course,
            number=number,
            date=day,
            cpt_code=CptCode.INITIAL if number == 1 else CptCode.SUBSEQUENT,
            motor_threshold=55,
            intensity_pct_mt=120,
            pulses=3000,
            target="Left DLPFC",
            side_effects="Mild headache after the session" if number in (1, 2) else "",
            recorded_by=reviewer,
        )
        for number, day in enumerate(days, start=1)
    )
    CheckInModel.objects.bulk_create(
        CheckInModel(
            course=course,
            taken_on=start + timedelta(weeks=week),
            source=CheckInModel.Source.PATIENT,
            answers=_answers(total),
            total=total,
            item9=0,
            difficulty=2 if total >= 10 else 1,
        )
        for week, total in enumerate(spec.scores)
    )
    return course


def _answers(total):
    """Nine item scores (0-3, item 9 always 0) that add up to ``total`` (at most 24)."""
    scores = [0] * 9
    for n in range(min(total, 24)):
        scores[n % 8] += 1
    return scores


def _protocol():
    Protocol.objects.get_or_create(
        name="10 Hz left DLPFC",
        defaults={
            "description": "10 Hz, 120% of motor threshold, 3,000 pulses, about 37 minutes",
            "default_target": "Left DLPFC",
            "default_pulses": 3000,
            "default_intensity_pct_mt": 120,
            "default_sessions": 36,
            "source": "docs/clinical-facts.md section 6a",
        },
    )
    Protocol.objects.get_or_create(
        name="iTBS left DLPFC",
        defaults={
            "description": "Intermittent theta burst, 120% of motor threshold, 600 pulses, "
            "about 3 minutes",
            "default_target": "Left DLPFC",
            "default_pulses": 600,
            "default_intensity_pct_mt": 120,
            "default_sessions": 36,
            "source": "docs/clinical-facts.md section 6a",
        },
    )
    if not OutcomeDefinition.objects.exists():
        OutcomeDefinition.objects.create(source="docs/clinical-facts.md sections 4 and 6")


@transaction.atomic
def _clinic_contact():
    """A demo number and hours where the clinic has none yet, so the patient pages show how to
    reach the clinic (555-01xx numbers are reserved for fiction). Nothing already filled in is
    changed, and no response time is promised."""
    clinic = Clinic.objects.filter(pk=1).first() or Clinic(pk=1, name=settings.CLINIC_NAME)
    if clinic.phone:
        return
    clinic.phone = "(555) 010-0100"
    clinic.hours = clinic.hours or "Monday to Friday, 8 am to 5 pm"
    clinic.hours_es = clinic.hours_es or "de lunes a viernes, de 8 a. m. a 5 p. m."
    clinic.save()


def seed_demo(*, password=DEFAULT_PASSWORD):
    """Create what is missing of the demo clinic; returns a Report."""
    report = Report()
    today = timezone.localdate()
    _protocol()
    _clinic_contact()
    staff = _staff(password, report)
    reviewer = staff[REVIEWER]
    for spec in PATIENTS:
        user, created = _person(spec.email, spec.name, password, report)
        if not created:
            continue
        intake = _intake(user, spec, reviewer, today)
        if spec.course:
            _course(intake, spec, reviewer, today)
    return report
