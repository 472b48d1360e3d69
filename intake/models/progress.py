from django.conf import settings
from django.db import models
from django.db.models import Q

from ..questions import ANSWER_STEP_SLUGS, STEPS_BY_SLUG
from .choices import Status
from .intake import Intake


class IntakeStep(models.Model):
    """Progress and version of one step of one intake.

    ``version`` goes up on every save; a form sends back the version it was shown, and a save
    based on an older one is refused (two tabs, two devices).
    """

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(max_length=24, choices=[(s, s) for s in ANSWER_STEP_SLUGS])
    version = models.PositiveIntegerField(default=0)
    completed = models.BooleanField(
        default=False, help_text="Every required answer of this step was given at its last save."
    )
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "intake step"
        verbose_name_plural = "intake steps"
        ordering = ["intake_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["intake", "step"], name="intake_step_once"),
            models.CheckConstraint(condition=Q(step__in=ANSWER_STEP_SLUGS), name="step_valid"),
        ]

    def __str__(self):
        state = "complete" if self.completed else "not complete"
        times = "1 time" if self.version == 1 else f"{self.version} times"
        return f"{self.title}: {state}, saved {times}"

    @property
    def title(self):
        """The step's title as the patient sees it ("About you"), never its internal code."""
        step = STEPS_BY_SLUG.get(self.step)
        return step.title if step else self.step


class StatusChange(models.Model):
    """One move of an intake from one status to another: the audit trail staff review reads."""

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=16, choices=Status.choices)
    to_status = models.CharField(max_length=16, choices=Status.choices)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    message = models.TextField(blank=True, max_length=2000)

    class Meta:
        verbose_name = "status change"
        verbose_name_plural = "status changes"
        ordering = ["intake", "at", "pk"]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"
