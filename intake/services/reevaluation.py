"""Re-evaluation in the background: a change to what the notes are made from (the medication
catalogue, a criteria profile, a plan mapping, a note text) brings every affected stored
evaluation (``Intake.evaluation`` and the queue's columns) up to date, with no button pressed.

``request_reevaluation`` is called with the change, in its transaction. It keeps a
``Reevaluation`` job and queues ``reevaluate_task`` once the transaction commits (so a
rolled-back change queues nothing). The task runs the waiting job in batches of
``REEVALUATION_BATCH_SIZE`` intakes, each batch its own transaction with the job's progress,
so a failure keeps the batches done before it and says where it stopped.

Coalescing: edits in a row join the job still waiting; a job already running keeps going (each
batch loads the data as it is then) and the next edit waits in a new job, run once it ends.
Database constraints allow one waiting job and one running job, so two workers never write the
same intakes at once, and a running job ends before the next starts: the last job to run
started after the last change, so every affected intake ends up with the latest data.

Affected intakes: every intake not closed that has been sent or already holds an evaluation.
A closed intake keeps the evaluation it was closed with; a draft is evaluated afresh on each
page and stores nothing.
"""

from __future__ import annotations

import contextlib
import gc
import logging

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from ..models import PHQ9_FIELDS, Intake, Reevaluation, SafetyAnswer, Status, Trial
from .case import LOADED_SAFETY_ANSWERS, LOADED_TRIALS
from .evaluation import ProfileChoice, SetupData, review_snapshot

logger = logging.getLogger(__name__)

SNAPSHOT_FIELDS = (
    "review_phq9_total",
    "review_severity",
    "review_failed_trials",
    "review_profile_key",
    "review_unmet",
    "evaluation",
    "evaluated_at",
)

# What a batch reads: the columns the rules' case is made from (intake/services/case.py) and the
# profile is picked by (insurance_plan). Reading the other sixty-odd columns of each intake, its
# patient and its trials took a third of a batch's CPU time. A column left out here is loaded
# one query per intake; test_a_batch_runs_a_fixed_number_of_queries catches that.
CASE_FIELDS = (
    "status",
    "patient_id",
    "patient__date_of_birth",
    "date_of_birth",
    *PHQ9_FIELDS,
    "diagnosis",
    "high_mood",
    "psychosis",
    "substance_use_90d",
    "ect_had",
    "tms_had",
    "tms_improvement_pct",
    "therapy_had",
    "therapy_kind",
    "therapy_weeks",
    "therapy_outcome",
    "insurance_plan",
)
TRIAL_FIELDS = (
    "intake_id",
    "position",
    "medication",
    "daily_dose_mg",
    "weeks",
    "outcome",
    "augmentation",
    "current_episode",
)


def affected_intakes():
    """The intakes whose stored evaluation a change to the set-up data may alter."""
    return Intake.objects.open().filter(~Q(status=Status.DRAFT) | Q(evaluated_at__isnull=False))


def current_reevaluation() -> Reevaluation | None:
    """The job running now, else the one waiting (1 query): what the queue's banner shows."""
    running = [Reevaluation.Status.RUNNING, Reevaluation.Status.QUEUED]
    return Reevaluation.objects.filter(status__in=running).order_by("-status").first()


# --- starting -------------------------------------------------------------------------------


def request_reevaluation(*, reason: str, by=None) -> Reevaluation | None:
    """Re-evaluate every affected intake after the current transaction commits. The job still
    waiting, if any, takes this change too. None when no intake is affected."""
    from ..tasks import reevaluate_task

    if not affected_intakes().exists():
        return None
    reason = reason[: Reevaluation._meta.get_field("reason").max_length]
    with transaction.atomic():
        job = Reevaluation.objects.select_for_update().filter(status=Reevaluation.Status.QUEUED)
        job = job.first()
        if job is None:
            try:
                with transaction.atomic():
                    job = Reevaluation.objects.create(reason=reason, requested_by=by)
            except IntegrityError:  # another change made the waiting job meanwhile
                job = Reevaluation.objects.select_for_update().get(
                    status=Reevaluation.Status.QUEUED
                )
            else:
                transaction.on_commit(reevaluate_task.delay)
                return job
        job.changes += 1
        job.save(update_fields=["changes"])
    # Queued again on every change: a message lost on its way to the broker is made good by the
    # next change, and a spare one finds nothing waiting.
    transaction.on_commit(reevaluate_task.delay)
    return job


# --- running --------------------------------------------------------------------------------


def run_waiting_jobs() -> int:
    """Run the waiting job, and any that waits once it ends; returns how many ran. Nothing runs
    while another worker runs a job: that worker runs the waiting one next."""
    ran = 0
    while True:
        _stop_stalled_jobs()
        job = _claim_waiting_job()
        if job is None:
            return ran
        run_job(job)
        ran += 1


def _claim_waiting_job() -> Reevaluation | None:
    job = Reevaluation.objects.filter(status=Reevaluation.Status.QUEUED).first()
    if job is None:
        return None
    now = timezone.now()
    try:
        with transaction.atomic():
            claimed = Reevaluation.objects.filter(
                pk=job.pk, status=Reevaluation.Status.QUEUED
            ).update(status=Reevaluation.Status.RUNNING, started=now, progressed=now)
    except IntegrityError:  # another job is running: it runs this one when it ends
        return None
    if not claimed:
        return None
    job.refresh_from_db()
    return job


def _stop_stalled_jobs() -> None:
    """A running job that has not moved for STALLED_AFTER lost its worker: it is marked stopped
    and a new job redoes every intake (Celery beat runs this every few minutes)."""
    limit = timezone.now() - Reevaluation.STALLED_AFTER
    stopped = Reevaluation.objects.filter(
        status=Reevaluation.Status.RUNNING, progressed__lt=limit
    ).update(
        status=Reevaluation.Status.FAILED,
        finished=timezone.now(),
        error="Its worker stopped: nothing moved for ten minutes. The intakes done by then "
        "keep their new notes; a new update was started for them all.",
    )
    if stopped:
        request_reevaluation(reason="Started again: an update lost its worker")


def run_job(job: Reevaluation) -> bool:
    """Re-evaluate every affected intake for a claimed (running) job, batch by batch; True if
    it ended well."""
    ids = list(affected_intakes().order_by("pk").values_list("pk", flat=True))
    Reevaluation.objects.filter(pk=job.pk).update(total=len(ids), done=0)
    size = settings.REEVALUATION_BATCH_SIZE
    done = 0
    try:
        for start in range(0, len(ids), size):
            batch = ids[start : start + size]
            with transaction.atomic():
                reevaluate_batch(batch)
                done += len(batch)
                Reevaluation.objects.filter(pk=job.pk).update(done=done, progressed=timezone.now())
    except Exception as error:
        logger.exception("Re-evaluation %s stopped after %s of %s intakes", job.pk, done, len(ids))
        kind = "The database refused a change" if isinstance(error, DatabaseError) else "A fault"
        _finish(
            job,
            error=f"{kind} ({type(error).__name__}) stopped it after {done:,} of {len(ids):,} "
            "intakes. Those keep their new notes; the others keep their earlier ones until the "
            "next change, or until Re-evaluate is pressed on them. If it happens again, tell "
            "whoever looks after the portal, with the time.",
        )
        return False
    _finish(job)
    return True


def _finish(job: Reevaluation, *, error: str = "") -> None:
    Reevaluation.objects.filter(pk=job.pk).update(
        status=Reevaluation.Status.FAILED if error else Reevaluation.Status.DONE,
        finished=timezone.now(),
        error=error,
    )


@contextlib.contextmanager
def cyclic_gc_paused():
    """Python's cycle collector off while a batch runs, back on after (if it was on). A batch
    makes hundreds of thousands of short-lived objects (models, notes, the JSON), and the
    collector ran again and again over them: about 5 % of the job's CPU time (docs/performance.md).
    Nothing is kept longer: objects are still freed as soon as they are unused, and any cycles
    are collected once the collector is back on. Process-wide for that time, so used only in
    the batch (a worker's task, or the queue's bulk action in one request)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def reevaluate_batch(ids, *, any_status: bool = False) -> int:
    """Store a fresh evaluation for each affected intake among ``ids`` (``any_status``: each of
    them). The set-up data is loaded once for the batch and the intakes written together, so
    the number of queries does not grow with the batch. The intakes are locked
    meanwhile: a patient's submit waits, then stores its own evaluation. Returns how many."""
    with cyclic_gc_paused():
        setup, profiles = SetupData.load(), ProfileChoice.load()
        intakes = list(
            (Intake.objects.all() if any_status else affected_intakes())
            .filter(pk__in=ids)
            .only(*CASE_FIELDS)  # the old stored evaluation is replaced, never read
            .select_for_update(of=("self",))
            .select_related("patient")
            .prefetch_related(
                Prefetch("trials", Trial.objects.only(*TRIAL_FIELDS), to_attr=LOADED_TRIALS),
                Prefetch(
                    "safety_answers",
                    SafetyAnswer.objects.only("intake_id", "key", "answer"),
                    to_attr=LOADED_SAFETY_ANSWERS,
                ),
            )
        )
        for intake in intakes:
            for name, value in review_snapshot(intake, setup=setup, profiles=profiles).items():
                setattr(intake, name, value)
        _store(intakes)
        return len(intakes)


# PostgreSQL 14 and later compress a large value (each stored evaluation is 7 to 9 KB of JSON)
# with pglz unless told otherwise; lz4 writes it in about two thirds of the time (10,000 rows:
# 3.4 s against 5.5 s, docs/performance.md). Set for the batch's transaction only, and only
# where the server has lz4: readers decompress either kind without knowing, so what every
# reader gets is unchanged, and no migration is needed (the column keeps no fixed method).
USE_LZ4_FOR_THIS_TRANSACTION = (
    "SELECT set_config('default_toast_compression', 'lz4', true) FROM pg_settings "
    "WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)"
)


def _store(intakes) -> None:
    """Write the fresh columns of ``intakes``: one UPDATE, run once a row in a single
    ``executemany`` (psycopg sends them together). ``bulk_update`` builds a CASE for each row
    and column, which took two thirds of the job's CPU time in ``make bench``."""
    fields = [Intake._meta.get_field(name) for name in SNAPSHOT_FIELDS]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = (
        f"UPDATE {quote(Intake._meta.db_table)} SET {assignments} "  # noqa: S608 (model names)
        f"WHERE {quote(Intake._meta.pk.column)} = %s"
    )
    rows = [
        [field.get_db_prep_save(getattr(intake, field.attname), connection) for field in fields]
        + [intake.pk]
        for intake in intakes
    ]
    if rows:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(USE_LZ4_FOR_THIS_TRANSACTION)
            cursor.executemany(sql, rows)


def reevaluate_intakes(ids) -> int:
    """Re-evaluate the intakes ``ids`` now, whatever their status, in batches (the queue's bulk
    action); returns how many."""
    size = settings.REEVALUATION_BATCH_SIZE
    count = 0
    for start in range(0, len(ids), size):
        with transaction.atomic():
            count += reevaluate_batch(ids[start : start + size], any_status=True)
    return count
