from typing import NamedTuple

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from .identity import email_key
from .validators import validate_npi, validate_tax_id


class UserManager(BaseUserManager):
    """Users are found by the key of their email (:mod:`portal.identity`): case and
    look-alike letters ignored."""

    use_in_migrations = True

    def get_by_natural_key(self, username):
        # No account has an address longer than the field holds. Looking one up anyway (a
        # forged sign-in form) fails on SQLite: a LIKE pattern over 50,000 characters is an
        # error there, which was a 500.
        if len(str(username or "")) > self.model._meta.get_field("email").max_length:
            raise self.model.DoesNotExist
        key = email_key(username)
        if not key:
            raise self.model.DoesNotExist
        return self.get(email_key=key)

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in: a patient, or a member of the clinic's staff (is_staff)."""

    username = None
    first_name = None
    last_name = None
    full_name = models.CharField(
        "full name",
        max_length=150,
        blank=True,
        help_text="The person's full legal name, as they gave it at sign-up.",
    )
    date_of_birth = models.DateField("date of birth", null=True, blank=True)
    email = models.EmailField(
        "email address",
        unique=True,
        help_text="Used to sign in. Unique, whatever the upper or lower case.",
    )
    # NULL, not "", for "no key": a unique column accepts many NULLs (see migration 0005).
    email_key = models.CharField(  # noqa: DJ001
        "email key",
        max_length=1024,
        unique=True,
        null=True,
        editable=False,
        help_text=(
            "The email in one normalised form (lower case, look-alike letters folded), set "
            "on every save: unique, and what sign-in, the lockout and the email limits use. "
            "Empty only for an account whose address clashed with another one when keys were "
            "first made: it cannot sign in until its email is changed."
        ),
        error_messages={"unique": "An account with this email address already exists."},
    )
    awaiting_confirmation = models.BooleanField(
        "waiting for email confirmation",
        default=False,
        help_text=(
            "Set at sign-up until the owner of the address confirms it (or sets a password from "
            "a reset link). Only such an account can be turned on by its owner: untick it to "
            "refuse the sign-up. Deactivating an account (untick Active, or the list's "
            '"Deactivate" action) clears it, so that a reset link cannot turn it on again.'
        ),
    )

    language = models.CharField(
        "language",
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=(
            "The language of the person's pages once signed in, and of their mails. Set at "
            "sign-up, or at the first sign-in to the language they were reading in; empty for "
            "an account that has not signed in since (its mails are in English)."
        ),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = "user"
        verbose_name_plural = "users"
        ordering = ["email"]

    def __str__(self):
        return self.email

    def get_full_name(self):
        return self.full_name.strip()

    def get_short_name(self):
        return self.get_full_name().split(" ")[0] if self.full_name.strip() else self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email)
        # Forms (the admin's) leave email_key out of their unique checks: check it here, so
        # that a clash is a message on the email, not a server error.
        clash = self.__class__._default_manager.filter(email_key=email_key(self.email))
        if self.pk:
            clash = clash.exclude(pk=self.pk)
        if self.email and clash.exists():
            raise ValidationError(
                {"email": "An account with this email address already exists."}, code="unique"
            )

    def save(self, *args, **kwargs):
        self.email_key = email_key(self.email) or None
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "email" in update_fields:
            kwargs["update_fields"] = {*update_fields, "email_key"}
        super().save(*args, **kwargs)


class Clinic(models.Model):
    """The clinic's own details, edited by staff in the admin: one record for the whole site.

    The footer, the patient's sent and closed pages, the mails and the print packet read it
    through :meth:`current`. What the patient is promised after an urgent answer is only what
    ``urgent_response`` says; left blank, the portal promises no time at all.
    """

    CACHE_KEY = "portal.clinic"
    CACHE_SECONDS = 60

    name = models.CharField(
        max_length=150,
        help_text="Shown in page titles, the header, the footer and every mail.",
    )
    phone = models.CharField(
        "phone",
        max_length=40,
        blank=True,
        help_text="The number patients call, for example (555) 010-0000.",
    )
    text_line = models.CharField(
        "text line",
        max_length=40,
        blank=True,
        help_text="A number patients can text, if the clinic has one. Leave blank if not.",
    )
    address = models.TextField(blank=True)
    hours = models.CharField(
        "opening hours",
        max_length=200,
        blank=True,
        help_text="For example: Monday to Friday, 8 am to 5 pm.",
    )
    hours_es = models.CharField(
        "opening hours, in Spanish",
        max_length=200,
        blank=True,
        help_text=(
            "The same hours for patients who read the portal in Spanish, for example: de lunes "
            "a viernes, de 8 a. m. a 5 p. m. Left blank, they read the English ones above."
        ),
    )
    website = models.URLField(blank=True)
    urgent_response = models.CharField(
        "response to an urgent answer",
        max_length=200,
        blank=True,
        help_text=(
            "What the clinic promises a patient whose answers show they may be at risk, for "
            'example "within 2 hours on weekdays". Patients are promised exactly this and '
            "nothing more; leave blank to promise no time."
        ),
    )
    urgent_response_es = models.CharField(
        "response to an urgent answer, in Spanish",
        max_length=200,
        blank=True,
        help_text=(
            "The same promise in Spanish, for patients who read the portal in Spanish, for "
            'example "en un plazo de 2 horas los días de semana". Left blank, they read the '
            "English one above."
        ),
    )
    npi = models.CharField(
        "NPI",
        max_length=10,
        blank=True,
        validators=[validate_npi],
        help_text="The clinic's 10-digit National Provider Identifier, for the packets to payers.",
    )
    tax_id = models.CharField(
        "tax id (EIN)",
        max_length=10,
        blank=True,
        validators=[validate_tax_id],
        help_text="For example 12-3456789. Printed on the packets to payers.",
    )
    sessions_requested = models.PositiveSmallIntegerField(
        "sessions to request",
        default=36,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=(
            "Asked for on the prior-authorization packet. Usually 36: 30 daily sessions and a "
            "3-2-1 taper (docs/clinical-facts.md 2b); some payers allow fewer."
        ),
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "clinic details"
        verbose_name_plural = "clinic details"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1  # one record for the whole site
        super().save(*args, **kwargs)
        from django.core.cache import cache

        cache.delete(self.CACHE_KEY)

    @classmethod
    def current(cls):
        """The clinic's record, made from CLINIC_NAME on first use; cached for a minute, so
        another worker process shows an edit within CACHE_SECONDS."""
        from django.conf import settings
        from django.core.cache import cache

        clinic = cache.get(cls.CACHE_KEY)
        if clinic is None:
            clinic = cls.objects.filter(pk=1).first() or cls(pk=1, name=settings.CLINIC_NAME)
            cache.set(cls.CACHE_KEY, clinic, cls.CACHE_SECONDS)
        return clinic

    @property
    def phone_href(self):
        return "tel:" + "".join(c for c in self.phone if c.isdigit() or c == "+")

    @property
    def text_href(self):
        return "sms:" + "".join(c for c in self.text_line if c.isdigit() or c == "+")


class PolicyTextQuerySet(models.QuerySet):
    def current(self, kind):
        """The latest version of one kind of text, or None when the clinic has none."""
        return self.filter(kind=kind).order_by("-version").first()


class PolicyText(models.Model):
    """A text the clinic publishes and patients agree to: the privacy notice, the TMS consent,
    the records release. Versioned: a saved change is a new row with the next version and its
    own date (portal/admin.py), so what a patient agreed to is never rewritten."""

    class Kind(models.TextChoices):
        PRIVACY_NOTICE = "privacy_notice", "Privacy notice"
        TMS_CONSENT = "tms_consent", "TMS consent"
        RECORDS_RELEASE = "records_release", "Records release"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    version = models.PositiveIntegerField(default=1, editable=False)
    title = models.CharField(
        max_length=120, help_text="The heading patients see, for example “Privacy notice”."
    )
    text = models.TextField(
        help_text=(
            "What patients read. Plain words, short paragraphs (a blank line between them). "
            "Saving a change publishes a new version; earlier versions stay as they were."
        )
    )
    title_es = models.CharField(
        "title in Spanish",
        max_length=120,
        blank=True,
        help_text="The heading in Spanish. Leave blank to show the English to Spanish readers.",
    )
    text_es = models.TextField(
        "text in Spanish",
        blank=True,
        help_text=(
            "The same text in Spanish, for patients who read the portal in Spanish. Leave blank "
            "to show them the English text, with a note that it is only in English."
        ),
    )
    published_at = models.DateTimeField("published", auto_now_add=True)

    objects = PolicyTextQuerySet.as_manager()

    class Meta:
        ordering = ("kind", "-version")
        verbose_name = "notice or consent text"
        verbose_name_plural = "notice and consent texts"
        constraints = [
            models.UniqueConstraint(fields=("kind", "version"), name="policytext_kind_version")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, version {self.version}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("privacy_notice") if self.kind == self.Kind.PRIVACY_NOTICE else ""

    @property
    def wording(self):
        """The wording in the current language, for templates: ``{{ text.wording.title }}``."""
        return self.in_language()

    def in_language(self, code=None):
        """The wording a reader of ``code`` (default: the current language) is shown: the
        Spanish one for "es" when the clinic wrote it, else the English. ``lang`` says which
        it is (for ``lang=""`` on the text and for the agreement); ``note`` is a short line, in
        the reader's language, when the text is not in it ("" otherwise)."""
        from django.utils import translation

        from .i18n import reader_language

        code = code or reader_language()
        if code == "es" and self.text_es.strip():
            return PolicyWording(self.title_es or self.title, self.text_es, "es", "")
        note = ""
        if code != "en":
            with translation.override(code):
                note = translation.gettext("This text is only available in English.")
        return PolicyWording(self.title, self.text, "en", note)


class PolicyWording(NamedTuple):
    """One language's wording of a :class:`PolicyText` (``PolicyText.in_language``)."""

    title: str
    text: str
    lang: str
    note: str


class PolicyAgreement(models.Model):
    """A patient's acknowledgment (privacy notice) or signature (TMS consent, records
    release) of one version of a text, with when and, for a signature, the name typed."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="agreements")
    kind = models.CharField(max_length=30, choices=PolicyText.Kind.choices)
    text = models.ForeignKey(PolicyText, on_delete=models.PROTECT, related_name="agreements")
    version = models.PositiveIntegerField()
    typed_name = models.CharField(max_length=150, blank=True)
    language = models.CharField(
        "language shown",
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text="The language of the wording the patient was shown.",
    )
    at = models.DateTimeField("when", auto_now_add=True)

    class Meta:
        ordering = ("-at", "-pk")
        verbose_name = "acknowledgment or signature"
        verbose_name_plural = "acknowledgments and signatures"

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version}, {self.at:%Y-%m-%d}"
