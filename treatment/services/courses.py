"""The course's authorization: its counter read from the database, and the warning mail to the
care team when it runs low or ends soon (docs/course.md).

No mail carries patient data: it says a course's authorization needs attention and links to
the course's admin page, where staff sign in to read it.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from intake.services.urgent import reviewer_addresses, superuser_addresses

from ..authorization import Grant, count
from ..models import Course, TreatmentSession

logger = logging.getLogger(__name__)

# reason: (the grant's field that records the mail, the counter's flag)
WARNINGS = {
    "low": ("warned_low_at", "running_low"),
    "ending": ("warned_ending_at", "ending_soon"),
}


# --- the counter -----------------------------------------------------------------------------


def with_counter_data(queryset):
    """``queryset`` with what the counter reads, in three more queries however many rows."""
    return queryset.prefetch_related(
        "authorizations__extensions",
        Prefetch("sessions", queryset=TreatmentSession.objects.only("course_id", "date", "number")),
    )


def grants_of(course):
    grants = []
    for authorization in course.authorizations.all():
        grants.append(
            Grant(
                authorization.approved_sessions,
                authorization.valid_from,
                authorization.valid_to,
                key=authorization,
            )
        )
        grants.extend(
            Grant(ext.sessions, ext.valid_from, ext.valid_to, key=ext)
            for ext in authorization.extensions.all()
        )
    return grants


def counter_for(course, *, today=None, extra_dates=()):
    """The course's counter (``extra_dates``: sessions not logged yet, counted as if they were)."""
    dates = [session.date for session in course.sessions.all()]
    return count(
        grants_of(course),
        [*dates, *extra_dates],
        today=today or timezone.localdate(),
        warn_sessions=settings.AUTH_WARN_SESSIONS,
        warn_days=settings.AUTH_WARN_DAYS,
    )


def needs_warning(course, *, today=None):
    """An open course whose authorization runs low or ends soon."""
    return course.is_open and counter_for(course, today=today).needs_warning


def courses_needing_warning(*, today=None, queryset=None):
    """The open courses whose authorization needs attention, with their counters."""
    queryset = Course.objects.open() if queryset is None else queryset.open().prefetch_related(None)
    courses = with_counter_data(queryset.select_related("patient", "intake", "protocol"))
    result = []
    for course in courses:
        counter = counter_for(course, today=today)
        if counter.needs_warning:
            result.append((course, counter))
    return result


# --- in words -------------------------------------------------------------------------------


def day(value):
    return date_format(value, "N j, Y") if value else "—"


def warning_words(course, counter):
    """The counter's warning in words (a colour alone says nothing to a screen reader)."""
    if not course.is_open:
        return ""
    if not counter.has_authorization:
        return "No authorization on file"
    words = []
    if counter.running_low and counter.remaining == 0:
        words.append("No authorized session left")
    elif counter.running_low:
        words.append(f"Running low: {counter.remaining} left")
    if counter.ending_soon:
        ended = counter.ends_on < timezone.localdate()
        words.append(f"{'Ended' if ended else 'Ends'} {day(counter.ends_on)}")
    if counter.beyond:
        words.append(f"{counter.beyond} beyond the authorization")
    return "; ".join(words)


# --- the warning mail ------------------------------------------------------------------------


def course_admin_url(course_id):
    return settings.SITE_URL + reverse("admin:treatment_course_change", args=[course_id])


def warning_message(course_id, reasons):
    """The subject and body: no name, address, score or other patient data."""
    if "low" in reasons:
        subject = "A TMS course's authorization is running low"
    else:
        subject = "A TMS course's authorization ends soon"
    lines = {
        "low": (
            f"{settings.AUTH_WARN_SESSIONS} or fewer authorized sessions remain on a TMS course."
        ),
        "ending": (
            f"The authorization of a TMS course ends within {settings.AUTH_WARN_DAYS} days."
        ),
    }
    body = (
        "\n".join(lines[reason] for reason in reasons)
        + "\n\nIf the course goes on, an extension may be needed. Open it in the portal "
        + f"(sign-in needed):\n{course_admin_url(course_id)}\n"
    )
    return subject, body


def warning_recipients(course):
    reviewer = course.reviewer
    if reviewer is not None and reviewer.is_active and reviewer.email:
        return [reviewer.email]
    return reviewer_addresses() or superuser_addresses()


def _queue_mail(recipients, subject, body):
    from portal.tasks import send_mail_task

    # robust: a broker that is down must not undo the session staff just logged.
    transaction.on_commit(
        lambda: send_mail_task.delay(
            to=recipients, subject=subject, body=body, kind="authorization warning"
        ),
        robust=True,
    )


@transaction.atomic
def send_due_warnings(*, course, today=None):
    """Tell the course's reviewer that its authorization runs low or ends soon: once per
    grant (the one that ends last) per reason. Returns the reasons told now."""
    if not course.is_open:
        return []
    counter = counter_for(course, today=today)
    grant = counter.current
    if grant is None:
        return []
    told = []
    for reason, (field, flag) in WARNINGS.items():
        if not getattr(counter, flag):
            continue
        # A conditional update: the daily run and a session logged at once tell it once.
        if (
            type(grant)
            .objects.filter(pk=grant.pk, **{f"{field}__isnull": True})
            .update(**{field: timezone.now()})
        ):
            told.append(reason)
    if told:
        recipients = warning_recipients(course)
        if not recipients:
            logger.error(
                "Course %s: nobody to tell that its authorization needs attention.", course.pk
            )
        else:
            _queue_mail(recipients, *warning_message(course.pk, told))
    return told


def warn_all(*, today=None):
    """The daily run: every open course's due warnings. Returns how many mails were queued."""
    sent = 0
    for course in with_counter_data(
        Course.objects.open().select_related("clinician", "intake__assigned_to")
    ):
        sent += bool(send_due_warnings(course=course, today=today))
    return sent
