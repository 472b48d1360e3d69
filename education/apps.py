from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class EducationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "education"

    def ready(self):
        from portal.models import Clinic

        from . import page_cache
        from .models import Article, Question

        # Cache invalidation only (education/page_cache.py): a saved or deleted question,
        # article or clinic record makes the reading pages render afresh.

        for model in (Question, Article, Clinic):
            for signal in (post_save, post_delete):
                signal.connect(
                    page_cache.forget_stamp,
                    sender=model,
                    dispatch_uid=f"page-cache-{model.__name__}",
                )
