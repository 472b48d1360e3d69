from django.conf import settings
from django.db import models


class AccessEvent(models.Model):
    """A staff member (or a patient, their own) read or exported patient data: who, what,
    when, from where.

    Edits and status changes are in django-auditlog's log; this holds what it cannot see
    (views and exports). Rows are only ever added."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed an intake"
        PRINT = "print", "Printed an intake"
        FHIR = "fhir", "Downloaded an intake as FHIR"
        CSV = "csv", "Exported the intake list as CSV"
        DOCUMENT = "document", "Downloaded a patient's document"
        EXPORT = "export", "A patient downloaded their own data"
        ASK_DELETE = "ask_del", "A patient asked for their data to be deleted"
        DELETE = "deleted", "Carried out a patient's deletion request"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Kept as text too, so the record survives the account being removed.
    user_email = models.CharField(max_length=254)
    action = models.CharField(max_length=8, choices=Action.choices)
    # Not a foreign key: the record must outlive the intake.
    intake_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    detail = models.CharField(max_length=500, blank=True)
    remote_addr = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = "access event"
        verbose_name_plural = "access events"
        ordering = ["-at", "-pk"]

    def __str__(self):
        target = f" intake {self.intake_id}" if self.intake_id else ""
        return f"{self.user_email}: {self.get_action_display()}{target}"
