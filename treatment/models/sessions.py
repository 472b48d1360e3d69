"""One TMS session as staff log it."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from .course import MAX_PLANNED_SESSIONS, Course


class CptCode(models.TextChoices):
    """The CPT codes of TMS treatment (docs/clinical-facts.md 6a)."""

    INITIAL = "90867", "90867 first session, with motor threshold"
    SUBSEQUENT = "90868", "90868 later session"
    REDETERMINATION = "90869", "90869 later session, motor threshold measured again"


class TreatmentSession(models.Model):
    """Session n of N of a course."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PLANNED_SESSIONS * 2)]
    )
    date = models.DateField()
    cpt_code = models.CharField("CPT code", max_length=5, choices=CptCode.choices)
    motor_threshold = models.PositiveSmallIntegerField(
        "motor threshold (% of machine output)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    intensity_pct_mt = models.PositiveSmallIntegerField(
        "intensity (% of motor threshold)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
    )
    pulses = models.PositiveIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(20000)]
    )
    target = models.CharField(max_length=80, blank=True)
    side_effects = models.CharField(max_length=500, blank=True)
    notes = models.TextField(max_length=2000, blank=True)
    beyond_authorization_reason = models.CharField(
        "why this session is beyond the authorization",
        max_length=500,
        blank=True,
        help_text="Required when no authorized session is left for this date.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["course", "number"]
        verbose_name = "session"
        verbose_name_plural = "sessions"
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="session_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="session_number_positive"),
        ]

    def __str__(self):
        return f"Session {self.number}"
