"""Writes that the account pages make (HackSoftware style: keyword-only, atomic)."""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .i18n import language_of, supported
from .identity import email_key
from .mail import queue_mail
from .models import Clinic
from .policies import record_agreement
from .tokens import email_confirmation_token

logger = logging.getLogger(__name__)


def _language_of_address(address):
    """The language of the account with this address (the default when there is none)."""
    return language_of(get_user_model().objects.filter(email_key=email_key(address)).first())


def _send(*, template, to, context, language=None):
    """``language``: the one the mail is written in; by default the language of the account
    with the address ``to`` (English when there is none, or no longer one)."""
    context = {"clinic_name": Clinic.current().name, **context}
    with translation.override(language or _language_of_address(to)):
        subject = render_to_string(f"registration/{template}_subject.txt", context)
        body = render_to_string(f"registration/{template}_email.txt", context)
    # Through the task queue once the transaction commits: the page answers as fast whether
    # or not the address has an account, and a failed send is tried again by the worker (and
    # never turns into an error page that would say more than "check your email").
    queue_mail(to=[to], subject=subject, body=body, kind=template)


def _send_confirmation(*, user, base_url):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = email_confirmation_token.make_token(user)
    path = reverse("signup_confirm", kwargs={"uidb64": uid, "token": token})
    _send(
        template="signup_confirm",
        to=user.email,
        context={"user": user, "confirm_url": base_url + path},
        language=language_of(user),
    )


@transaction.atomic
def sign_up(*, full_name, email, password, date_of_birth, base_url, notice=None, language=None):
    """Start a patient account, or, when the address already has one, tell its owner.

    A new account is created inactive and the address gets a link to confirm it
    (:func:`confirm_email`). An address that already has an account gets an email saying
    someone tried to sign up, with links to sign in and to reset the password; that account is
    left untouched, except an unconfirmed one signed up with another spelling of the address
    (a look-alike, portal/identity.py): that sign-up starts again with the new spelling. The
    caller shows the same page in every case, so the page never tells anyone whether an
    address is registered. Returns the new (or restarted) user, or None.

    ``base_url`` is the scheme and host the links in the email start with: the configured
    ``SITE_URL``, never the request's Host header. ``notice`` is the version of the privacy
    notice the sign-up form showed and the person acknowledged: recorded for a new (or
    restarted) account. ``language`` is the one chosen on the form (default: the current
    one): the new account's, and its confirmation mail's. An existing account's mail is in
    that account's own language.
    """
    language = supported(language) or translation.get_language()
    User = get_user_model()
    base_url = base_url.rstrip("/")
    key = email_key(email)
    existing = User.objects.filter(email_key=key).first()
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
                    language=language,
                )
        except IntegrityError:
            # The same address signed up a moment ago (a double click, two tabs).
            # The database's unique key refused the second one: the address is taken.
            existing = User.objects.get(email_key=key)
        else:
            _acknowledge(user, notice)
            _send_confirmation(user=user, base_url=base_url)
            logger.info("Sign-up: new account %s waiting for email confirmation", user.pk)
            return user

    existing = User.objects.select_for_update().get(pk=existing.pk)
    if existing.awaiting_confirmation and not existing.is_active and existing.email != email:
        # A look-alike spelling of an address whose sign-up nobody confirmed yet. Such a
        # sign-up proves nothing, so it must not hold the address against its real owner: it
        # starts again with this spelling, and the old link stops working (the token covers
        # the email and the password).
        existing.email = email
        existing.full_name = full_name
        existing.date_of_birth = date_of_birth
        existing.language = language
        existing.set_password(password)
        existing.save(update_fields=["email", "full_name", "date_of_birth", "password", "language"])
        _acknowledge(existing, notice)
        _send_confirmation(user=existing, base_url=base_url)
        logger.info(
            "Sign-up: unconfirmed account %s started again with a new spelling", existing.pk
        )
        return existing

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
        language=language_of(existing),
    )
    logger.info("Sign-up: attempt with the address of existing account %s", existing.pk)
    return None


def _acknowledge(user, notice):
    if notice is not None:
        record_agreement(user=user, text=notice)


@transaction.atomic
def confirm_email(*, user, password):
    """The owner of the address opened the confirmation link and chose a password: the account
    becomes active with that password.

    The password typed at sign-up is replaced, never kept: anyone can sign up with someone
    else's address, and a password chosen before the address was proven would let that
    stranger sign in to the account its real owner then confirms and fills in."""
    user.set_password(password)
    user.is_active = True
    user.awaiting_confirmation = False
    user.save(update_fields=["password", "is_active", "awaiting_confirmation"])
    logger.info("Sign-up: account %s confirmed its email and chose a password", user.pk)
    return user
