"""PHQ-9 check-ins of a course (docs/course.md, "PHQ-9 check-ins and the crisis path"): when
one is due, saving the patient's or a clinic score, the one-time links of the check-in mails,
and the urgent path for item 9, the intake's own (intake.services.urgent.raise_alert).

Keyword-only and atomic, like the intake's services."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import dateformat, timezone

from intake.eligibility.vocabulary import (
    PHQ9_ITEM_MAX,
    PHQ9_MAX_TOTAL,
    item9_is_urgent,
    phq9_total,
)
from intake.services.urgent import raise_alert

from ..models import CheckIn, CheckInLink, Course

ALERT_REASON = "A PHQ-9 check-in"
CLINIC_ALERT_REASON = "A PHQ-9 check-in taken in the clinic"
MAX_TOKEN_LENGTH = 100


class CheckInError(Exception):
    """A check-in the service refuses; ``str()`` is a plain message, ``code`` says why."""

    def __init__(self, message, *, code):
        super().__init__(message)
        self.code = code


# --- when a check-in is due --------------------------------------------------------------------


def interval():
    return timedelta(days=settings.CHECKIN_INTERVAL_DAYS)


def current_due_date(course, today):
    """The due date of the period ``today`` is in: the course's start, then every
    CHECKIN_INTERVAL_DAYS days; None before the course starts."""
    if today < course.start_date:
        return None
    days = settings.CHECKIN_INTERVAL_DAYS
    return course.start_date + timedelta(days=(today - course.start_date).days // days * days)


def is_due(course, today=None):
    """Whether the check-in of this period is still to do (no check-in since its due date)."""
    due = current_due_date(course, today or timezone.localdate())
    return due is not None and not course.check_ins.filter(taken_on__gte=due).exists()


def schedule(course, today=None):
    """(the date of the next check-in, whether it is due now): this period's while it is to
    do, else the next one's."""
    today = today or timezone.localdate()
    due = current_due_date(course, today)
    if due is None:
        return course.start_date, False
    if is_due(course, today):
        return due, True
    return due + interval(), False


def next_due_date(course, today=None):
    """The date of the next check-in: this period's while it is to do, else the next one."""
    return schedule(course, today)[0]


def open_course(patient):
    """The patient's planned or active course, or None."""
    return Course.objects.open().for_patient(patient).first()


# --- saving --------------------------------------------------------------------------------------


def _valid_answers(answers):
    answers = list(answers)
    if len(answers) != 9 or any(a not in (0, 1, 2, 3) for a in answers):
        raise CheckInError("Please answer each of the nine questions.", code="answers")
    return answers


@transaction.atomic
def save_patient_check_in(*, patient, answers, difficulty=None, link_id=None, today=None):
    """Save the PHQ-9 the patient filled in for their open course, today; mark the mail's link
    used when they came by it; alert the clinic at once when item 9 is above "Not at all"."""
    today = today or timezone.localdate()
    course = Course.objects.open().for_patient(patient).select_for_update().first()
    if course is None:
        raise CheckInError("You have no TMS course with check-ins now.", code="no_course")
    if not is_due(course, today):
        raise CheckInError("You have already done this check-in. Thank you.", code="not_due")
    answers = _valid_answers(answers)
    if difficulty not in (None, 0, 1, 2, 3):
        raise CheckInError("Please choose one of the answers.", code="difficulty")
    check_in = CheckIn.objects.create(
        course=course,
        taken_on=today,
        source=CheckIn.Source.PATIENT,
        answers=answers,
        total=phq9_total(answers),
        item9=answers[8],
        difficulty=difficulty,
    )
    if link_id:
        CheckInLink.objects.filter(
            pk=link_id, course=course, used_at__isnull=True, expires_at__gt=timezone.now()
        ).update(used_at=timezone.now(), check_in=check_in)
    _alert_if_urgent(check_in, course, ALERT_REASON)
    return check_in


def clinic_score_problems(*, course, taken_on, total, item9, answers=(), today=None):
    """What is wrong with a clinic score, as (field, plain message) pairs; none when it is
    right. The admin form shows them; the service refuses a score with any."""
    today = today or timezone.localdate()
    problems = []
    if total is None or not 0 <= total <= PHQ9_MAX_TOTAL:
        problems.append(("total", f"The total must be between 0 and {PHQ9_MAX_TOTAL}."))
    if item9 is None or not 0 <= item9 <= PHQ9_ITEM_MAX:
        problems.append(("item9", f"Item 9 must be between 0 (not at all) and {PHQ9_ITEM_MAX}."))
    if taken_on is not None and course is not None and taken_on < course.start_date:
        start = dateformat.format(course.start_date, "N j, Y")
        problems.append(("taken_on", f"The date cannot be before the course started ({start})."))
    if taken_on is not None and taken_on > today:
        problems.append(("taken_on", "The date cannot be in the future."))
    answers = list(answers or ())
    if answers:
        if len(answers) != 9 or any(a not in (0, 1, 2, 3) for a in answers):
            problems.append((None, "Give all nine item scores (0 to 3 each), or none."))
        elif total is not None and sum(answers) != total:
            problems.append((None, f"The nine items add up to {sum(answers)}, not {total}."))
        elif item9 is not None and answers[8] != item9:
            problems.append((None, "Item 9 in the items is not the item 9 given above."))
    return problems


@transaction.atomic
def save_clinic_check_in(
    *, course, taken_on, total, item9, entered_by, answers=(), difficulty=None, today=None
):
    """Save a PHQ-9 taken in the clinic, entered by staff; alert the clinic when item 9 is above
    "Not at all", as for the patient's own check-in."""
    problems = clinic_score_problems(
        course=course, taken_on=taken_on, total=total, item9=item9, answers=answers, today=today
    )
    if problems:
        raise CheckInError(" ".join(message for _field, message in problems), code="invalid")
    course = Course.objects.select_for_update().get(pk=course.pk)
    check_in = CheckIn.objects.create(
        course=course,
        taken_on=taken_on,
        source=CheckIn.Source.CLINIC,
        answers=list(answers or ()),
        total=total,
        item9=item9,
        difficulty=difficulty,
        entered_by=entered_by,
    )
    _alert_if_urgent(check_in, course, CLINIC_ALERT_REASON)
    return check_in


def _alert_if_urgent(check_in, course, reason):
    if item9_is_urgent(check_in.item9):
        raise_alert(
            intake=course.intake,
            reason=reason,
            link=reverse("admin:treatment_course_change", args=[course.pk]),
        )


# --- the one-time links of the check-in mails ---------------------------------------------------


def new_link(*, course, due_on, now=None):
    """A link for the mail of ``course``'s check-in due on ``due_on``: (link, token). Only the
    token's hash is stored; the token goes in the mail and nowhere else."""
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    link = CheckInLink.objects.create(
        course=course,
        due_on=due_on,
        token_hash=CheckInLink.hash_token(token),
        expires_at=now + interval(),
    )
    return link, token


class LinkState:
    OK, USED, EXPIRED, UNKNOWN = "ok", "used", "expired", "unknown"


def find_link(*, token, patient, now=None):
    """(state, link) of ``token`` for ``patient``. Another patient's link is "unknown", as a
    made-up one is: the answer never tells that it exists."""
    now = now or timezone.now()
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return LinkState.UNKNOWN, None
    link = (
        CheckInLink.objects.filter(
            token_hash=CheckInLink.hash_token(token), course__patient=patient
        )
        .select_related("course")
        .first()
    )
    if link is None:
        return LinkState.UNKNOWN, None
    if link.used_at is not None:
        return LinkState.USED, link
    if link.expires_at <= now or not link.course.is_open:
        return LinkState.EXPIRED, link
    return LinkState.OK, link
