"""Background tasks of the TMS course (docs/course.md)."""

from celery import shared_task


@shared_task(acks_late=True)
def send_check_in_mails_task():
    """Run by Celery beat (CELERY_BEAT_SCHEDULE): mail the check-ins that are due."""
    from .services.reminders import send_due_check_in_mails

    return send_due_check_in_mails()
