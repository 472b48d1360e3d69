"""Logging a TMS session (docs/course.md): the next number under a lock on the course, the CPT
code by rule, and a reason required for a session beyond the authorization or the plan."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.dateformat import format as date_format

from portal.policies import Kind, unsigned_current

from ..models import Course, CptCode, TreatmentSession
from .courses import counter_for, send_due_warnings


class SessionError(Exception):
    """A session that cannot be logged; ``str()`` is a message fit for staff, ``field`` the
    form field it is about (None: the whole session)."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


class ReasonNeeded(SessionError):
    """A session beyond the authorization or the plan, logged without a reason."""


@dataclass(frozen=True)
class NextSession:
    """What the log screen shows before anything is written."""

    number: int
    planned: int
    beyond_plan: bool
    beyond_authorization: bool

    @property
    def needs_reason(self):
        return self.beyond_plan or self.beyond_authorization


def next_number(course):
    return (course.sessions.aggregate(last=Max("number"))["last"] or 0) + 1


def next_session(course, *, day=None):
    """Session n of N, and whether one on ``day`` (today) would be beyond either limit."""
    day = day or timezone.localdate()
    number = next_number(course)
    counter = counter_for(course, today=day)
    with_it = counter_for(course, today=day, extra_dates=[day])
    return NextSession(
        number=number,
        planned=course.planned_sessions,
        beyond_plan=number > course.planned_sessions,
        beyond_authorization=with_it.beyond > counter.beyond,
    )


def cpt_code_for(number, *, threshold_measured_again=False):
    """90867 for the first session (with the motor threshold), 90869 when it is measured
    again, else 90868 (docs/clinical-facts.md 6a)."""
    if number == 1:
        return CptCode.INITIAL
    if threshold_measured_again:
        return CptCode.REDETERMINATION
    return CptCode.SUBSEQUENT


def _day(value):
    return date_format(value, "N j, Y")


def consent_problem(patient):
    """Why a course of ``patient`` cannot start yet: the current TMS consent is not signed."""
    consent = unsigned_current(patient, Kind.TMS_CONSENT)
    if consent is None:
        return ""
    return (
        f"The patient has not signed the TMS consent (version {consent.version}). They sign it "
        "on their intake page (TMS consent) before the first session."
    )


def _check(course, *, number, day, today):
    if number == 1 and (problem := consent_problem(course.patient)):
        raise SessionError(problem)
    if not course.is_open:
        raise SessionError(
            f"This course is {course.get_status_display().lower()}: no more sessions can be logged."
        )
    if day > today:
        raise SessionError(
            "The date is in the future. Log a session on the day it took place.", field="date"
        )
    if day < course.start_date:
        raise SessionError(
            f"The date is before the course started ({_day(course.start_date)}).", field="date"
        )
    taken = course.sessions.filter(number=number).first()
    if taken is not None:
        raise SessionError(
            f"Session {number} is already logged (on {_day(taken.date)}). "
            f"Check it is not the same session; the next one is session {next_number(course)}."
        )
    if number != next_number(course):
        raise SessionError(f"The next session of this course is session {next_number(course)}.")


@transaction.atomic
def log_session(
    *,
    course,
    by,
    number,
    date,
    threshold_measured_again=False,
    cpt_code="",
    beyond_authorization_reason="",
    today=None,
    **fields,
):
    """Log session ``number`` of ``course``. ``fields``: motor_threshold, intensity_pct_mt,
    pulses, target, side_effects, notes. A planned course becomes active. Raises SessionError
    with a plain message, and writes nothing, when the session cannot be logged."""
    today = today or timezone.localdate()
    # The lock: two staff logging at once get numbers one after the other, never the same.
    course = (
        Course.objects.select_for_update(of=("self",)).select_related("intake").get(pk=course.pk)
    )
    _check(course, number=number, day=date, today=today)
    reason = beyond_authorization_reason.strip()
    planned = next_session(course, day=date)
    if planned.needs_reason and not reason:
        raise ReasonNeeded(
            "This session is beyond the authorization or the plan: write why it takes place.",
            field="beyond_authorization_reason",
        )
    session = TreatmentSession.objects.create(
        course=course,
        number=number,
        date=date,
        cpt_code=cpt_code
        or cpt_code_for(number, threshold_measured_again=threshold_measured_again),
        beyond_authorization_reason=reason if planned.needs_reason else "",
        recorded_by=by,
        **fields,
    )
    if course.status == Course.Status.PLANNED:
        course.status = Course.Status.ACTIVE
        course.save(update_fields=["status", "updated_at"])
    send_due_warnings(course=course, today=today)
    return session
