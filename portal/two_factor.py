"""Two-factor sign-in (TOTP with django-otp): turning it on, giving the code at sign-in,
recovery codes, and turning it off.

Staff must turn it on before they can use the admin when ``STAFF_2FA_REQUIRED`` is set (see
:class:`portal.middleware.TwoFactorMiddleware`); for patients it is a choice on their account
page. Once an account has it, every sign-in asks for the code.
"""

import base64
import time

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .decorators import is_staff_account
from .forms import TwoFactorCodeForm
from .middleware import LAST_ACTIVITY, OTP_REQUIRED

RECOVERY_CODES = 10


def _next_url(request, default="account_security"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path on this site only: redirect() would take any other word for a view name to
    # look up (a 500 when there is none).
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _new_recovery_codes(user):
    """Replaces the account's recovery codes with new ones; each works once."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Recovery codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _qr_svg(url):
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    # Generated here from our own otpauth:// URL: no user text goes into the markup.
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308


def _grouped(secret):
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _show_codes(request, codes, next_url):
    return render(request, "registration/two_factor_codes.html", {"codes": codes, "next": next_url})


@never_cache
@login_required
@sensitive_post_parameters("code")
@require_http_methods(["GET", "HEAD", "POST"])
def setup(request):
    """Turn it on: scan the QR code (or type the secret), then type one code to confirm."""
    user = request.user
    if django_otp.user_has_device(user):
        return redirect("account_security" if user.is_verified() else "two_factor_verify")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = TwoFactorCodeForm(
        request.POST or None, check=lambda code: device if device.verify_token(code) else None
    )
    if form.is_valid():
        with transaction.atomic():
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            codes = _new_recovery_codes(user)
        django_otp.login(request, device)
        request.session[OTP_REQUIRED] = True
        return _show_codes(request, codes, _next_url(request))
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr_svg": _qr_svg(device.config_url),
        "secret": _grouped(secret),
        "next": _next_url(request, default=""),
        "required": is_staff_account(user) and settings.STAFF_2FA_REQUIRED,
    }
    return render(request, "registration/two_factor_setup.html", context)


@never_cache
@login_required
@sensitive_post_parameters("code")
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request):
    """The code asked at sign-in, from the app or a recovery code."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not django_otp.user_has_device(user):
        # The devices were removed (by staff) after this sign-in.
        request.session[OTP_REQUIRED] = False
        return redirect(_next_url(request, default="home"))
    form = TwoFactorCodeForm(
        request.POST or None, check=lambda code: django_otp.match_token(user, code)
    )
    if form.is_valid():
        django_otp.login(request, form.device)
        request.session.cycle_key()
        if isinstance(form.device, StaticDevice) and not form.device.token_set.exists():
            messages.warning(
                request, "You have used your last recovery code. Make new ones on this page."
            )
            return redirect("account_security")
        return redirect(_next_url(request, default="home"))
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": _next_url(request, default="")},
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def account_security(request):
    user = request.user
    recovery = StaticDevice.objects.filter(user=user, confirmed=True).first()
    context = {
        "two_factor_on": django_otp.user_has_device(user),
        "recovery_left": recovery.token_set.count() if recovery else 0,
        "can_turn_off": not (is_staff_account(user) and settings.STAFF_2FA_REQUIRED),
    }
    return render(request, "registration/account_security.html", context)


@never_cache
@login_required
@require_POST
def new_recovery_codes(request):
    if not request.user.is_verified():
        return redirect("two_factor_verify")
    return _show_codes(request, _new_recovery_codes(request.user), "account_security")


@never_cache
@login_required
@require_POST
def turn_off(request):
    user = request.user
    if not user.is_verified():
        return redirect("two_factor_verify")
    if is_staff_account(user) and settings.STAFF_2FA_REQUIRED:
        messages.error(request, "Staff accounts must keep two-step sign-in on.")
        return redirect("account_security")
    for device in django_otp.devices_for_user(user, confirmed=None):
        device.delete()
    request.session[OTP_REQUIRED] = False
    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    messages.success(request, "Two-step sign-in is off. You will sign in with your password only.")
    return redirect("account_security")


@never_cache
@require_POST
def keep_alive(request):
    """The "Stay signed in" button: counts as activity (see IdleTimeoutMiddleware)."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    request.session[LAST_ACTIVITY] = int(time.time())
    return HttpResponse(status=204)
