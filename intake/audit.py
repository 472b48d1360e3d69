"""The audit trail: django-auditlog records edits of patient data and status changes; this
module adds the reads and exports it cannot see (``record_access``) and decides which client
address both of them record."""

from auditlog.middleware import AuditlogMiddleware as _AuditlogMiddleware

from portal.security import client_ip

from .models import AccessEvent

# One rule for the client address across the project (see its docstring).
client_address = client_ip


class AuditlogMiddleware(_AuditlogMiddleware):
    """django-auditlog's middleware (the actor of each change), with our client address rule
    instead of its own, which trusts any X-Forwarded-For header."""

    @staticmethod
    def _get_remote_addr(request):
        return client_address(request)


def record_access(request, action, *, intake=None, intake_id=None, detail=""):
    """Record that the signed-in staff member read or exported patient data."""
    if intake is not None:
        intake_id = intake.pk
    return AccessEvent.objects.create(
        user=request.user,
        user_email=request.user.email,
        action=action,
        intake_id=intake_id,
        detail=detail[:500],
        remote_addr=client_address(request),
    )
