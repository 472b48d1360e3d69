from django.conf import settings
from django.db import models
from django.utils import timezone

from .intake import Intake

# The longest message a patient or the clinic may write (docs/messages.md).
MAX_MESSAGE_LENGTH = 2000


class IntakeMessage(models.Model):
    """One message in the thread between the patient and the clinic about one intake.

    The clinic's "needs more information" request starts a thread; the patient answers on
    /intake/ and staff answer on the intake's admin page. Mails only say that there is
    something to read (intake/services/messages.py)."""

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    from_clinic = models.BooleanField(help_text="Written by the clinic's staff, not the patient.")
    body = models.TextField(max_length=MAX_MESSAGE_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "message"
        verbose_name_plural = "messages"
        ordering = ["intake", "created_at", "pk"]
        indexes = [models.Index(fields=["intake", "created_at"], name="intake_message_thread_idx")]

    def __str__(self):
        return f"{'Clinic' if self.from_clinic else 'Patient'} message on intake {self.intake_id}"
