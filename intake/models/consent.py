"""What the intake records besides its answers: the prior prescribers and pharmacies the
patient asks the clinic to request records from (with the staff's tracking of each request),
and, for a patient under 18, their parent or guardian and the guardian's consent.

The texts signed (the records release, the TMS consent) and the signatures themselves are
``portal.PolicyText`` and ``portal.PolicyAgreement`` (docs/consent.md)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .intake import Intake

MAX_RELEASE_ROWS = 6


class ReleaseRequest(models.Model):
    """One prior prescriber or pharmacy named by the patient, and the clinic's request to it."""

    class Kind(models.TextChoices):
        PRESCRIBER = "prescriber", _("Doctor or prescriber")
        PHARMACY = "pharmacy", _("Pharmacy")

    class State(models.TextChoices):
        TO_SEND = "to_send", "Not sent yet"
        SENT = "sent", "Request sent"
        RECEIVED = "received", "Records received"
        NONE = "none", "No records (closed)"

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="release_requests")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PRESCRIBER)
    name = models.CharField("name", max_length=150)
    practice = models.CharField("practice or pharmacy", max_length=150, blank=True)
    phone = models.CharField("phone or fax", max_length=40, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField("request", max_length=20, choices=State.choices, default=State.TO_SEND)
    sent_on = models.DateField(
        "sent on", null=True, blank=True, help_text="The day the request went out."
    )
    received_on = models.DateField(
        "received on", null=True, blank=True, help_text="The day the records arrived."
    )
    note = models.TextField(
        "staff note",
        blank=True,
        max_length=1000,
        help_text="For the care team only, for example “faxed twice, call back Monday”.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("intake", "pk")
        verbose_name = "records request"
        verbose_name_plural = "records requests"
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="received") | Q(received_on__isnull=False),
                name="releaserequest_received_has_date",
            ),
        ]

    def __str__(self):
        return f"Records request {self.pk} ({self.get_kind_display().lower()})"


class Guardian(models.Model):
    """A minor's parent or guardian, and their consent to the intake (typed name, date)."""

    intake = models.OneToOneField(Intake, on_delete=models.CASCADE, related_name="guardian")
    name = models.CharField("full name", max_length=150)
    relationship = models.CharField(max_length=60)
    phone = models.CharField(max_length=40)
    email = models.EmailField(max_length=254, blank=True)
    signed_name = models.CharField("consent signed as", max_length=150)
    signed_at = models.DateTimeField("consent signed on")

    class Meta:
        ordering = ("intake",)
        verbose_name = "parent or guardian"
        verbose_name_plural = "parents or guardians"

    def __str__(self):
        return f"Parent or guardian on intake {self.intake_id}"
