import axes.apps
import django_otp.plugins.otp_static.apps as otp_static
import django_otp.plugins.otp_totp.apps as otp_totp
from django.apps import AppConfig


class PortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = "Accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .security import on_sign_in

        user_logged_in.connect(on_sign_in, dispatch_uid="portal_on_sign_in")


# Third-party apps, named in the admin in the words its readers use (INSTALLED_APPS lists
# these instead of the apps' own configurations).


class AxesConfig(axes.apps.AppConfig):
    verbose_name = "Sign-in lockouts"


class TOTPConfig(otp_totp.DefaultConfig):
    verbose_name = "Two-step sign-in: authenticator apps"


class StaticTokenConfig(otp_static.DefaultConfig):
    verbose_name = "Two-step sign-in: backup codes"
