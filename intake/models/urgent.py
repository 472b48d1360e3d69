"""The urgent path: an alert raised by an item-9 answer above "Not at all", the mails that tell
the care team (each attempt recorded), and the reviewer's acknowledgement and risk follow-up
(docs/urgent-path.md)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .intake import Intake


class FollowUpContact(models.TextChoices):
    PHONE = "phone", "Reached by phone"
    TEXT = "text", "Reached by text message"
    IN_PERSON = "in_person", "Seen in person"
    EMERGENCY_CONTACT = "emergency_contact", "Reached through their emergency contact"
    NOT_REACHED = "not_reached", "Could not reach the patient"


class FollowUpOutcome(models.TextChoices):
    SAFE_PLAN = "safe_plan", "Safe, a safety plan was made"
    EMERGENCY = "emergency", "Sent to emergency care"
    NOT_REACHED_ESCALATED = "not_reached_escalated", "Could not reach, escalated"
    OTHER = "other", "Other (see the note)"


class UrgentAlert(models.Model):
    """One per intake: raised the first time item 9 is answered above "Not at all", and raised
    again (reset, with a reason and a link) by a later answer outside the intake, such as a
    PHQ-9 check-in during a TMS course."""

    intake = models.OneToOneField(Intake, on_delete=models.CASCADE, related_name="urgent_alert")
    raised_at = models.DateTimeField()
    reason = models.CharField(
        max_length=200,
        blank=True,
        help_text='What raised it last, when not the intake itself (e.g. "A PHQ-9 check-in").',
    )
    link = models.CharField(
        max_length=300,
        blank=True,
        help_text="The staff page of what raised it (a path in the portal).",
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(
        null=True, blank=True, help_text="When the alert was sent again, unacknowledged."
    )
    # The risk follow-up a reviewer records (required before the intake is closed).
    followup_contact = models.CharField(
        "how the patient was reached", max_length=24, choices=FollowUpContact.choices, blank=True
    )
    followup_outcome = models.CharField(
        "outcome", max_length=24, choices=FollowUpOutcome.choices, blank=True
    )
    followup_note = models.TextField("note", max_length=2000, blank=True)
    followup_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    followup_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "urgent alert"
        verbose_name_plural = "urgent alerts"
        indexes = [
            models.Index(
                fields=["raised_at"],
                condition=Q(acknowledged_at__isnull=True),
                name="urgent_alert_open_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=True) | Q(acknowledged_by__isnull=False),
                name="urgent_alert_ack_has_who",
            ),
        ]

    def __str__(self):
        return f"Urgent alert for intake {self.intake_id}"

    @property
    def acknowledged(self):
        return self.acknowledged_at is not None

    @property
    def has_followup(self):
        return self.followup_at is not None


class AlertDelivery(models.Model):
    """One mail of an alert (the first one or the escalation) and what happened to it."""

    class Kind(models.TextChoices):
        ALERT = "alert", "Alert"
        ESCALATION = "escalation", "Escalation"

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        RETRYING = "retrying", "Failed, trying again"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    alert = models.ForeignKey(UrgentAlert, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    recipients = models.TextField(help_text="Staff addresses, one a line.")
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(
        default=timezone.now, help_text="When it was last handed to the background worker."
    )
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "alert mail"
        verbose_name_plural = "alert mails"
        ordering = ["alert", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} mail ({self.get_state_display().lower()})"

    @property
    def recipient_list(self):
        return [line for line in self.recipients.splitlines() if line]
