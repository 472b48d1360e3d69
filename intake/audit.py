"""The audit trail: django-auditlog records edits of patient data and status changes; this
module adds the reads and exports it cannot see (``record_access``) and decides which client
address both of them record."""

import ipaddress

from auditlog.middleware import AuditlogMiddleware as _AuditlogMiddleware
from django.conf import settings

from .models import AccessEvent


def client_address(request):
    """The client's IP address. X-Forwarded-For is honoured only when settings say that
    TRUSTED_PROXY_COUNT proxies stand in front of the app: each appends the address it saw, so
    the client is the entry that many places from the right. Anything else is forgeable."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            remote = hops[-proxies]
    return _valid_ip(remote)


def _valid_ip(value):
    try:
        return str(ipaddress.ip_address(value)) if value else None
    except ValueError:
        return None


class AuditlogMiddleware(_AuditlogMiddleware):
    """django-auditlog's middleware (the actor of each change), with our client address rule
    instead of its own, which trusts any X-Forwarded-For header."""

    @staticmethod
    def _get_remote_addr(request):
        return client_address(request)


def record_access(request, action, *, intake=None, detail=""):
    """Record that the signed-in staff member read or exported patient data."""
    return AccessEvent.objects.create(
        user=request.user,
        user_email=request.user.email,
        action=action,
        intake_id=intake.pk if intake is not None else None,
        detail=detail[:500],
        remote_addr=client_address(request),
    )
