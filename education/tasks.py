"""Background tasks of the education app."""

from celery import shared_task


@shared_task(acks_late=True)
def run_import_job_task(*, job_id):
    """Import one large Q&A upload (education/jobs.py); a job not waiting is left alone."""
    from .jobs import run_job

    return run_job(job_id)
