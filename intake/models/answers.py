from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from ..eligibility.vocabulary import (
    MAX_DAILY_DOSE_MG,
    MAX_TRIAL_WEEKS,
    SAFETY_KEYS,
    SAFETY_QUESTIONS,
)
from .choices import MONTHS, TrialOutcome, YesNo, YesNoNotSure
from .intake import Intake


class Trial(models.Model):
    """One antidepressant the patient has taken, as they remember it."""

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="trials")
    position = models.PositiveSmallIntegerField(default=0)
    medication = models.CharField(
        max_length=100, help_text="As the patient typed it; never corrected or guessed."
    )
    daily_dose_mg = models.DecimalField(
        "highest daily dose (mg)",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_DAILY_DOSE_MG)],
    )
    weeks = models.PositiveSmallIntegerField(
        "weeks at that dose", null=True, blank=True, validators=[MaxValueValidator(MAX_TRIAL_WEEKS)]
    )
    start_month = models.PositiveSmallIntegerField(null=True, blank=True, choices=MONTHS)
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    current_episode = models.CharField(
        "during this episode", max_length=8, choices=YesNoNotSure.choices, blank=True
    )
    augmentation = models.CharField(
        "add-on to another antidepressant", max_length=8, choices=YesNo.choices, blank=True
    )
    still_taking = models.BooleanField(default=False)
    outcome = models.CharField("result", max_length=16, choices=TrialOutcome.choices, blank=True)
    side_effects = models.TextField(max_length=1000, blank=True)

    class Meta:
        verbose_name = "antidepressant trial"
        verbose_name_plural = "antidepressant trials"
        ordering = ["intake", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(daily_dose_mg__isnull=True)
                | Q(daily_dose_mg__gte=0, daily_dose_mg__lte=MAX_DAILY_DOSE_MG),
                name="trial_dose_in_range",
            ),
            models.CheckConstraint(
                condition=Q(weeks__isnull=True) | Q(weeks__lte=MAX_TRIAL_WEEKS),
                name="trial_weeks_in_range",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=TrialOutcome.values),
                name="trial_outcome_valid",
            ),
        ]

    def __str__(self):
        # Decimal(): a dose set in code (an int) before the row is read back also prints well;
        # the audit log names each saved row by this.
        dose = self.daily_dose_mg
        dose = f" {Decimal(dose).normalize():f} mg" if dose is not None else ""
        return f"{self.medication}{dose}"


class SafetyAnswer(models.Model):
    """The answer to one safety-screening question (keys: SAFETY_KEYS, the case JSON's
    safety_yes values in docs/contract.md)."""

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="safety_answers")
    key = models.CharField(max_length=32, choices=[(k, k) for k in SAFETY_KEYS])
    answer = models.CharField(max_length=8, choices=YesNo.choices, blank=True)
    details = models.TextField(max_length=1000, blank=True)

    class Meta:
        verbose_name = "safety answer"
        verbose_name_plural = "safety answers"
        ordering = ["intake", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["intake", "key"], name="safety_answer_once_per_key"),
            models.CheckConstraint(condition=Q(key__in=SAFETY_KEYS), name="safety_key_valid"),
        ]

    def __str__(self):
        return f"{self.key}: {self.answer or 'not answered'}"

    @property
    def question(self):
        return SAFETY_QUESTIONS[self.key]
