"""Writes that the account pages make (HackSoftware style: keyword-only, atomic)."""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .mail import queue_mail
from .models import Clinic
from .tokens import email_confirmation_token

logger = logging.getLogger(__name__)


def _send(*, template, to, context):
    context = {"clinic_name": Clinic.current().name, **context}
    subject = render_to_string(f"registration/{template}_subject.txt", context)
    body = render_to_string(f"registration/{template}_email.txt", context)
    # Through the task queue once the transaction commits: the page answers as fast whether
    # or not the address has an account, and a failed send is tried again by the worker (and
    # never turns into an error page that would say more than "check your email").
    queue_mail(to=[to], subject=subject, body=body, kind=template)


@transaction.atomic
def sign_up(*, full_name, email, password, date_of_birth, base_url):
    """Start a patient account, or, when the address already has one, tell its owner.

    A new account is created inactive and the address gets a link to confirm it
    (:func:`confirm_email`). An address that already has an account gets an email saying
    someone tried to sign up, with links to sign in and to reset the password; that account is
    left untouched. The caller shows the same page in both cases, so the page never tells
    anyone whether an address is registered. Returns the new user, or None.

    ``base_url`` is the scheme and host the links in the email start with: the configured
    ``SITE_URL``, never the request's Host header.
    """
    User = get_user_model()
    base_url = base_url.rstrip("/")
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    email=email,
                    password=password,
                    full_name=full_name,
                    date_of_birth=date_of_birth,
                    is_active=False,
                    awaiting_confirmation=True,
                )
        except IntegrityError:
            # The same address signed up a moment ago (a double click, two tabs).
            existing = User.objects.get(email__iexact=email)
        else:
            uid = urlsafe_base64_encode(force_bytes(user.pk))
            token = email_confirmation_token.make_token(user)
            path = reverse("signup_confirm", kwargs={"uidb64": uid, "token": token})
            _send(
                template="signup_confirm",
                to=user.email,
                context={"user": user, "confirm_url": base_url + path},
            )
            logger.info("Sign-up: new account %s waiting for email confirmation", user.pk)
            return user

    # Hash the password anyway, so the answer takes as long as for a new account.
    make_password(password)
    _send(
        template="signup_existing",
        to=existing.email,
        context={
            "user": existing,
            "login_url": base_url + reverse("login"),
            "reset_url": base_url + reverse("password_reset"),
        },
    )
    logger.info("Sign-up: attempt with the address of existing account %s", existing.pk)
    return None


@transaction.atomic
def confirm_email(*, user):
    """The owner of the address opened the confirmation link: the account becomes active."""
    user.is_active = True
    user.awaiting_confirmation = False
    user.save(update_fields=["is_active", "awaiting_confirmation"])
    return user
