"""What staff edit for the eligibility notes besides the medication catalogue: the criteria
profiles, which insurance plan uses which profile, the note wording and the "why we ask" lines.

The rules themselves are pure (intake/eligibility/); intake/services/evaluation.py turns these
rows into the rules' plain inputs. Database constraints back every rule that must never break.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from ..eligibility import Profile
from ..eligibility.note_specs import NOTE_KEYS, NOTE_SPECS
from ..eligibility.vocabulary import MAX_AGE, MAX_PROFILE_WEEKS, PHQ9_MAX_TOTAL
from ..questions import STEP_SLUGS
from ..wording import check_spanish_wording
from .medications import normalize_spaces


class CriteriaProfileQuerySet(models.QuerySet):
    def default(self):
        return self.filter(is_default=True)


class CriteriaProfile(models.Model):
    """One set of rules to compare a patient's history with (a payer policy, or the label)."""

    key = models.SlugField(
        max_length=40,
        unique=True,
        help_text="Short name used by `evaluate_case --profile`, e.g. “typical-2-classes”.",
    )
    name = models.CharField(max_length=150, help_text="What staff see, e.g. the payer policy.")
    source = models.TextField(
        blank=True,
        help_text="The policy these numbers come from (name, number, version). Check it against "
        "the payer's current policy before relying on it.",
    )
    effective_date = models.DateField(
        null=True, blank=True, help_text="The date the source policy took effect."
    )
    unconfirmed_reason = models.TextField(
        "unconfirmed numbers",
        blank=True,
        help_text="Which numbers of this profile do not come straight from its source, and why "
        "(empty: every number matches its source). Shown to staff beside the notes until a "
        "clinician has checked them.",
    )
    is_default = models.BooleanField(
        "clinic default",
        default=False,
        help_text="Used for every patient whose insurance plan is not mapped to another "
        "profile. Only one profile is the default.",
    )
    min_age = models.PositiveSmallIntegerField(
        "minimum age",
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_AGE)],
        help_text="Leave empty for no age rule.",
    )
    min_failed_trials = models.PositiveSmallIntegerField(
        "minimum failed antidepressant trials",
        default=1,
        validators=[MaxValueValidator(10)],
        help_text="Adequate trials that did not help enough (0: no such rule).",
    )
    min_classes = models.PositiveSmallIntegerField(
        "minimum distinct classes",
        default=0,
        validators=[MaxValueValidator(10)],
        help_text="How many different classes the failed trials must come from (0: no rule).",
    )
    min_trial_weeks = models.PositiveSmallIntegerField(
        "minimum weeks for an adequate trial",
        default=4,
        validators=[MaxValueValidator(MAX_PROFILE_WEEKS)],
        help_text="A shorter trial does not count.",
    )
    intolerance_counts = models.BooleanField(
        "a trial stopped for side effects counts as a failure",
        default=False,
        help_text="If ticked, each antidepressant stopped because of side effects counts as one "
        "failed trial, whatever its dose and weeks.",
    )
    min_augmentation_failures = models.PositiveSmallIntegerField(
        "minimum failed augmentation trials",
        default=0,
        validators=[MaxValueValidator(10)],
        help_text="Add-on trials (e.g. aripiprazole, lithium) that did not help (0: no rule).",
    )
    psychotherapy_required = models.BooleanField(
        "adequate psychotherapy trial required", default=False
    )
    min_psychotherapy_weeks = models.PositiveSmallIntegerField(
        "minimum weeks of psychotherapy",
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_PROFILE_WEEKS)],
        help_text="Needed when psychotherapy is required.",
    )
    psychotherapy_weeks_unconfirmed = models.BooleanField(
        "psychotherapy weeks not confirmed",
        default=False,
        help_text="Ticked while no payer text at hand gives this number: a placeholder a "
        "clinician must confirm.",
    )
    min_phq9_total = models.PositiveSmallIntegerField(
        "minimum PHQ-9 total",
        null=True,
        blank=True,
        validators=[MaxValueValidator(PHQ9_MAX_TOTAL)],
        help_text=f"0-{PHQ9_MAX_TOTAL}. Leave empty for no severity rule.",
    )
    exclude_psychosis = models.BooleanField("psychosis excludes", default=False)
    exclude_bipolar = models.BooleanField("bipolar disorder excludes", default=False)
    exclude_substance_use = models.BooleanField(
        "alcohol or drug use in the last 90 days excludes", default=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = CriteriaProfileQuerySet.as_manager()

    class Meta:
        verbose_name = "criteria profile"
        verbose_name_plural = "criteria profiles"
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="criteria_profile_one_default",
                violation_error_message="Another profile is already the clinic default.",
            ),
            models.CheckConstraint(condition=~Q(key=""), name="criteria_profile_key_set"),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True) | Q(min_age__lte=MAX_AGE),
                name="criteria_profile_age_range",
            ),
            models.CheckConstraint(
                condition=Q(min_failed_trials__lte=10)
                & Q(min_classes__lte=10)
                & Q(min_augmentation_failures__lte=10),
                name="criteria_profile_counts_range",
            ),
            models.CheckConstraint(
                condition=Q(min_trial_weeks__lte=MAX_PROFILE_WEEKS)
                & (
                    Q(min_psychotherapy_weeks__isnull=True)
                    | Q(min_psychotherapy_weeks__lte=MAX_PROFILE_WEEKS)
                ),
                name="criteria_profile_weeks_range",
            ),
            models.CheckConstraint(
                condition=Q(min_phq9_total__isnull=True) | Q(min_phq9_total__lte=PHQ9_MAX_TOTAL),
                name="criteria_profile_phq9_range",
            ),
            models.CheckConstraint(
                condition=Q(psychotherapy_required=False)
                | Q(min_psychotherapy_weeks__isnull=False),
                name="criteria_profile_psychotherapy_weeks_set",
                violation_error_message="Give the minimum weeks of psychotherapy when it is "
                "required.",
            ),
        ]

    def __str__(self):
        return f"{self.name} (default)" if self.is_default else self.name

    def to_pure(self):
        return Profile(
            key=self.key,
            name=self.name,
            min_age=self.min_age,
            min_failed_trials=self.min_failed_trials,
            min_classes=self.min_classes,
            min_trial_weeks=self.min_trial_weeks,
            intolerance_counts=self.intolerance_counts,
            min_augmentation_failures=self.min_augmentation_failures,
            psychotherapy_required=self.psychotherapy_required,
            min_psychotherapy_weeks=self.min_psychotherapy_weeks,
            min_phq9_total=self.min_phq9_total,
            exclude_psychosis=self.exclude_psychosis,
            exclude_bipolar=self.exclude_bipolar,
            exclude_substance_use=self.exclude_substance_use,
        )


class InsurancePlanMapping(models.Model):
    """A patient's insurance plan name (as they type it) → the profile used for them."""

    plan_name = models.CharField(
        max_length=150,
        help_text="The plan name as patients write it, e.g. “Aetna Choice POS II”. Matched "
        "without regard to capitals or extra spaces; add one row per spelling.",
    )
    profile = models.ForeignKey(
        CriteriaProfile,
        on_delete=models.PROTECT,
        related_name="plan_mappings",
        help_text="The criteria profile used for patients on this plan.",
    )

    class Meta:
        verbose_name = "insurance plan mapping"
        verbose_name_plural = "insurance plan mappings"
        ordering = ["plan_name"]
        constraints = [
            models.UniqueConstraint(
                Lower("plan_name"),
                name="insurance_plan_unique_ci",
                violation_error_message="This plan name is already mapped.",
            ),
            models.CheckConstraint(condition=~Q(plan_name=""), name="insurance_plan_set"),
        ]

    def __str__(self):
        return f"{self.plan_name} → {self.profile.key}"

    def clean(self):
        self.plan_name = normalize_spaces(self.plan_name)


class NoteText(models.Model):
    """The wording of one note the rules can show, and the articles it links to."""

    code = models.CharField(
        max_length=80,
        unique=True,
        help_text="The note this text is for, e.g. “criterion.failed_trials.met”.",
    )
    patient_text = models.TextField(
        help_text="What the patient reads: plain, warm, 6th-8th grade. Say what looks met or "
        "not yet met and that the care team decides; never “eligible”, “approved”, “qualify” "
        "or “rejected”. {placeholders} are filled in from the patient's answers."
    )
    patient_text_es = models.TextField(
        "patient text (Spanish)",
        blank=True,
        help_text="The same in Spanish, for patients who read the portal in Spanish: the same "
        "{placeholders}, plain words, “usted”; never “elegible”, “aprobado”, “califica” or "
        "“rechazado”. Empty: Spanish readers see the English.",
    )
    staff_text = models.TextField(
        blank=True, help_text="What staff read in the intake review; empty: the patient text."
    )
    article_slugs = models.JSONField(
        "linked articles",
        default=list,
        blank=True,
        help_text="The articles this note links to, one per line, in order: the article's "
        "address (slug), “ | ”, then link text that says what the reader will learn, e.g. "
        "“one-medicine-or-two | Why some rules ask for one medicine and others for two or "
        "more”. A missing or unpublished article is left out.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "note text"
        verbose_name_plural = "note texts"
        ordering = ["code"]
        constraints = [models.CheckConstraint(condition=~Q(code=""), name="note_text_code_set")]

    def __str__(self):
        return self.code

    @property
    def level(self):
        """The level the rules give this note (urgent ... info), or "" for an unknown code."""
        spec = NOTE_SPECS.get(self.code)
        return spec[0] if spec else ""

    def clean(self):
        if self.code and self.code not in NOTE_KEYS:
            raise ValidationError(
                {
                    "code": ValidationError(
                        "The rules never show a note “%(code)s”.",
                        code="unknown_note",
                        params={"code": self.code},
                    )
                }
            )
        check_spanish_wording(
            self.patient_text,
            self.patient_text_es,
            field="patient_text_es",
            label="Spanish patient text",
        )


class StepHelp(models.Model):
    """The "why we ask" line shown on one intake step, with the articles that explain it."""

    step = models.CharField(
        max_length=24, unique=True, help_text="The intake step, e.g. “antidepressants”."
    )
    text = models.TextField(help_text="One or two plain sentences: why the clinic asks this.")
    text_es = models.TextField(
        "text (Spanish)",
        blank=True,
        help_text="The same in Spanish (plain words, “usted”). Empty: Spanish readers see the "
        "English.",
    )
    article_slugs = models.JSONField(
        "linked articles",
        default=list,
        blank=True,
        help_text="The articles that explain it, one per line, in order: the article's "
        "address (slug), “ | ”, then link text that says what the reader will learn. A missing "
        "or unpublished article is left out.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "“why we ask” line"
        verbose_name_plural = "“why we ask” lines"
        ordering = ["step"]
        constraints = [models.CheckConstraint(condition=~Q(step=""), name="step_help_step_set")]

    def __str__(self):
        return self.step

    def clean(self):
        if self.step and self.step not in STEP_SLUGS:
            raise ValidationError(
                {
                    "step": ValidationError(
                        "There is no intake step “%(step)s”.",
                        code="unknown_step",
                        params={"step": self.step},
                    )
                }
            )
        check_spanish_wording(self.text, self.text_es, field="text_es", label="Spanish text")
