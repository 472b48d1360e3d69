import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from . import health, ratelimit, services
from .forms import ChoosePasswordForm, SignupForm
from .i18n import language_for
from .models import PolicyText
from .policies import current_text
from .tokens import email_confirmation_token

logger = logging.getLogger(__name__)


@require_safe
def favicon(request):
    """/favicon.ico, which browsers ask for on every page: the static icon (base.html links
    it too), so that it is never a 404."""
    response = redirect(static("favicon.ico"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_safe
def home(request):
    return render(request, "home.html")


@require_safe
@never_cache
@transaction.non_atomic_requests
def healthz(request):
    """For load balancers: 200 when the database and each configured cache and broker answer,
    503 otherwise; the body's first line says "ok" or "unavailable", then one line a check."""
    found = health.checks()
    healthy = all(found.values())
    lines = ["ok" if healthy else "unavailable"]
    lines += [f"{name}: {'ok' if answered else 'down'}" for name, answered in found.items()]
    return HttpResponse(
        "\n".join(lines) + "\n", status=200 if healthy else 503, content_type="text/plain"
    )


def server_error(request):
    """The 500 page, rendered without request context: nothing that could fail again runs."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"clinic_name": settings.CLINIC_NAME}))


@sensitive_post_parameters("password1", "password2")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    notice = current_text(PolicyText.Kind.PRIVACY_NOTICE)
    form = SignupForm(request.POST or None, notice=notice)
    if form.is_valid():
        if ratelimit.may_send_account_email(request, form.cleaned_data["email"]):
            services.sign_up(
                full_name=form.cleaned_data["full_name"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
                date_of_birth=form.cleaned_data["date_of_birth"],
                base_url=settings.SITE_URL,
                notice=notice,
                language=form.cleaned_data["language"],
            )
        else:
            # Too many emails to this address or from this client: nothing is sent or saved.
            # The password is hashed all the same, so the answer takes as long.
            make_password(form.cleaned_data["password1"])
        # The same page whether the address was new, already had an account, or was limited.
        return redirect("signup_done")
    return render(request, "registration/signup.html", {"form": form})


@require_safe
def privacy_notice(request):
    """The clinic's privacy notice, public: linked from the sign-up form and the footer."""
    notice = current_text(PolicyText.Kind.PRIVACY_NOTICE)
    if notice is None:
        raise Http404("The clinic has not published a privacy notice yet.")
    context = {"notice": notice, "wording": notice.in_language()}
    return render(request, "privacy_notice.html", context)


@require_safe
def signup_done(request):
    return render(request, "registration/signup_done.html")


def _user_from_uid(uidb64):
    try:
        return get_user_model().objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, get_user_model().DoesNotExist):
        return None


@sensitive_post_parameters("new_password1", "new_password2")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signup_confirm(request, uidb64, token):
    """The link from the sign-up email. GET shows "Choose a password" (a mail scanner that
    opens links changes nothing); POST with a good password confirms the account, sets that
    password and signs the patient in. The sign-up password is not kept (see
    services.confirm_email), and the link stops working once used."""
    user = _user_from_uid(uidb64)
    if (
        user is None
        or not user.awaiting_confirmation
        or not email_confirmation_token.check_token(user, token)
    ):
        return render(request, "registration/signup_confirm_invalid.html", status=400)
    form = ChoosePasswordForm(user, request.POST if request.method == "POST" else None)
    if form.is_valid():
        services.confirm_email(user=user, password=form.cleaned_data["new_password1"])
        # The password backend, listed after django-axes' (settings.AUTHENTICATION_BACKENDS).
        login(request, user, backend=settings.AUTHENTICATION_BACKENDS[-1])
        with translation.override(language_for(request)):  # the next page's language
            messages.success(
                request, _("Thank you. Your email is confirmed and you are signed in.")
            )
        # Straight on to what they signed up for: the intake.
        return redirect("intake:home")
    return render(request, "registration/signup_confirm.html", {"account": user, "form": form})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page, with the limit on account emails (portal/ratelimit.py): beyond it
    the email is not sent, and the page goes on to "check your email" all the same."""

    def form_valid(self, form):
        if ratelimit.may_send_account_email(self.request, form.cleaned_data["email"]):
            return super().form_valid(form)
        return redirect(self.get_success_url())


class LogoutView(auth_views.LogoutView):
    """Django's sign-out, which then says so on the page it lands on."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        # In the language of the page it lands on: no longer the account's.
        with translation.override(language_for(request)):
            messages.success(request, _("You are signed out."))
        return response
