"""The urgent path's writes: raise an alert, tell the care team, escalate, acknowledge and record
the risk follow-up (docs/urgent-path.md). Keyword-only and atomic, like the other services.

No mail carries patient data: it says that an urgent answer needs review and links to the
intake's admin page, where staff sign in to read it.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from ..models import (
    AlertDelivery,
    FollowUpContact,
    FollowUpOutcome,
    Intake,
    Status,
    UrgentAlert,
)
from ..roles import CLINICAL_REVIEWERS

logger = logging.getLogger(__name__)


class UrgentError(Exception):
    """A write the urgent path refuses; ``str()`` is a message fit for staff."""


# --- who is told -----------------------------------------------------------------------------


def reviewer_addresses():
    """Every active clinical reviewer's address."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=CLINICAL_REVIEWERS)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def superuser_addresses():
    """Every active superuser's address: told when the clinic has set up no reviewer yet, so
    that an urgent answer never reaches nobody (a fresh `make run` has only a superuser)."""
    users = get_user_model().objects.filter(is_active=True, is_superuser=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def _addresses(setting):
    return sorted({address.strip() for address in setting if address.strip()})


def alert_recipients():
    return _addresses(settings.URGENT_ALERT_EMAILS) or reviewer_addresses() or superuser_addresses()


def escalation_recipients():
    return _addresses(settings.URGENT_ESCALATION_EMAILS) or alert_recipients()


# --- the mails -------------------------------------------------------------------------------


def intake_admin_url(intake_id):
    return settings.SITE_URL + reverse("admin:intake_intake_change", args=[intake_id])


def alert_message(delivery):
    """The subject and body of one alert mail: no name, address, answer or other patient data."""
    link = intake_admin_url(delivery.alert.intake_id)
    if delivery.kind == AlertDelivery.Kind.ESCALATION:
        subject = "Still not acknowledged: an urgent answer needs review"
        opening = (
            f"An urgent answer on an intake has not been acknowledged for "
            f"{settings.URGENT_ESCALATE_MINUTES} minutes. A clinician needs to review it now."
        )
    else:
        subject = "An urgent answer needs review"
        opening = "An answer on an intake needs urgent review by a clinician."
    reason = delivery.alert.reason
    if reason:
        opening = f"{opening}\nWhat raised it: {reason}."
    body = f"{opening}\n\nOpen it in the portal (sign-in needed):\n{link}\n\n"
    if delivery.alert.link:
        body += f"Where the answer is:\n{settings.SITE_URL}{delivery.alert.link}\n\n"
    body += "Please acknowledge it there and record the follow-up.\n"
    return subject, body


def _deliver(alert, kind, recipients):
    """Record a delivery and send it through its task once the transaction commits."""
    if not recipients:
        logger.error(
            "Urgent alert %s (%s): nobody to tell. Set URGENT_ALERT_EMAILS or add an active "
            "clinical reviewer or superuser with an email address.",
            alert.pk,
            kind,
        )
        recipients = []
    delivery = AlertDelivery.objects.create(
        alert=alert, kind=kind, recipients="\n".join(recipients)
    )
    if not recipients:
        AlertDelivery.objects.filter(pk=delivery.pk).update(
            state=AlertDelivery.State.FAILED,
            last_error=(
                "Nobody to tell: no URGENT_ALERT_EMAILS and no active clinical reviewer or "
                "superuser."
            ),
        )
        return delivery
    _queue(delivery.pk)
    return delivery


def _queue(delivery_id):
    from ..tasks import send_alert_task

    # robust: a broker that is down must not turn the patient's saved answer into an error
    # page; the delivery stays "waiting" and the next escalation run queues it again.
    transaction.on_commit(lambda: send_alert_task.delay(delivery_id=delivery_id), robust=True)


# --- raise, escalate -------------------------------------------------------------------------


@transaction.atomic
def raise_alert(*, intake, at=None, reason="", link=""):
    """Raise the intake's urgent alert and tell the care team.

    From the intake itself (no ``reason``) once per intake: a second call returns the alert
    already raised and sends nothing. With a ``reason`` (a later answer outside the intake, such
    as a PHQ-9 check-in during a TMS course, ``link`` its staff page), an existing alert is
    raised again: acknowledgement, follow-up and escalation are cleared (the old ones stay in the
    audit trail), and the mails go out again. The intake is marked urgent if it was not, so the
    queue shows it first, closed or not."""
    now = at or timezone.now()
    if link and not link.startswith("/"):
        raise ValueError("An alert's link is a path in the portal, starting with '/'.")
    locked = Intake.objects.select_for_update().get(pk=intake.pk)
    if reason and not locked.urgent:
        locked.urgent = intake.urgent = True
        locked.urgent_flagged_at = intake.urgent_flagged_at = now
        locked.save(update_fields=["urgent", "urgent_flagged_at"])
    alert, created = UrgentAlert.objects.select_for_update().get_or_create(
        intake=intake,
        defaults={
            "raised_at": at or locked.urgent_flagged_at or now,
            "reason": reason,
            "link": link,
        },
    )
    if not created and not reason:
        return alert
    if not created:
        _reset(alert, raised_at=now, reason=reason, link=link)
    _deliver(alert, AlertDelivery.Kind.ALERT, alert_recipients())
    return alert


def _reset(alert, *, raised_at, reason, link):
    """Raise ``alert`` again: saved with .save(), so django-auditlog keeps what it replaces."""
    alert.raised_at = raised_at
    alert.reason = reason
    alert.link = link
    alert.acknowledged_by = alert.acknowledged_at = alert.escalated_at = None
    alert.followup_contact = alert.followup_outcome = alert.followup_note = ""
    alert.followup_by = alert.followup_at = None
    alert.save()


def raised_after_closing(alert, intake):
    """Whether ``alert`` was raised again after ``intake`` was closed: its follow-up is then
    still to do, on the closed intake."""
    return alert is not None and intake.closed_at is not None and alert.raised_at > intake.closed_at


# A closed intake whose alert was raised again after it closed, with no follow-up recorded yet:
# it stays in the queue, the count and the reviewer's home until the follow-up is recorded.
REOPENED_BY_ALERT = Q(
    status=Status.CLOSED,
    urgent_alert__raised_at__gt=F("closed_at"),
    urgent_alert__followup_at__isnull=True,
)


def shown_by_default():
    """Every intake not closed, and the closed ones whose alert was raised again after they
    closed (a PHQ-9 check-in during a course) until its follow-up is recorded. The few
    reopened ones are found first, so the open intakes are still read from their partial
    index rather than by reading every closed intake."""
    reopened = list(
        UrgentAlert.objects.filter(
            followup_at__isnull=True,
            intake__status=Status.CLOSED,
            raised_at__gt=F("intake__closed_at"),
        ).values_list("intake_id", flat=True)
    )
    return ~Q(status=Status.CLOSED) | Q(pk__in=reopened) if reopened else ~Q(status=Status.CLOSED)


def due_for_escalation(now=None):
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.URGENT_ESCALATE_MINUTES)
    return UrgentAlert.objects.filter(
        acknowledged_at__isnull=True, escalated_at__isnull=True, raised_at__lte=cutoff
    )


def escalate_due_alerts(*, now=None):
    """Send each alert unacknowledged for URGENT_ESCALATE_MINUTES again, once; and try again
    each alert mail that failed for good. Returns how many alerts were escalated."""
    now = now or timezone.now()
    escalated = 0
    for alert_id in due_for_escalation(now).values_list("pk", flat=True):
        with transaction.atomic():
            # A conditional update: two runs at once escalate an alert once.
            won = UrgentAlert.objects.filter(
                pk=alert_id, acknowledged_at__isnull=True, escalated_at__isnull=True
            ).update(escalated_at=now)
            if won:
                alert = UrgentAlert.objects.get(pk=alert_id)
                _deliver(alert, AlertDelivery.Kind.ESCALATION, escalation_recipients())
                escalated += 1
    retry_failed_deliveries()
    return escalated


# A mail queued this long ago and never tried is taken as lost on its way to the worker.
STUCK_MINUTES = 15


def retry_failed_deliveries():
    """Send again the mails of unacknowledged alerts that failed for good (the alert is never
    lost: each try is recorded on the delivery, which staff see on the intake's page)."""
    stuck_before = timezone.now() - timedelta(minutes=STUCK_MINUTES)
    again = (
        AlertDelivery.objects.filter(alert__acknowledged_at__isnull=True)
        .filter(
            Q(state=AlertDelivery.State.FAILED)
            # queued but never tried (the broker was down at the time): queue it again
            | Q(state=AlertDelivery.State.PENDING, attempts=0, queued_at__lte=stuck_before)
        )
        .exclude(recipients="")
    )
    for delivery_id, state in again.values_list("pk", "state"):
        with transaction.atomic():
            if AlertDelivery.objects.filter(pk=delivery_id, state=state).update(
                state=AlertDelivery.State.PENDING, queued_at=timezone.now()
            ):
                _queue(delivery_id)


# --- acknowledge and follow up ---------------------------------------------------------------


def _alert_for(intake):
    """The intake's alert (made now for an urgent intake from before alerts were kept)."""
    if not intake.urgent:
        raise UrgentError("This intake has no urgent answer.")
    alert, _ = UrgentAlert.objects.get_or_create(
        intake=intake, defaults={"raised_at": intake.urgent_flagged_at or timezone.now()}
    )
    return alert


@transaction.atomic
def acknowledge(*, intake, by):
    """Record that ``by`` acknowledged the alert. Of two reviewers at once, the first is
    recorded and the second is told who it was. Returns (alert, acknowledged_now)."""
    alert = _alert_for(intake)
    now = timezone.now()
    won = UrgentAlert.objects.filter(pk=alert.pk, acknowledged_at__isnull=True).update(
        acknowledged_by=by, acknowledged_at=now
    )
    alert.refresh_from_db()
    if won:
        _audit(
            alert,
            by=by,
            changes={"acknowledged_by": ["None", str(by)], "acknowledged_at": ["None", str(now)]},
        )
    return alert, bool(won)


@transaction.atomic
def record_followup(*, intake, by, contact, outcome, note=""):
    """Record the risk follow-up (acknowledging the alert too, if nobody had)."""
    note = (note or "").strip()
    if contact not in FollowUpContact.values:
        raise UrgentError("Choose how the patient was reached, or that they could not be.")
    if outcome not in FollowUpOutcome.values:
        raise UrgentError("Choose the outcome of the follow-up.")
    if outcome == FollowUpOutcome.OTHER and not note:
        raise UrgentError('With the outcome "Other", write what happened in the note.')
    if len(note) > 2000:
        raise UrgentError("The note is too long: keep it under 2,000 characters.")
    locked = Intake.objects.select_for_update().get(pk=intake.pk)
    current = UrgentAlert.objects.filter(intake=locked).first()
    if locked.status == Status.CLOSED and not raised_after_closing(current, locked):
        raise UrgentError("This intake is closed.")
    alert, _ = acknowledge(intake=locked, by=by)
    alert = UrgentAlert.objects.select_for_update().get(pk=alert.pk)
    alert.followup_contact = contact
    alert.followup_outcome = outcome
    alert.followup_note = note
    alert.followup_by = by
    alert.followup_at = timezone.now()
    alert.save()  # recorded by django-auditlog, with the reviewer as actor
    return alert


def followup_missing(intake):
    """True when ``intake`` is urgent and no risk follow-up is recorded: it cannot be closed."""
    if not intake.urgent:
        return False
    return not UrgentAlert.objects.filter(intake=intake, followup_at__isnull=False).exists()


def _audit(alert, *, by, changes):
    """An audit-trail entry for a write made with a conditional UPDATE (which django-auditlog
    cannot see); the actor is the signed-in user, as for its own entries."""
    from auditlog.models import LogEntry

    LogEntry.objects.log_create(
        alert, action=LogEntry.Action.UPDATE, changes=changes, actor=by, force_log=True
    )


# --- what staff see --------------------------------------------------------------------------


def unacknowledged_intakes(queryset=None):
    """Urgent intakes whose alert nobody has acknowledged yet: open ones, and closed ones whose
    alert was raised again after they closed."""
    queryset = Intake.objects.all() if queryset is None else queryset
    return (
        queryset.filter(urgent=True)
        .filter(~Q(status=Status.CLOSED) | REOPENED_BY_ALERT)
        .filter(Q(urgent_alert__isnull=True) | Q(urgent_alert__acknowledged_at__isnull=True))
    )
