from django.apps import AppConfig


class IntakeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "intake"

    def ready(self):
        from auditlog.registry import auditlog
        from django.db.models.signals import post_delete, post_save

        from education.models import Article, Question

        from . import step_cache
        from .models import (
            AlertDelivery,
            Intake,
            IntakeMessage,
            Medication,
            MedicationAlias,
            SafetyAnswer,
            StatusChange,
            StepHelp,
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

        # Cache invalidation only (intake/step_cache.py): what the steps show afresh after an
        # edit of the "why we ask" lines, the articles they link to, or the medication catalogue.
        forget = {
            StepHelp: step_cache.forget_why_we_ask,
            Article: step_cache.forget_why_we_ask,
            Question: step_cache.forget_why_we_ask,
            Medication: step_cache.forget_suggestions,
            MedicationAlias: step_cache.forget_suggestions,
        }
        for model, receiver in forget.items():
            for signal in (post_save, post_delete):
                signal.connect(receiver, sender=model, dispatch_uid=f"step-cache-{model.__name__}")
