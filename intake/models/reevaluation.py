"""A background re-evaluation of the stored evaluations (intake/services/reevaluation.py): what
started it, how far it has got, and how it ended, for staff to see."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class Reevaluation(models.Model):
    """One run over every open intake's stored evaluation after a change to what the notes are
    made from (the medication catalogue, a criteria profile, a plan mapping, a note text).

    Edits in a row share the job still waiting; at most one job waits and one runs (database
    constraints), so a running job never races another over the same intakes."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Updating"
        DONE = "done", "Done"
        FAILED = "failed", "Stopped"

    reason = models.CharField(max_length=300, help_text="The change that started it.")
    changes = models.PositiveIntegerField(
        default=1, help_text="How many changes this run brings in (edits in a row share one)."
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="changed by",
    )
    created = models.DateTimeField("requested", auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    # Moved on after each batch: a running job whose stamp stops moving lost its worker.
    progressed = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField("intakes done", default=0)
    total = models.PositiveIntegerField("intakes in all", default=0)
    error = models.TextField(blank=True, help_text="Why it stopped, in plain words.")

    # Far longer than one batch takes (about a second): a running job that has not moved for
    # this long lost its worker; a waiting one has no worker to take it.
    STALLED_AFTER = datetime.timedelta(minutes=10)

    class Meta:
        verbose_name = "notes update"
        verbose_name_plural = "notes updates"
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]),
                name="intake_reevaluation_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(done__lte=F("total")), name="intake_reevaluation_done_within_total"
            ),
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="queued"),
                name="intake_reevaluation_one_queued",
            ),
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="running"),
                name="intake_reevaluation_one_running",
            ),
        ]

    def __str__(self):
        return f"{self.reason} ({self.get_status_display().lower()})"

    @property
    def is_finished(self):
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def is_overdue(self):
        since = self.progressed or self.created
        return not self.is_finished and since < timezone.now() - self.STALLED_AFTER

    def progress_text(self):
        return f"{self.done:,} of {self.total:,}"

    def reason_text(self):
        more = self.changes - 1
        return (
            f"{self.reason}, and {more} more change{'s' if more > 1 else ''}"
            if more
            else self.reason
        )
