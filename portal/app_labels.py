"""The third-party apps' configurations, named in the admin in the words its readers use:
INSTALLED_APPS lists these instead of the apps' own. (In their own module: a second AppConfig
in portal/apps.py would stop Django choosing PortalConfig for "portal" by itself.)"""

import axes.apps
import django_otp.plugins.otp_static.apps as otp_static
import django_otp.plugins.otp_totp.apps as otp_totp


class AxesConfig(axes.apps.AppConfig):
    verbose_name = "Sign-in lockouts"


class TOTPConfig(otp_totp.DefaultConfig):
    verbose_name = "Two-step sign-in: authenticator apps"


class StaticTokenConfig(otp_static.DefaultConfig):
    verbose_name = "Two-step sign-in: backup codes"
