"""The medication catalogue the eligibility rules judge trials against: generic names, brand
and other names, classes and doses. Staff edit it in the admin; the intake's medicine
suggestions come from it too."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

from ..eligibility import Medication as PureMedication
from ..eligibility.vocabulary import MAX_DOSE_MG


def normalize_spaces(text):
    """One space between words, none around: how names and plan names are stored."""
    return " ".join((text or "").split())


class DrugClass(models.TextChoices):
    SSRI = "SSRI", "SSRI"
    SNRI = "SNRI", "SNRI"
    NDRI = "NDRI", "NDRI"
    NASSA = "NaSSA", "NaSSA"
    SEROTONIN_MODULATOR = "serotonin modulator", "Serotonin modulator"
    TCA = "TCA", "TCA (tricyclic)"
    MAOI = "MAOI", "MAOI"
    SGA = "second-generation antipsychotic", "Second-generation antipsychotic"
    LITHIUM = "lithium", "Lithium"
    THYROID = "thyroid hormone (T3)", "Thyroid hormone (T3)"
    NMDA = "NMDA antagonist (nasal)", "NMDA antagonist (nasal)"
    OTHER = "other", "Other"


class Medication(models.Model):
    """One medicine of the catalogue the rules judge trials against."""

    generic_name = models.CharField(
        max_length=100,
        help_text="The generic name, e.g. “sertraline”. Matched without regard to capitals; "
        "no two medicines may share a name.",
    )
    drug_class = models.CharField(
        "class",
        max_length=40,
        choices=DrugClass.choices,
        help_text="Counted for the “different classes” rule. Augmentation agents have their own "
        "classes.",
    )
    min_adequate_daily_mg = models.DecimalField(
        "minimum adequate daily dose (mg)",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0.01), MaxValueValidator(MAX_DOSE_MG)],
        help_text="A trial at a lower daily dose does not count. Leave empty when adequacy is "
        "not judged by a dose (lithium: blood level): a clinician then checks every trial.",
    )
    usual_max_daily_mg = models.DecimalField(
        "usual maximum daily dose (mg)",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0.01), MaxValueValidator(MAX_DOSE_MG)],
        help_text="A dose above it is flagged for a check (a typing error?), never refused.",
    )
    is_augmentation_agent = models.BooleanField(
        "augmentation agent",
        default=False,
        help_text="Trials of it count toward the augmentation rule, not the antidepressant count.",
    )
    source = models.TextField(
        blank=True, help_text="Where the dose figures come from, so they can be checked."
    )
    rxnorm = models.CharField(
        "RxNorm code",
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^[0-9]+$", "An RxNorm code is digits only.")],
        help_text="The ingredient's RxNorm code (RXCUI, from RxNav), sent with the FHIR export. "
        "Leave empty when not known.",
    )
    unconfirmed_reason = models.TextField(
        "unconfirmed dose",
        blank=True,
        help_text="Why a dose figure departs from its source or is not confirmed (empty: it "
        "matches its source). Shown to staff beside the trials of this medicine.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "medication"
        verbose_name_plural = "medications"
        ordering = ["generic_name"]
        constraints = [
            models.UniqueConstraint(
                Lower("generic_name"),
                name="medication_generic_name_unique_ci",
                violation_error_message="A medication with this generic name already exists.",
            ),
            models.CheckConstraint(condition=~Q(generic_name=""), name="medication_name_set"),
            models.CheckConstraint(
                condition=Q(drug_class__in=DrugClass.values), name="medication_class_valid"
            ),
            models.CheckConstraint(
                condition=Q(min_adequate_daily_mg__isnull=True)
                | Q(min_adequate_daily_mg__gt=0, min_adequate_daily_mg__lte=MAX_DOSE_MG),
                name="medication_min_dose_in_range",
            ),
            models.CheckConstraint(
                condition=Q(usual_max_daily_mg__isnull=True)
                | Q(usual_max_daily_mg__gt=0, usual_max_daily_mg__lte=MAX_DOSE_MG),
                name="medication_max_dose_in_range",
            ),
            models.CheckConstraint(
                condition=Q(min_adequate_daily_mg__isnull=True)
                | Q(usual_max_daily_mg__isnull=True)
                | Q(usual_max_daily_mg__gte=F("min_adequate_daily_mg")),
                name="medication_max_not_below_min",
                violation_error_message="The usual maximum cannot be below the minimum dose.",
            ),
        ]

    def __str__(self):
        return self.generic_name

    def clean(self):
        self.generic_name = normalize_spaces(self.generic_name)
        clash = MedicationAlias.objects.filter(name__iexact=self.generic_name)
        if self.pk:
            clash = clash.exclude(medication=self)
        alias = clash.select_related("medication").first()
        if alias is not None:
            raise ValidationError(
                {
                    "generic_name": ValidationError(
                        "“%(name)s” is already another name of %(other)s.",
                        code="name_taken",
                        params={"name": self.generic_name, "other": alias.medication},
                    )
                }
            )

    def to_pure(self, aliases=None):
        """The rules' Medication; ``aliases``: the alias names, if already loaded."""
        if aliases is None:
            aliases = [alias.name for alias in self.aliases.all()]
        return PureMedication(
            generic_name=self.generic_name,
            drug_class=self.drug_class,
            min_adequate_daily_mg=_float(self.min_adequate_daily_mg),
            usual_max_daily_mg=_float(self.usual_max_daily_mg),
            is_augmentation_agent=self.is_augmentation_agent,
            aliases=tuple(aliases),
        )


class MedicationAlias(models.Model):
    """A brand name or other name a patient may type for a medication."""

    medication = models.ForeignKey(Medication, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(
        max_length=100,
        help_text="E.g. “Zoloft” or “Wellbutrin XL”. Matched without regard to capitals; it "
        "may belong to one medication only.",
    )

    class Meta:
        verbose_name = "other name"
        verbose_name_plural = "brand and other names"
        ordering = ["medication", "name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="medication_alias_unique_ci",
                violation_error_message="This name already belongs to a medication.",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="medication_alias_set"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        self.name = normalize_spaces(self.name)
        generic = Medication.objects.filter(generic_name__iexact=self.name).first()
        if generic is not None:
            where = "this medication" if generic.pk == self.medication_id else str(generic)
            raise ValidationError(
                {
                    "name": ValidationError(
                        "“%(name)s” is already the generic name of %(where)s.",
                        code="name_taken",
                        params={"name": self.name, "where": where},
                    )
                }
            )


def _float(value):
    return None if value is None else float(value)
