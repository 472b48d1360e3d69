from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .intake import Intake

# What the portal stores, as checked from each file's content (intake/uploads.py).
DOCUMENT_CONTENT_TYPES = ("application/pdf", "image/jpeg", "image/png")


class DocumentKind(models.TextChoices):
    """In the order the patient's page lists them."""

    PHARMACY = "pharmacy", _("Pharmacy record")
    REFERRAL = "referral", _("Referral")
    INSURANCE_FRONT = "insurance_front", _("Insurance card, front")
    INSURANCE_BACK = "insurance_back", _("Insurance card, back")


class DocumentQuerySet(models.QuerySet):
    def for_patient(self, patient):
        return self.filter(intake__patient=patient)


class Document(models.Model):
    """A paper the patient sent with their intake: one of each kind, a new one replaces the old.

    The file is in the private "documents" storage under ``stored_name``; it has no URL and is
    read only through the patient's and the reviewers' download views, which check access."""

    Kind = DocumentKind

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # As the patient's device named it: shown to the patient and the reviewers, never used as a
    # path or in a header.
    original_name = models.CharField(max_length=255)
    stored_name = models.CharField(max_length=255, unique=True)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "document"
        verbose_name_plural = "documents"
        ordering = ["intake", "uploaded_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["intake", "kind"], name="one_document_of_each_kind"),
            models.CheckConstraint(
                condition=models.Q(kind__in=DocumentKind.values),
                name="document_kind_known",
            ),
            models.CheckConstraint(
                condition=models.Q(content_type__in=DOCUMENT_CONTENT_TYPES),
                name="document_content_type_checked",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of intake {self.intake_id}"

    @property
    def extension(self):
        return {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
            self.content_type, "bin"
        )

    @property
    def download_name(self):
        """The name a download is saved under: no part of it comes from the patient."""
        return f"intake-{self.intake_id}-{self.kind.replace('_', '-')}.{self.extension}"
