"""What the clinic counts as a response and a remission (set-up data, editable in the admin)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from intake.eligibility.vocabulary import PHQ9_MAX_TOTAL


class OutcomeDefinition(models.Model):
    """The one row of the clinic's outcome thresholds on the PHQ-9 (docs/clinical-facts.md
    sections 4 and 6): a response is a drop of at least ``response_drop_percent`` from the
    baseline, a remission a latest score under ``remission_below``."""

    response_drop_percent = models.PositiveSmallIntegerField(
        default=50, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    remission_below = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1), MaxValueValidator(PHQ9_MAX_TOTAL)]
    )
    source = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "outcome definition"
        verbose_name_plural = "outcome definition"

    def __str__(self):
        return "Response and remission on the PHQ-9"

    def departs_from(self, loaded):
        """The thresholds that differ from ``loaded`` (the set-up file's row, whose source
        the ``source`` text cites), as "response drop 60% (source: 50%)" phrases."""
        return [
            f"{label} {getattr(self, field)}{unit} (source: {loaded[field]}{unit})"
            for field, label, unit in (
                ("response_drop_percent", "response drop", "%"),
                ("remission_below", "remission under", ""),
            )
            if loaded.get(field) is not None and getattr(self, field) != loaded[field]
        ]

    @classmethod
    def current(cls):
        """The clinic's row; the usual definition when none is loaded yet."""
        return cls.objects.order_by("pk").first() or cls()
