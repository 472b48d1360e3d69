"""Background tasks of the urgent path (docs/urgent-path.md)."""

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.utils import timezone, translation

from portal.tasks import retry_delay

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True)
def send_alert_task(self, *, delivery_id):
    """Send one alert mail and record the attempt on its delivery; a failure is tried again with
    growing pauses (MAIL_MAX_RETRIES), then left "failed" for staff to see and for the next
    escalation run to try again."""
    from .models import AlertDelivery
    from .services.urgent import alert_message

    delivery = AlertDelivery.objects.select_related("alert").filter(pk=delivery_id).first()
    if delivery is None or delivery.state == AlertDelivery.State.SENT:
        return False  # the intake was deleted meanwhile, or a duplicate run
    # Staff mail: in the clinic's language (English), whatever the patient's page was in.
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = alert_message(delivery)
    now = timezone.now()
    try:
        send_mail(subject, body, None, delivery.recipient_list)
    except (smtplib.SMTPException, OSError) as exc:
        gave_up = self.request.is_eager or self.request.retries >= settings.MAIL_MAX_RETRIES
        AlertDelivery.objects.filter(pk=delivery.pk).update(
            attempts=F("attempts") + 1,
            last_attempt_at=now,
            last_error=f"{type(exc).__name__}: {exc}"[:500],
            state=AlertDelivery.State.FAILED if gave_up else AlertDelivery.State.RETRYING,
        )
        if gave_up:
            logger.exception("Could not send urgent alert mail %s (left failed)", delivery.pk)
            return False
        logger.warning("Could not send urgent alert mail %s; trying again", delivery.pk)
        raise self.retry(exc=exc, countdown=retry_delay(self.request.retries)) from exc
    AlertDelivery.objects.filter(pk=delivery.pk).update(
        attempts=F("attempts") + 1,
        last_attempt_at=now,
        sent_at=now,
        state=AlertDelivery.State.SENT,
    )
    return True


@shared_task
def escalate_urgent_alerts_task():
    """Run by Celery beat (CELERY_BEAT_SCHEDULE): escalate the alerts that are due."""
    from .services.urgent import escalate_due_alerts

    return escalate_due_alerts()


@shared_task(acks_late=True)
def reevaluate_task():
    """Re-evaluate the stored evaluations after a change to the set-up data: runs the waiting
    job (intake/services/reevaluation.py); nothing when none waits or another is running."""
    from .services.reevaluation import run_waiting_jobs

    return run_waiting_jobs()
