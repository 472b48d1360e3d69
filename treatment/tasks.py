"""Background tasks of the course (docs/course.md)."""

from celery import shared_task


@shared_task
def authorization_warnings_task():
    """Run daily by Celery beat (CELERY_BEAT_SCHEDULE): tell each course's reviewer whose
    authorization runs low or ends soon (once per authorization and reason)."""
    from .services.courses import warn_all

    return warn_all()
