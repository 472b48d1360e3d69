"""PHQ-9 check-ins during a course, and the one-time links the check-in mail carries."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q

from intake.eligibility.vocabulary import PHQ9_MAX_TOTAL

from .course import Course


class CheckIn(models.Model):
    """A PHQ-9 taken during a course: by the patient in the portal, or in the clinic and
    entered by staff. The first one of a course is its baseline."""

    class Source(models.TextChoices):
        PATIENT = "patient", "Filled in by the patient"
        CLINIC = "clinic", "Taken in the clinic"

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="check_ins")
    taken_on = models.DateField()
    source = models.CharField(max_length=8, choices=Source.choices)
    # The nine item scores (0-3 each) when answered item by item; empty when staff entered
    # only a total taken in the clinic.
    answers = models.JSONField(default=list, blank=True)
    total = models.PositiveSmallIntegerField(help_text="0 to 27.")
    item9 = models.PositiveSmallIntegerField(
        "item 9 (thoughts of death or self-harm)", help_text="0 (not at all) to 3."
    )
    difficulty = models.PositiveSmallIntegerField(null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The staff member who entered a clinic score.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["course", "taken_on", "pk"]
        verbose_name = "PHQ-9 check-in"
        verbose_name_plural = "PHQ-9 check-ins"
        constraints = [
            models.CheckConstraint(
                condition=Q(total__lte=PHQ9_MAX_TOTAL), name="checkin_total_range"
            ),
            models.CheckConstraint(condition=Q(item9__lte=3), name="checkin_item9_range"),
            models.CheckConstraint(
                condition=Q(difficulty__isnull=True) | Q(difficulty__lte=3),
                name="checkin_difficulty_range",
            ),
        ]

    def __str__(self):
        return f"PHQ-9 check-in of {self.taken_on}"


class CheckInLink(models.Model):
    """The link of one check-in mail: works once, for its patient, until it expires. Only a
    hash of the token is stored."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="check_in_links")
    # The check-in this link's mail was sent for: one mail per course and due date.
    due_on = models.DateField(null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    check_in = models.OneToOneField(
        CheckIn, on_delete=models.SET_NULL, null=True, blank=True, related_name="link"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "check-in link"
        verbose_name_plural = "check-in links"
        constraints = [
            models.UniqueConstraint(
                fields=["course", "due_on"], name="checkin_link_one_per_due_date"
            ),
        ]

    def __str__(self):
        return f"Check-in link for course {self.course_id}"

    @staticmethod
    def hash_token(token):
        return hashlib.sha256(token.encode()).hexdigest()
