"""Hooks for django-axes (sign-in lockout)."""

import time

from django.contrib.auth import get_user_model


def axes_username(request, credentials):
    """The email typed at sign-in, keyed as the account is found: case and spaces ignored,
    so that ``Alice@Example.com`` and ``alice@example.com`` count towards one lockout."""
    field = get_user_model().USERNAME_FIELD
    data = credentials or getattr(request, "POST", {}) or {}
    value = data.get("username") or data.get(field) or ""
    return str(value).strip().lower() or None


def axes_client_str(username, ip_address, user_agent, path_info, request):
    """What axes writes in the logs: the page only. No email and no address (patient data)."""
    return f"{{path: {path_info!r}}}"


def on_sign_in(sender, request, user, **kwargs):
    """At every sign-in: the idle clock starts, and the session notes whether the account
    must give a two-factor code (read on each request without a database query)."""
    from django_otp import user_has_device

    from .middleware import LAST_ACTIVITY, OTP_REQUIRED

    if request is None or not hasattr(request, "session"):
        return
    request.session[LAST_ACTIVITY] = int(time.time())
    request.session[OTP_REQUIRED] = user_has_device(user, confirmed=True)


def client_ip(request):
    """The visitor's network address for the lockout. Behind ``LOCKOUT_PROXY_COUNT`` proxies the
    address is read from X-Forwarded-For, counted from the right (the part the proxies wrote),
    so that patients behind one proxy are not all locked out together."""
    from django.conf import settings

    proxies = settings.LOCKOUT_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
