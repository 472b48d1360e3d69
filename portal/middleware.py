"""Site-wide request handling: request ids, the Permissions-Policy header, idle sign-out and
two-factor sign-in. Each is listed in ``MIDDLEWARE`` (portal/settings.py)."""

import time
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest
from django.dispatch import receiver
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext

from .decorators import is_staff_account
from .logs import request_id_var

# Session keys.
LAST_ACTIVITY = "portal_last_activity"
SIGNED_IN_AT = "portal_signed_in_at"
# What a patient posted when the sign-out caught them, kept for the same page after sign-in.
KEPT_FORM = "portal_kept_form"
KEPT_FORM_MAX_CHARS = 100_000
KEPT_FORM_MAX_AGE_SECONDS = 60 * 60
OTP_REQUIRED = "portal_otp_required"
# Activity is written at most this often, not on every request (one session write fewer).
ACTIVITY_RESOLUTION_SECONDS = 15


class RequestIdMiddleware:
    """Gives each request an id: in every log line of the request and the X-Request-ID header,
    so that a patient's or a proxy's report of a problem leads to the right log lines."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = uuid.uuid4().hex
        token = request_id_var.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class PermissionsPolicyMiddleware:
    """Turns off browser features the portal never uses (camera, microphone, location)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def idle_timeout_seconds(user):
    minutes = (
        settings.STAFF_IDLE_TIMEOUT_MINUTES
        if is_staff_account(user)
        else settings.PATIENT_IDLE_TIMEOUT_MINUTES
    )
    return minutes * 60


def _login_url_for(request):
    if request.path_info.startswith(reverse("admin:index")):
        return reverse("admin:login")
    return settings.LOGIN_URL


@receiver(user_logged_in, dispatch_uid="portal_signed_in_at")
def _remember_sign_in_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = int(time.time())


class IdleTimeoutMiddleware:
    """Signs out an account left idle for longer than its timeout (staff 15 minutes, patients
    30 by default), and sends the next request to the sign-in page, which brings the person
    back to the same page afterwards.

    Activity does not keep a session forever: ``SESSION_COOKIE_AGE`` after sign-in (12 hours
    by default) the account is signed out however busy it is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_ACTIVITY)
            # A session from before this key existed counts from its first request now.
            signed_in_at = request.session.setdefault(SIGNED_IN_AT, now)
            if now - signed_in_at > settings.SESSION_COOKIE_AGE:
                return self._sign_out(
                    request,
                    gettext(
                        "You were signed out because you signed in a long time ago, to keep "
                        "your information safe. Please sign in again."
                    ),
                )
            if last is not None and now - last > idle_timeout_seconds(user):
                minutes = idle_timeout_seconds(user) // 60
                message = ngettext(
                    "You were signed out after %(minutes)d minute without activity, to keep "
                    "your information safe. Please sign in again.",
                    "You were signed out after %(minutes)d minutes without activity, to keep "
                    "your information safe. Please sign in again.",
                    minutes,
                )
                return self._sign_out(request, message % {"minutes": minutes})
            if last is None or now - last >= ACTIVITY_RESOLUTION_SECONDS:
                request.session[LAST_ACTIVITY] = now
        return self.get_response(request)

    def _sign_out(self, request, message):
        user = request.user
        kept = None
        if request.method == "POST" and not is_staff_account(user):
            # The patient's typing survives the sign-out: the page they posted shows it again
            # once they have signed in as the same account (pop_kept_form).
            data = {k: request.POST.getlist(k) for k in request.POST if k != "csrfmiddlewaretoken"}
            if len(repr(data)) <= KEPT_FORM_MAX_CHARS:
                kept = {"path": request.path, "user": user.pk, "at": int(time.time()), "data": data}
        logout(request)
        if kept:
            request.session[KEPT_FORM] = kept
        messages.info(request, message)
        next_path = request.get_full_path() if request.method == "GET" else request.path
        return redirect_to_login(next_path, login_url=_login_url_for(request))


# Pages a signed-in account may open before it has given its two-factor code.
TWO_FACTOR_EXEMPT = {
    "two_factor_verify",
    "two_factor_setup",
    "logout",
    "keep_alive",
    "admin:logout",
}


class TwoFactorMiddleware:
    """An account with two-factor sign-in turned on must give its code before any page; a
    staff account must turn it on before the admin when ``STAFF_2FA_REQUIRED`` is set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is None or match.view_name in TWO_FACTOR_EXEMPT:
            return None
        if request.session.get(OTP_REQUIRED):
            target = "two_factor_verify"
        elif settings.STAFF_2FA_REQUIRED and is_staff_account(user) and match.namespace == "admin":
            target = "two_factor_setup"
        else:
            return None
        next_path = request.get_full_path() if request.method == "GET" else request.path
        return redirect(f"{reverse(target)}?{urlencode({'next': next_path})}")


# A date part in an admin list's address (the date hierarchy, ``?at__year=2026``) that no date
# has: Django turns it into a date before it checks it, and a number past a C long is a server
# error there (OverflowError), on any database.
_DATE_PARTS = ("__year", "__month", "__day")


class AdminBadQueryMiddleware:
    """Refuses (400) an admin address whose query string holds a NUL byte, or a year, month or
    day of more than four digits. The admin passes list filters, searches and autocomplete terms
    to the database, and PostgreSQL cannot hold NUL in a text value; the date hierarchy makes a
    date of its parts. Without this such an address is a server error. No real link holds one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(reverse("admin:index")):
            for key, values in request.GET.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    raise BadRequest("A NUL byte in the address.")
                if key.endswith(_DATE_PARTS) and any(len(v.strip()) > 4 for v in values):
                    raise BadRequest("A date part no date has.")
        return self.get_response(request)


def pop_kept_form(request):
    """The data a patient posted to this page when the sign-out caught them, as a QueryDict,
    or None. Only for the same account, the same page and within the hour; given once."""
    kept = request.session.pop(KEPT_FORM, None)
    if not kept or not request.user.is_authenticated:
        return None
    if (
        kept.get("user") != request.user.pk
        or kept.get("path") != request.path
        or int(time.time()) - kept.get("at", 0) > KEPT_FORM_MAX_AGE_SECONDS
    ):
        return None
    data = QueryDict(mutable=True)
    for key, values in kept.get("data", {}).items():
        data.setlist(key, values)
    return data
