"""A limit on the emails the account pages send (sign-up, password reset), so that the forms
cannot be used to flood someone's inbox.

Each send is counted twice in Django's cache, per email address (its key, portal/identity.py,
hashed: no address is kept)
and per client address (:func:`portal.security.client_ip`), over a fixed window of
``ACCOUNT_EMAIL_WINDOW_MINUTES``. Beyond ``ACCOUNT_EMAIL_LIMIT_PER_ADDRESS`` or
``ACCOUNT_EMAIL_LIMIT_PER_CLIENT`` the email is not sent; the page the visitor sees is the
same either way, so it tells nothing about the limit or about whether the address has an account.
A limit of 0 turns that count off.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache

from .identity import email_key
from .security import client_ip

logger = logging.getLogger(__name__)


def _now():
    return time.time()


def _count(key, limit, window):
    """One more send under ``key``; True while the count stays within ``limit``.

    The window's end is stored with the count, so that every cache backend keeps the same
    fixed window (some reset an entry's expiry on ``incr``). Two sends at the same instant may
    both pass: a limit on email, not a lock."""
    if limit <= 0:
        return True
    now = _now()
    count, ends = cache.get(key) or (0, now + window)
    if ends <= now:
        count, ends = 0, now + window
    count += 1
    cache.set(key, (count, ends), timeout=max(int(ends - now), 1))
    return count <= limit


def may_send_account_email(request, email):
    """Counts one account email to ``email`` asked by ``request``'s client; False when a limit
    is reached and the email must not be sent."""
    window = settings.ACCOUNT_EMAIL_WINDOW_MINUTES * 60
    digest = hashlib.sha256(email_key(email).encode("utf-8", "replace")).hexdigest()
    per_address = _count(
        f"account-email:address:{digest}", settings.ACCOUNT_EMAIL_LIMIT_PER_ADDRESS, window
    )
    per_client = _count(
        f"account-email:client:{client_ip(request) or 'unknown'}",
        settings.ACCOUNT_EMAIL_LIMIT_PER_CLIENT,
        window,
    )
    if not per_address:
        logger.warning("Account email not sent: the limit for one address was reached")
    if not per_client:
        logger.warning("Account email not sent: the limit for one client was reached")
    return per_address and per_client
