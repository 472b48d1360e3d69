from django.apps import AppConfig


class IntakeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "intake"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import (
            AlertDelivery,
            Intake,
            IntakeMessage,
            SafetyAnswer,
            StatusChange,
            Trial,
            UrgentAlert,
        )

        # Every edit of a patient's answers and every status change, with who and from where.
        auditlog.register(Intake, exclude_fields=["updated_at"])
        auditlog.register(Trial)
        auditlog.register(SafetyAnswer)
        auditlog.register(StatusChange)
        # The urgent path: the alert, its acknowledgement and risk follow-up, and each mail.
        auditlog.register(UrgentAlert)
        auditlog.register(AlertDelivery)
        auditlog.register(IntakeMessage)
