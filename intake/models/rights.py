from django.conf import settings
from django.db import models
from django.db.models import Q


class DeletionRequest(models.Model):
    """A patient asked for their account and data to be deleted; a clinical reviewer carries it
    out in the admin (intake/services/rights.py: delete, or anonymise an intake the clinic must
    keep).

    Once done, the row keeps no name or email: only when, by whom and what was done."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for the clinic"
        DONE = "done", "Carried out"

    class Result(models.TextChoices):
        DELETED = "deleted", "Account and data deleted"
        ANONYMISED = "anonymised", "Account deleted; reviewed intakes kept without identity"

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deletion_requests",
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    result = models.CharField(max_length=12, choices=Result.choices, blank=True)
    kept_intakes = models.PositiveSmallIntegerField(default=0)
    deleted_intakes = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "deletion request"
        verbose_name_plural = "deletion requests"
        ordering = ["state", "requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient"],
                condition=Q(state="pending"),
                name="deletion_request_one_pending",
            ),
        ]

    def __str__(self):
        return f"Deletion request {self.pk} ({self.get_state_display().lower()})"
