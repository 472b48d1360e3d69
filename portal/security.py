"""Hooks for django-axes (sign-in lockout)."""

import ipaddress
import time

from django.contrib.auth import get_user_model


def axes_username(request, credentials):
    """The email typed at sign-in, keyed as the account is found (:mod:`portal.identity`):
    case, spaces and look-alike letters ignored, so that ``Alice@Example.com``, the same
    with a dotless i, and ``alice@example.com`` count towards one lockout."""
    field = get_user_model().USERNAME_FIELD
    data = credentials or getattr(request, "POST", {}) or {}
    value = data.get("username") or data.get(field) or ""
    # At most what an email field holds: axes stores it in a 255-character column (a longer
    # one, from a forged form, was a 500 on PostgreSQL).
    from .identity import email_key

    return email_key(str(value)[:1000])[:254] or None


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
    """The visitor's network address, for the sign-in lockout and the audit log alike.

    X-Forwarded-For is honoured only when settings say that TRUSTED_PROXY_COUNT proxies stand in
    front of the app: each appends the address it saw, so the client is the entry that many
    places from the right (the part the proxies wrote; anything further left is forgeable).
    Without it, patients behind one proxy would all share, and be locked out by, one address.
    Returns None when there is no valid address."""
    from django.conf import settings

    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            remote = hops[-proxies]
    try:
        return str(ipaddress.ip_address(remote)) if remote else None
    except ValueError:
        return None
