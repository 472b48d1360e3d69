from django.apps import AppConfig


class TreatmentConfig(AppConfig):
    """The TMS course after the intake: sessions, PHQ-9 check-ins, the insurance authorization
    and the clinic's outcomes (docs/course.md)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "treatment"
    verbose_name = "TMS courses"

    def ready(self):
        from auditlog.registry import auditlog

        from intake.services.rights import register_section

        from . import rights
        from .models import Authorization, AuthorizationExtension, CheckIn, Course, TreatmentSession
        from .setup import kinds

        kinds.register()

        # Edits of a patient's course are in the change log, as their intake's are.
        for model in (Course, Authorization, AuthorizationExtension, TreatmentSession, CheckIn):
            auditlog.register(model)
        register_section("courses", export=rights.export, records=rights.records)
