"""Large Q&A imports run as a background job (docs/security.md, "The Q&A import").

An upload with more than ``QA_IMPORT_BACKGROUND_ANSWERS`` answers is kept as an ``ImportJob``
and imported by a Celery task queued when the upload's transaction commits. The task:

1. claims the job with one conditional update (waiting -> importing), so two workers given the
   same job (a redelivered message, a double click) never run it twice;
2. parses the stored text again (a limit lowered since the upload fails here, in plain words);
3. imports everything in ONE transaction, ``services.import_qa``: all or nothing, as the
   direct upload and the command;
4. records the outcome (the report, or the error) on the job row.

Progress ("120 of 400 answers") is counted after each question. Rows written inside the
import's transaction are invisible to every other connection until it commits, so the count
goes through a connection of its own, in autocommit, on the job row alone (the import never
touches that row, so nothing waits on a lock). Only PostgreSQL lets a second connection write
while the import holds its transaction; SQLite has one writer at a time, so there the count
moves from 0 to the total when the import commits.
"""

import logging

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.utils import timezone

from . import services
from .importer import ImportProblem, parse_text
from .models import ImportJob

logger = logging.getLogger(__name__)


def start_job(*, text: str, file_name: str, user, answers_total: int) -> ImportJob:
    """Keep the upload as a job and import it in the background once this transaction
    commits (so a rolled-back upload queues nothing)."""
    from .tasks import run_import_job_task

    job = ImportJob.objects.create(
        text=text,
        file_name=file_name[:255],
        created_by=user,
        answers_total=answers_total,
    )
    transaction.on_commit(lambda: run_import_job_task.delay(job_id=job.pk))
    return job


def run_job(job_id: int) -> bool:
    """Import the job's text; True if it was imported. A job that is not waiting (already
    running, done or failed) is left alone."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING, started=timezone.now(), answers_done=0
    )
    if not claimed:
        return False
    text = ImportJob.objects.values_list("text", flat=True).get(pk=job_id)
    try:
        questions = parse_text(text)
        ImportJob.objects.filter(pk=job_id).update(
            answers_total=sum(len(question.answers) for question in questions)
        )
        with _ProgressCounter(job_id) as progress:
            report = services.import_qa(questions=questions, progress=progress)
    except ImportProblem as problem:
        _finish(job_id, error=f"{problem} Nothing was imported.")
        return False
    except Exception as error:
        logger.exception("Q&A import job %s failed", job_id)
        kind = "The database refused it" if isinstance(error, DatabaseError) else "It stopped"
        _finish(
            job_id,
            error=f"{kind} ({type(error).__name__}). Nothing was imported. Upload the file "
            "again; if it fails again, tell whoever looks after the portal, with the time.",
        )
        return False
    _finish(job_id, report=report.lines(), answers=report.answers_read)
    return True


def _finish(job_id, *, report=None, answers=0, error=""):
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportJob.Status.FAILED if error else ImportJob.Status.DONE,
        finished=timezone.now(),
        answers_done=answers,
        report=report or [],
        error=error,
    )


class _ProgressCounter:
    """Called with the answers handled so far; writes them to the job row from a separate
    autocommit connection where the database allows it (see the module's docstring).
    Counting is best effort: a failure to write it never stops the import."""

    def __init__(self, job_id):
        self.job_id = job_id
        self.connection = None

    def __enter__(self):
        # Inside an outer transaction the claim is not committed yet: the job row is locked (or
        # unseen) for any other connection, which would wait for this one.
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            self.connection = connections.create_connection(DEFAULT_DB_ALIAS)
        return self

    def __exit__(self, *exc_info):
        if self.connection is not None:
            self.connection.close()

    def __call__(self, answers_done):
        if self.connection is None:
            return
        table = self.connection.ops.quote_name(ImportJob._meta.db_table)
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET answers_done = %s WHERE id = %s AND status = %s",  # noqa: S608
                    [answers_done, self.job_id, ImportJob.Status.RUNNING],
                )
        except DatabaseError:
            logger.warning("Could not record the progress of Q&A import job %s", self.job_id)
            self.connection.close()
            self.connection = None
