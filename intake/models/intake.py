from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from ..eligibility.vocabulary import (
    PHQ9_ITEM_MAX,
    PHQ9_SEVERITY_LABELS,
    phq9_severity,
    phq9_total,
)
from ..questions import ANSWER_STEP_SLUGS
from .choices import (
    EDITABLE_STATUSES,
    MONTHS,
    ContactMethod,
    ContactTime,
    Diagnosis,
    KetamineHistory,
    Outcome,
    PastEpisodes,
    PsychosisHistory,
    Status,
    TherapyKind,
    TrialOutcome,
    YesNo,
    YesNoNotSure,
)

PHQ9_FIELDS = tuple(f"phq9_{n}" for n in range(1, 10))


def _phq9_field(number):
    return models.PositiveSmallIntegerField(
        f"PHQ-9 item {number}",
        null=True,
        blank=True,
        validators=[MaxValueValidator(PHQ9_ITEM_MAX)],
    )


def _choice(verbose_name, choices, max_length=24, **kwargs):
    """An answer picked from a list; blank until the patient answers."""
    return models.CharField(
        verbose_name, max_length=max_length, choices=choices, blank=True, **kwargs
    )


class IntakeQuerySet(models.QuerySet):
    def open(self):
        """Intakes not yet closed: a patient has at most one."""
        return self.exclude(status=Status.CLOSED)

    def for_patient(self, patient):
        return self.filter(patient=patient)

    def urgent(self):
        return self.filter(urgent=True)


class Intake(models.Model):
    """One patient's treatment-history intake, from draft to closed."""

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="intakes"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(
        null=True, blank=True, help_text="When the patient first sent the intake."
    )
    staff_message = models.TextField(
        blank=True,
        max_length=2000,
        help_text="What the clinic needs from the patient (shown to them when more information "
        "is needed).",
    )
    outcome = models.CharField(
        max_length=24, choices=Outcome.choices, blank=True, help_text="Why the intake was closed."
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    # Staff review: who is looking at it, and the reviewer's countersignature on close.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_intakes",
        verbose_name="assigned reviewer",
    )
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    countersigned_name = models.CharField(max_length=150, blank=True)
    countersigned_at = models.DateTimeField(null=True, blank=True)

    # The evaluation as it was last made (at submission, or when staff re-evaluate), so the
    # review queue lists and filters by plain columns instead of evaluating every row.
    review_phq9_total = models.PositiveSmallIntegerField("PHQ-9 total", null=True, blank=True)
    review_severity = models.CharField("PHQ-9 severity", max_length=24, blank=True)
    review_failed_trials = models.PositiveSmallIntegerField(
        "adequate failed trials", null=True, blank=True
    )
    review_profile_key = models.CharField("criteria profile", max_length=64, blank=True)
    # The unmet criteria, each wrapped in commas (",classes,psychotherapy,") so a filter is a
    # plain "contains" on every database.
    review_unmet = models.CharField("unmet criteria", max_length=200, blank=True)
    evaluated_at = models.DateTimeField(null=True, blank=True)
    # The whole evaluation as it was last made (intake.services.results.stored_from_result):
    # the patient's notes, the queue, the admin, the print packet and the FHIR Bundle all read
    # it, so every place shows the same counts.
    evaluation = models.JSONField(null=True, blank=True, editable=False)

    # Urgent: PHQ-9 item 9 above "Not at all". Staff filter on it; it stays set once flagged.
    urgent = models.BooleanField(
        default=False,
        help_text="Set when the patient answered PHQ-9 item 9 above 'Not at all': same-day "
        "clinician follow-up.",
    )
    urgent_flagged_at = models.DateTimeField(null=True, blank=True)
    # The patient wrote the last message of the thread (intake/services/messages.py): the
    # queue marks it.
    patient_wrote_last = models.BooleanField(
        "patient wrote last",
        default=False,
        help_text="The patient's message is the latest in the thread: it waits for an answer.",
    )

    # 1. About you
    legal_name = models.CharField("legal name", max_length=150, blank=True)
    preferred_name = models.CharField("preferred name", max_length=150, blank=True)
    date_of_birth = models.DateField("date of birth", null=True, blank=True)
    phone = models.CharField("phone number", max_length=30, blank=True)
    contact_method = _choice("best way to contact", ContactMethod.choices)
    contact_time = _choice("best time to contact", ContactTime.choices)
    # The portal's language (English or Spanish) is the account's (User.language); this is
    # another language the patient speaks best at appointments: the clinic arranges an
    # interpreter.
    interpreter_language = models.CharField(
        "language for appointments (interpreter)", max_length=60, blank=True
    )
    referring_clinician = models.CharField("referring clinician", max_length=150, blank=True)
    insurance_plan = models.CharField("insurance plan name", max_length=150, blank=True)

    # 2. Your depression
    diagnosis = _choice("what a clinician has said", Diagnosis.choices)
    episode_start_month = models.PositiveSmallIntegerField(
        "month this episode began", null=True, blank=True, choices=MONTHS
    )
    episode_start_year = models.PositiveSmallIntegerField(
        "year this episode began", null=True, blank=True
    )
    past_episodes = _choice("past episodes", PastEpisodes.choices)
    hospital_stays = _choice("hospital stays for mental health", YesNo.choices)
    hospital_details = models.TextField("hospital stays: details", max_length=1000, blank=True)
    psychosis = _choice("heard or seen things, or unusual beliefs", PsychosisHistory.choices)
    high_mood = _choice("periods of unusually high mood", YesNoNotSure.choices)
    substance_use_90d = _choice("alcohol or drug use in the last 90 days", YesNo.choices)
    substance_details = models.TextField(
        "alcohol or drug use: details", max_length=1000, blank=True
    )

    # 3. PHQ-9
    phq9_1 = _phq9_field(1)
    phq9_2 = _phq9_field(2)
    phq9_3 = _phq9_field(3)
    phq9_4 = _phq9_field(4)
    phq9_5 = _phq9_field(5)
    phq9_6 = _phq9_field(6)
    phq9_7 = _phq9_field(7)
    phq9_8 = _phq9_field(8)
    phq9_9 = _phq9_field(9)
    phq9_difficulty = models.PositiveSmallIntegerField(
        "PHQ-9 difficulty (item 10)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(PHQ9_ITEM_MAX)],
    )

    # 4. Antidepressants (the trials are Trial rows)
    no_antidepressants = models.BooleanField("has not taken an antidepressant", default=False)

    # 5. Other treatments
    therapy_had = _choice("talk therapy", YesNo.choices)
    therapy_kind = _choice("kind of talk therapy", TherapyKind.choices)
    therapy_weeks = models.PositiveSmallIntegerField("talk therapy: weeks", null=True, blank=True)
    therapy_outcome = _choice("talk therapy: result", TrialOutcome.choices)
    ect_had = _choice("ECT", YesNo.choices)
    ect_sessions = models.PositiveSmallIntegerField("ECT: sessions", null=True, blank=True)
    ect_outcome = _choice("ECT: result", TrialOutcome.choices)
    ect_month = models.PositiveSmallIntegerField("ECT month", null=True, blank=True, choices=MONTHS)
    ect_year = models.PositiveSmallIntegerField("ECT: year", null=True, blank=True)
    tms_had = _choice("TMS before", YesNo.choices)
    tms_improvement_pct = models.PositiveSmallIntegerField(
        "TMS: improvement (%)",
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    tms_month = models.PositiveSmallIntegerField("TMS month", null=True, blank=True, choices=MONTHS)
    tms_year = models.PositiveSmallIntegerField("TMS: year", null=True, blank=True)
    ketamine = _choice("ketamine or esketamine", KetamineHistory.choices)
    ketamine_details = models.TextField(
        "ketamine or esketamine: details", max_length=1000, blank=True
    )

    # 7. Consent and signature (the date and time come from the server)
    consent_true = models.BooleanField("confirmed the answers are true", default=False)
    consent_contact = models.BooleanField("agreed to be contacted", default=False)
    signed_name = models.CharField("signed name", max_length=150, blank=True)
    signed_at = models.DateTimeField("signed at", null=True, blank=True)

    objects = IntakeQuerySet.as_manager()

    class Meta:
        verbose_name = "intake"
        verbose_name_plural = "intakes"
        ordering = ["-created_at"]
        permissions = [("export_intake", "Can print and export intakes")]
        indexes = [
            models.Index(fields=["status", "urgent"], name="intake_status_urgent_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="intake_status_valid"
            ),
            models.UniqueConstraint(
                fields=["patient"],
                condition=~Q(status=Status.CLOSED),
                # Its index is also how the queue's default view reads only the open intakes,
                # however many closed ones there are (then sorts those few).
                name="intake_one_open_per_patient",
                violation_error_message="This patient already has an open intake.",
            ),
            models.CheckConstraint(
                condition=Q(urgent=False) | Q(urgent_flagged_at__isnull=False),
                name="intake_urgent_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.CLOSED) | ~Q(outcome=""),
                name="intake_closed_has_outcome",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.NEEDS_INFO) | ~Q(staff_message=""),
                name="intake_needs_info_has_message",
            ),
            models.CheckConstraint(
                condition=Q(status=Status.DRAFT) | Q(submitted_at__isnull=False),
                name="intake_sent_has_submitted_at",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lte": 3}),
                    name=f"intake_{field}_0_to_3",
                )
                for field in (*PHQ9_FIELDS, "phq9_difficulty")
            ],
            models.CheckConstraint(
                condition=Q(tms_improvement_pct__isnull=True) | Q(tms_improvement_pct__lte=100),
                name="intake_tms_pct_0_to_100",
            ),
        ]

    def __str__(self):
        name = self.legal_name or self.patient.get_full_name() or self.patient.email
        return f"Intake of {name} ({self.get_status_display().lower()})"

    def get_absolute_url(self):
        return reverse("intake:home")

    @property
    def is_editable(self):
        return self.status in EDITABLE_STATUSES

    @property
    def phq9_answers(self):
        return [getattr(self, field) for field in PHQ9_FIELDS]

    @property
    def phq9_total(self):
        return phq9_total(self.phq9_answers)

    @property
    def phq9_severity(self):
        return phq9_severity(self.phq9_total)

    @property
    def phq9_severity_label(self):
        return PHQ9_SEVERITY_LABELS.get(self.phq9_severity, "")

    @property
    def unmet_criteria(self):
        return [name for name in self.review_unmet.split(",") if name]

    @property
    def is_signed(self):
        return bool(self.signed_name and self.signed_at)

    def missing_steps(self, steps=None):
        """Slugs of required steps not yet complete, in order. ``steps``: prefetched rows."""
        if steps is None:
            steps = self.steps.all()
        complete = {s.step for s in steps if s.completed}
        missing = [slug for slug in ANSWER_STEP_SLUGS if slug not in complete]
        if "consent" not in missing and not self.signature_is_current(steps):
            missing.append("consent")
        return missing

    def signature_is_current(self, steps=None):
        """Signed, and no answer changed since: the signature vouches for what is sent."""
        if not self.is_signed:
            return False
        if steps is None:
            steps = self.steps.all()
        return all(s.saved_at <= self.signed_at for s in steps if s.step != "consent")


# The Intake fields each step's form may write (the service refuses any other).
STEP_FIELDS = {
    "about-you": (
        "legal_name",
        "preferred_name",
        "date_of_birth",
        "phone",
        "contact_method",
        "contact_time",
        "interpreter_language",
        "referring_clinician",
        "insurance_plan",
    ),
    "depression": (
        "diagnosis",
        "episode_start_month",
        "episode_start_year",
        "past_episodes",
        "hospital_stays",
        "hospital_details",
        "psychosis",
        "high_mood",
        "substance_use_90d",
        "substance_details",
    ),
    "phq9": (*PHQ9_FIELDS, "phq9_difficulty"),
    "antidepressants": ("no_antidepressants",),
    "other-treatments": (
        "therapy_had",
        "therapy_kind",
        "therapy_weeks",
        "therapy_outcome",
        "ect_had",
        "ect_sessions",
        "ect_outcome",
        "ect_month",
        "ect_year",
        "tms_had",
        "tms_improvement_pct",
        "tms_month",
        "tms_year",
        "ketamine",
        "ketamine_details",
    ),
    "safety": (),
    "consent": ("consent_true", "consent_contact", "signed_name"),
}
