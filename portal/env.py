"""Small helpers of portal/settings.py: reading true/false variables, the storage of patients'
documents, the folder of a ``filemail://`` EMAIL_URL, and the framing header of static files."""

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE, _FALSE = {"true", "on", "yes", "y", "1"}, {"false", "off", "no", "n", "0"}


def env_bool(name, *, default):
    """Read a true/false variable; a value that is neither stops the start instead of guessing."""
    value = environ.Env().str(name, default=str(default)).strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def email_file_path(url, *, base_dir):
    """The folder of a ``filemail://`` EMAIL_URL: everything after the scheme. django-environ
    reads ``filemail:///var/mail/portal`` as the relative ``var/mail/portal`` (and drops the
    first part of ``filemail://tmp/mails``); an absolute folder stays absolute here, and a
    relative one is taken from ``base_dir``."""
    folder = url.removeprefix("filemail://").split("?", 1)[0]
    return folder if folder.startswith("/") else str(base_dir / folder)


def deny_framing(headers, path, url):
    """WhiteNoise answers static files before Django's middleware: the same framing rule as
    X_FRAME_OPTIONS ("DENY") for every page."""
    headers["X-Frame-Options"] = "DENY"


def documents_storage(env, root):
    """The storage of patients' documents (intake/uploads.py): private, never under a public
    URL. An S3-compatible bucket (django-storages) when DOCUMENTS_S3_BUCKET is set, else the
    local folder ``root``, readable by the app's user only."""
    bucket = env.str("DOCUMENTS_S3_BUCKET", default="")
    if not bucket:
        return {
            "BACKEND": "intake.uploads.PrivateFileSystemStorage",
            "OPTIONS": {
                "location": root,
                "file_permissions_mode": 0o600,
                "directory_permissions_mode": 0o700,
            },
        }
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env.str("DOCUMENTS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("DOCUMENTS_S3_REGION", default="") or None,
            # Credentials: DOCUMENTS_S3_ACCESS_KEY_ID/SECRET_ACCESS_KEY, else boto3's own
            # (AWS_ACCESS_KEY_ID..., an instance role).
            "access_key": env.str("DOCUMENTS_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("DOCUMENTS_S3_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("DOCUMENTS_S3_PREFIX", default="documents"),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
