"""Settings for the TMS patient portal.

Every environment (development, tests, CI, production) uses this one module; they differ only
by environment variables, read through one ``environ.Env`` reader. docs/operations.md lists
them all.
"""

import datetime
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from portal.env import deny_framing, documents_storage, email_file_path, env_bool

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()


# Off unless set: a forgotten variable must never leave debug pages open in production.
DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "value (for example the output of: python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'). Only a DEBUG=true development run may omit it."
        )
    # Development only: a fresh key each start; sessions simply end on restart.
    from django.core.management.utils import get_random_secret_key

    SECRET_KEY = get_random_secret_key()

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The clinic's name, shown in page titles, the header and the admin.
CLINIC_NAME = env.str("CLINIC_NAME", default="TMS Patient Portal")

INSTALLED_APPS = [
    "portal",
    "education",
    "intake",
    "treatment",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "django.contrib.sitemaps",
    "simple_history",
    # Hardening (see docs/security.md).
    "csp",
    # Their admin sections in plain words (portal/app_labels.py).
    "portal.app_labels.AxesConfig",
    "django_otp",
    "portal.app_labels.TOTPConfig",
    "portal.app_labels.StaticTokenConfig",
    "auditlog",
]

MIDDLEWARE = [
    "portal.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and CSRF, so that it sees every cookie they set (portal/compression.py).
    "portal.compression.ReadingPageCompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.i18n.LocaleMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.middleware.IdleTimeoutMiddleware",
    "portal.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After X-Frame-Options, so that its 400 page has the header too.
    "portal.middleware.AdminBadQueryMiddleware",
    # Records who made each change kept in the content history (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
    # Records who changed patient data and intake statuses, and from which address
    # (django-auditlog, with the client address read as TRUSTED_PROXY_COUNT says).
    "intake.audit.AuditlogMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
                "treatment.context_processors.course_link",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

# The embedded SQLite file is the default so that `make run` needs no server;
# production and CI use PostgreSQL (psycopg 3) through DATABASE_URL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# The cache: each process's own memory unless CACHE_URL names a shared one (redis://...,
# pymemcache://..., with its client library installed). The reading pages are cached in it
# (education/page_cache.py); PAGE_CACHE_STAMP_SECONDS bounds how long another process may serve
# a page from before an edit when the cache is not shared.
CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://"),
    # Parts of the page frame drawn once per process ({% cache ... using="fragments" %}: the
    # header's brand and menu, the footer, the idle warning, the intake's step list). Each is
    # keyed by everything it shows, so it never needs to be forgotten, and it stays in the
    # process: a shared cache would cost a round trip.
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
    },
}
# Sessions: read from the cache and written through to the database (cached_db) when the cache
# is shared by every process and host (Redis, memcached), so a patient signed in on one host goes
# on signed in on another and a cache restart signs nobody out; otherwise from the database.
SHARED_CACHE = CACHES["default"]["BACKEND"].rsplit(".", 2)[-2] in ("redis", "memcached")
SESSION_ENGINE = f"django.contrib.sessions.backends.{'cached_db' if SHARED_CACHE else 'db'}"
PAGE_CACHE_STAMP_SECONDS = env.int("PAGE_CACHE_STAMP_SECONDS", default=2)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "portal.User"
# django-axes first: it refuses a locked-out account or address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend; the user it loads for each request also says whether they have a
    # TMS course (the header's link), in the same query.
    "treatment.backends.CourseAwareBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English by default, Spanish for whoever asks: the header's switch (a cookie), then a signed-in
# account's language, then the browser's Accept-Language; the admin stays English (docs/i18n.md).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="America/New_York")
USE_I18N = True
# Dates as "Dec. 1, 2026" everywhere (portal/formats/en/formats.py).
FORMAT_MODULE_PATH = ["portal.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Compressed, content-hashed names in production; plain files while developing.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

# Patients' documents (intake/uploads.py): a private storage, never under a public URL, read
# only through the views that check access. The local file system by default; an S3-compatible
# bucket (django-storages) when DOCUMENTS_S3_BUCKET is set.
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
DOCUMENT_MAX_PIXELS = env.int("DOCUMENT_MAX_PIXELS", default=30_000_000)
DOCUMENTS_ROOT = env.path("DOCUMENTS_ROOT", default=BASE_DIR / "private" / "documents")
STORAGES["documents"] = documents_storage(env, DOCUMENTS_ROOT)

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
if env.str("EMAIL_URL", default="").startswith("filemail://"):
    EMAIL_CONFIG["EMAIL_FILE_PATH"] = email_file_path(env.str("EMAIL_URL"), base_dir=BASE_DIR)
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The address mails link to (they are sent by background tasks, which have no request).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Background work (portal/celery.py, docs/urgent-path.md). With no broker set, tasks run in the
# web process when the transaction commits: `make run` and the tests need no Redis.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
# Set-up data changes re-evaluate this many intakes a transaction (intake/services/reevaluation.py).
REEVALUATION_BATCH_SIZE = env.int("REEVALUATION_BATCH_SIZE", default=500)
# How many times a failed mail is tried again, with growing pauses (30 s, 1 min, 2 min ...).
MAIL_MAX_RETRIES = env.int("MAIL_MAX_RETRIES", default=8)

# The urgent path (docs/urgent-path.md): who is told of an item-9 answer above "Not at all"
# (comma-separated; empty: every active clinical reviewer), and after how many minutes an
# unacknowledged alert is sent again (to URGENT_ESCALATION_EMAILS, else the same list).
URGENT_ALERT_EMAILS = env.list("URGENT_ALERT_EMAILS", default=[])
URGENT_ESCALATION_EMAILS = env.list("URGENT_ESCALATION_EMAILS", default=[])
URGENT_ESCALATE_MINUTES = env.int("URGENT_ESCALATE_MINUTES", default=60)
# An intake sent more than this many days ago and still with the clinic is "overdue" on the
# reviewer's home and in the queue's filter (docs/review.md).
REVIEW_DUE_DAYS = env.int("REVIEW_DUE_DAYS", default=2)

# The TMS course (docs/course.md): check-in mails, authorization warnings.
CHECKIN_INTERVAL_DAYS = env.int("CHECKIN_INTERVAL_DAYS", default=7)
AUTH_WARN_SESSIONS = env.int("AUTH_WARN_SESSIONS", default=5)
AUTH_WARN_DAYS = env.int("AUTH_WARN_DAYS", default=7)

CELERY_BEAT_SCHEDULE = {
    "escalate-urgent-alerts": {
        "task": "intake.tasks.escalate_urgent_alerts_task",
        "schedule": 300.0,  # every 5 minutes
    },
    # A notes update whose worker stopped is marked and started again (intake/tasks.py).
    "restart-stalled-reevaluations": {
        "task": "intake.tasks.reevaluate_task",
        "schedule": 300.0,
    },
    # The PHQ-9 check-in mails of the courses (treatment/tasks.py); one per due date.
    "send-check-in-mails": {
        "task": "treatment.tasks.send_check_in_mails_task",
        "schedule": 3600.0,  # every hour
    },
    # Each day: the courses whose authorization runs low or ends soon (treatment/tasks.py).
    "authorization-warnings": {
        "task": "treatment.tasks.authorization_warnings_task",
        "schedule": 24 * 60 * 60.0,
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Transport security. All on when DEBUG is off; each can be turned off by a variable
# (for example SECURE_SSL_REDIRECT=false when a proxy already redirects).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# A load balancer's plain-HTTP health check must not be redirected.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE, LANGUAGE_COOKIE_HTTPONLY = SESSION_COOKIE_SECURE, True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"


WHITENOISE_ADD_HEADERS_FUNCTION = deny_framing
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto, set SECURE_PROXY_SSL_HEADER=true.
if env_bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# How many reverse proxies in front of the app append to X-Forwarded-For. 0 (the default):
# the sign-in lockout and the audit log use REMOTE_ADDR and ignore X-Forwarded-For, which a
# client can forge.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every line carries the id of its request (also sent as the X-Request-ID header).
    "filters": {"request_id": {"()": "portal.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Failed sign-ins and lockouts are warnings; axes' INFO lines (each success) are noise.
    "loggers": {"axes": {"level": env.str("AXES_LOG_LEVEL", default="WARNING")}},
}

# Boxes other apps add to education's article pages (education never imports them): each is a
# dotted path to a callable(request, article) returning HTML or None.
EDUCATION_ARTICLE_PANELS = ["intake.panels.article_panel"]
# The most answers one Q&A import may hold, in all and under one question (education/importer.py).
QA_IMPORT_MAX_ANSWERS = env.int("QA_IMPORT_MAX_ANSWERS", default=500)
QA_IMPORT_MAX_ANSWERS_PER_QUESTION = env.int("QA_IMPORT_MAX_ANSWERS_PER_QUESTION", default=50)
# An admin upload with more answers than this is imported by a background task, with a page
# that shows its progress (education/jobs.py); smaller files are imported at once.
QA_IMPORT_BACKGROUND_ANSWERS = env.int("QA_IMPORT_BACKGROUND_ANSWERS", default=50)

# --- Hardening: headers, sign-in lockout, idle sign-out, two-factor sign-in, error reports ---

# Content-Security-Policy (django-csp): no inline script or style anywhere, the admin included.
# Images may be data: URIs because Bootstrap draws its small icons (menu, select arrow) that way.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# Sign-in lockout (django-axes): after AXES_FAILURE_LIMIT failed sign-ins for one email, or
# from one address, sign-in is refused for AXES_COOLOFF_MINUTES. Staff unlock in the admin
# ("Access attempts": delete the row) or with `manage.py axes_reset`.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "portal.security.axes_username"
AXES_CLIENT_STR_CALLABLE = "portal.security.axes_client_str"
# The visitor's address comes from X-Forwarded-For only with TRUSTED_PROXY_COUNT set (above).
AXES_CLIENT_IP_CALLABLE = "portal.security.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_SENSITIVE_PARAMETERS = ["password", "username"]

# Emails the sign-up and password reset pages send, at most this many per email address and
# per client address in the window (portal/ratelimit.py; 0 turns a count off).
ACCOUNT_EMAIL_LIMIT_PER_ADDRESS = env.int("ACCOUNT_EMAIL_LIMIT_PER_ADDRESS", default=3)
ACCOUNT_EMAIL_LIMIT_PER_CLIENT = env.int("ACCOUNT_EMAIL_LIMIT_PER_CLIENT", default=100)
ACCOUNT_EMAIL_WINDOW_MINUTES = env.int("ACCOUNT_EMAIL_WINDOW_MINUTES", default=60)

# Idle sign-out, enforced on the server; the page warns a minute before.
PATIENT_IDLE_TIMEOUT_MINUTES = env.int("PATIENT_IDLE_TIMEOUT_MINUTES", default=30)
STAFF_IDLE_TIMEOUT_MINUTES = env.int("STAFF_IDLE_TIMEOUT_MINUTES", default=15)
# The youngest age at which a patient may sign up (18; 15 for a clinic that treats
# adolescents). A patient under 18 adds a parent or guardian and their consent to the intake.
PATIENT_MINIMUM_AGE = env.int("PATIENT_MINIMUM_AGE", default=18)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 60 * 60)

# Two-factor sign-in (django-otp): staff must use it for the admin unless this is off.
STAFF_2FA_REQUIRED = env_bool("STAFF_2FA_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = CLINIC_NAME

# Errors go to Sentry only when SENTRY_DSN is set, and without personal data.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from portal.logs import init_sentry

    init_sentry(SENTRY_DSN, environment=env.str("SENTRY_ENVIRONMENT", default="production"))
