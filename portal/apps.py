from django.apps import AppConfig


class PortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = "Accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .i18n import remember_language
        from .security import on_sign_in

        user_logged_in.connect(on_sign_in, dispatch_uid="portal_on_sign_in")
        user_logged_in.connect(remember_language, dispatch_uid="portal_remember_language")
