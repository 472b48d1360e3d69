from django.apps import AppConfig


class TreatmentConfig(AppConfig):
    """The TMS course after the intake: sessions, PHQ-9 check-ins, the insurance authorization
    and the clinic's outcomes (docs/course.md)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "treatment"
    verbose_name = "TMS courses"

    def ready(self):
        from .setup import kinds

        kinds.register()
