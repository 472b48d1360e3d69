from django.conf import settings


def site(request):
    """What every page's chrome needs: the clinic's details (name, phone, hours ...), and for a
    signed-in account its idle timeout (read by static/js/idle-timeout.js to warn before
    signing out)."""
    from .models import Clinic

    clinic = Clinic.current()
    context = {
        "clinic": clinic,
        "clinic_name": clinic.name,
        "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from .middleware import idle_timeout_seconds

        context["idle_timeout_seconds"] = idle_timeout_seconds(user)
    return context
