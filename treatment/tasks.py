"""Background tasks of the TMS course (docs/course.md)."""

from celery import shared_task


@shared_task
def authorization_warnings_task():
    """Run daily by Celery beat (CELERY_BEAT_SCHEDULE): tell each course's reviewer whose
    authorization runs low or ends soon (once per authorization and reason)."""
    from .services.courses import warn_all

    return warn_all()


@shared_task(acks_late=True)
def send_check_in_mails_task():
    """Run by Celery beat (CELERY_BEAT_SCHEDULE): mail the check-ins that are due."""
    from .services.reminders import send_due_check_in_mails

    return send_due_check_in_mails()
