"""Account forms: sign-up, sign-in and password reset, worded for patients."""

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model, password_validation
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .fields import DateOfBirthField, LanguageField
from .i18n import in_language_of
from .identity import email_key
from .mail import queue_mail


class SignupForm(forms.Form):
    """Sign-up. Never says whether the email already has an account: the view shows the same
    page either way and the service writes to the address instead."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        error_messages={"required": _("Enter your full name.")},
        help_text=_("Your legal name, as it appears on your insurance card or ID."),
        widget=forms.TextInput(attrs={"autocomplete": "name", "autocapitalize": "words"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address like name@example.com."),
        },
        help_text=_("You will use it to sign in. We will send you a link to confirm it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    date_of_birth = DateOfBirthField(
        label=_("Date of birth"),
        error_messages={"required": _("Enter your date of birth.")},
        help_text=_("For example: 3 27 1980."),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        error_messages={"required": _("Choose a password.")},
        help_text=_("At least 8 characters. Not only numbers, and not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Type the password again"),
        strip=False,
        error_messages={"required": _("Type your password again.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    privacy_notice = forms.BooleanField(
        label=_("I have read the clinic's privacy notice"),
        error_messages={
            "required": _("Please read the privacy notice, then tick the box to say you read it.")
        },
        help_text=_("The notice says what we keep about you and who can see it."),
    )
    notice_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    language = LanguageField(
        required=False,  # a form posted without it: the language the page was read in
        help_text=_("You can change it later on your account page."),
    )

    error_messages = {
        "password_mismatch": _("The two passwords are not the same. Please type them again."),
        "blank_name": _("Enter your full name."),
        "notice_changed": _(
            "The privacy notice changed while this page was open. Please read the new notice, "
            "then tick the box again."
        ),
    }

    def __init__(self, *args, notice=None, **kwargs):
        """``notice``: the privacy notice shown now (None when the clinic has not published
        one: then nothing is asked)."""
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = translation.get_language()
        self.notice = notice
        if notice is None:
            del self.fields["privacy_notice"]
            del self.fields["notice_version"]
        else:
            self.fields["notice_version"].initial = notice.version

    def clean_notice_version(self):
        """The version the page showed, as the one acknowledged (a forged or old number is
        refused, and the box must be ticked again for the current notice)."""
        version = self.cleaned_data.get("notice_version")
        if self.notice is not None and version != self.notice.version:
            self.data = self.data.copy()
            self.data["notice_version"] = str(self.notice.version)
            self.data.pop("privacy_notice", None)
            raise forms.ValidationError(
                self.error_messages["notice_changed"], code="notice_changed"
            )
        return version

    def clean_language(self):
        return self.cleaned_data.get("language") or translation.get_language()

    def clean_full_name(self):
        # Stored as typed, without the extra spaces a phone keyboard adds.
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError(self.error_messages["blank_name"], code="blank_name")
        return name

    def clean_email(self):
        return get_user_model().objects.normalize_email(self.cleaned_data["email"].strip())

    def clean_password2(self):
        password1 = self.cleaned_data.get("password1")
        password2 = self.cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            raise forms.ValidationError(
                self.error_messages["password_mismatch"], code="password_mismatch"
            )
        return password2

    def _post_clean(self):
        super()._post_clean()
        # Django's password validators, with the name and email typed so far, so that
        # "a password too like your name" is caught before any account exists.
        password = self.cleaned_data.get("password2")
        if password:
            user = get_user_model()(
                email=self.cleaned_data.get("email", ""),
                full_name=self.cleaned_data.get("full_name", ""),
            )
            try:
                password_validation.validate_password(password, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)


class LoginForm(auth_forms.AuthenticationForm):
    """Sign-in by email, with one plain message that does not say which part was wrong."""

    username = auth_forms.UsernameField(
        label=_("Email address"),
        widget=forms.EmailInput(
            attrs={"autofocus": True, "autocomplete": "email", "spellcheck": "false"}
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": _(
            "That email and password did not match. Please check them and try again. "
            "If you have just signed up, first open the link in the email we sent you."
        ),
    }


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Also reaches accounts whose sign-up was never confirmed (``awaiting_confirmation``), so
    that the owner of an address can always take it back, whoever signed up with it. An
    account staff deactivated gets nothing, even if its owner never signed in."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def get_users(self, email):
        users = get_user_model()._default_manager.filter(
            Q(is_active=True) | Q(is_active=False, awaiting_confirmation=True),
            email_key=email_key(email),
        )
        return (u for u in users if u.has_usable_password())

    def save(self, **kwargs):
        # The link starts with the configured SITE_URL, never the request's Host header.
        site = urlsplit(settings.SITE_URL)
        kwargs["domain_override"] = site.netloc
        kwargs["use_https"] = site.scheme == "https"
        return super().save(**kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        # Through the task queue, so that the page answers as fast for an address with an
        # account as for one without. In the account's language, not the page's.
        with in_language_of(context["user"]):
            subject = render_to_string(subject_template_name, context)
            body = render_to_string(email_template_name, context)
        queue_mail(to=[to_email], subject=subject, body=body, kind="password_reset")


class SetPasswordForm(auth_forms.SetPasswordForm):
    """The new password, from the emailed link. Setting it proves the person owns the
    address, so an unconfirmed sign-up becomes an active account."""

    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        help_text=_("At least 8 characters. Not only numbers, and not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label=_("Type the new password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    error_messages = {
        **auth_forms.SetPasswordForm.error_messages,
        "password_mismatch": _("The two passwords are not the same. Please type them again."),
    }

    def save(self, commit=True):
        if not self.user.is_active and self.user.awaiting_confirmation:
            self.user.is_active = True
            self.user.awaiting_confirmation = False
        return super().save(commit=commit)


class ChoosePasswordForm(SetPasswordForm):
    """The password, chosen on the page the sign-up email links to. Only the owner of the
    address reaches that page, so only a password chosen there is kept: whatever was typed at
    sign-up, perhaps by someone else, stops working (portal.services.confirm_email)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Choose a password")
        self.fields["new_password1"].help_text = _(
            "At least 8 characters. Not only numbers, and not a common password. "
            "It can be the one you typed when you signed up."
        )
        self.fields["new_password2"].label = _("Type the password again")

    def save(self, commit=True):  # the view calls services.confirm_email instead
        raise NotImplementedError


class TwoFactorCodeForm(forms.Form):
    """A code from the authenticator app (6 digits) or one recovery code."""

    code = forms.CharField(
        label="Code",
        max_length=20,
        error_messages={"required": "Enter the code."},
        help_text="The 6 numbers your authenticator app shows now, or one of your recovery codes.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "spellcheck": "false",
                "autocapitalize": "off",
            }
        ),
    )

    error_messages = {
        "wrong_code": (
            "That code did not work. Codes change every 30 seconds: type the one showing now. "
            "If it still fails, check that your phone's clock is right, or use a recovery code."
        ),
    }

    def __init__(self, *args, check=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.check = check
        self.device = None

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).lower()
        self.device = self.check(code) if self.check else None
        if self.device is None:
            raise forms.ValidationError(self.error_messages["wrong_code"], code="wrong_code")
        return code
