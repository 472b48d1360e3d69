"""Background tasks of the portal app."""

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail

logger = logging.getLogger(__name__)


def retry_delay(retries):
    """Seconds before the next try: 30 s, 1 min, 2 min, 4 min ... capped at 30 minutes."""
    return min(30 * 2**retries, 1800)


@shared_task(bind=True, acks_late=True)
def send_mail_task(self, *, to, subject, body, kind=""):
    """Send one mail; a failure is tried again with growing pauses (MAIL_MAX_RETRIES)."""
    try:
        send_mail(subject, body, None, to)
    except (smtplib.SMTPException, OSError) as exc:
        if self.request.is_eager or self.request.retries >= settings.MAIL_MAX_RETRIES:
            logger.exception("Could not send the %s mail (gave up)", kind or "portal")
            return False
        logger.warning("Could not send the %s mail; trying again", kind or "portal")
        raise self.retry(exc=exc, countdown=retry_delay(self.request.retries)) from exc
    return True
