"""A patient's TMS course and the insurance authorization it runs against."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from intake.models import Intake

MAX_PLANNED_SESSIONS = 100


class Protocol(models.Model):
    """A stimulation protocol the clinic offers (an editable list; docs/clinical-facts.md 6a)."""

    name = models.CharField(
        max_length=80, unique=True, help_text='As staff call it, e.g. "10 Hz left DLPFC".'
    )
    description = models.CharField(
        max_length=300, blank=True, help_text="The parameters in a line, for the course page."
    )
    default_target = models.CharField(
        max_length=80, blank=True, help_text="Filled in on each new session; staff can change it."
    )
    default_pulses = models.PositiveIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(20000)]
    )
    default_intensity_pct_mt = models.PositiveSmallIntegerField(
        "default intensity (% of motor threshold)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(200)],
    )
    default_sessions = models.PositiveSmallIntegerField(
        default=36, validators=[MinValueValidator(1), MaxValueValidator(MAX_PLANNED_SESSIONS)]
    )
    source = models.CharField(
        max_length=300, blank=True, help_text="Where the parameters come from."
    )
    active = models.BooleanField(default=True, help_text="Offered for new courses.")

    class Meta:
        ordering = ["name"]
        verbose_name = "protocol"
        verbose_name_plural = "protocols"

    def __str__(self):
        return self.name


class CourseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=[Course.Status.PLANNED, Course.Status.ACTIVE])

    def for_patient(self, user):
        return self.filter(patient=user)


class Course(models.Model):
    """One course of TMS for one patient, after their intake."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        ACTIVE = "active", "Active"
        COMPLETED = "completed", "Completed"
        STOPPED = "stopped", "Stopped early"

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="courses"
    )
    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="courses")
    protocol = models.ForeignKey(Protocol, on_delete=models.PROTECT, related_name="courses")
    planned_sessions = models.PositiveSmallIntegerField(
        default=36,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PLANNED_SESSIONS)],
        help_text="Usually 36: 30 daily sessions and a taper.",
    )
    start_date = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    stopped_reason = models.CharField(
        "why it stopped early", max_length=500, blank=True, help_text="Required when stopped early."
    )
    ended_on = models.DateField(null=True, blank=True)
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Told when the authorization runs low. Empty: the intake's assigned reviewer.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = "TMS course"
        verbose_name_plural = "TMS courses"
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="stopped") | ~Q(stopped_reason=""),
                name="course_stopped_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(planned_sessions__gte=1)
                & Q(planned_sessions__lte=MAX_PLANNED_SESSIONS),
                name="course_planned_sessions_range",
            ),
            models.UniqueConstraint(
                fields=["patient"],
                condition=Q(status__in=["planned", "active"]),
                name="course_one_open_per_patient",
                violation_error_message="This patient already has a planned or active course.",
            ),
        ]

    def __str__(self):
        return f"TMS course {self.pk} ({self.get_status_display().lower()})"

    @property
    def is_open(self):
        return self.status in (self.Status.PLANNED, self.Status.ACTIVE)

    @property
    def reviewer(self):
        """Who is told about this course: its clinician, else the intake's assigned reviewer."""
        return self.clinician or self.intake.assigned_to


class Authorization(models.Model):
    """A payer's authorization of a number of sessions between two dates."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="authorizations")
    payer = models.CharField(max_length=120)
    number = models.CharField("authorization number", max_length=60)
    approved_sessions = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PLANNED_SESSIONS)]
    )
    valid_from = models.DateField()
    valid_to = models.DateField()
    # When the care team was told this grant runs low / ends soon: once per grant per reason
    # (treatment/services/courses.py).
    warned_low_at = models.DateTimeField(null=True, blank=True, editable=False)
    warned_ending_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["valid_from", "pk"]
        verbose_name = "authorization"
        verbose_name_plural = "authorizations"
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=models.F("valid_from")),
                name="authorization_dates_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.payer} {self.number}"


class AuthorizationExtension(models.Model):
    """More sessions granted on an authorization, with their own dates."""

    authorization = models.ForeignKey(
        Authorization, on_delete=models.CASCADE, related_name="extensions"
    )
    number = models.CharField("extension number", max_length=60, blank=True)
    sessions = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PLANNED_SESSIONS)]
    )
    valid_from = models.DateField()
    valid_to = models.DateField()
    # When the care team was told this grant runs low / ends soon: once per grant per reason
    # (treatment/services/courses.py).
    warned_low_at = models.DateTimeField(null=True, blank=True, editable=False)
    warned_ending_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["valid_from", "pk"]
        verbose_name = "extension"
        verbose_name_plural = "extensions"
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=models.F("valid_from")),
                name="extension_dates_in_order",
            ),
        ]

    def __str__(self):
        return f"Extension of {self.sessions} sessions"
