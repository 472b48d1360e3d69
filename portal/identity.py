"""One normalised form of an email address (its *key*), so that every part of the portal that
asks "which account is this?" gives the same answer.

The key is the whole address, spaces trimmed, made with Unicode NFKC, then upper case, then
case folding, then NFKC again. Upper case first maps the letters that only look like ASCII
(U+0131 dotless i, U+017F long s, U+212A Kelvin sign) to their ASCII letter, as PostgreSQL's
``UPPER()`` does, so that "iris@example.com" spelt with dotless i's and ``IRIS@example.com``
have the key ``iris@example.com``. A dot above an "i" (from U+0130, capital I with dot) is
dropped for the same reason.

The domain is folded the same way as the local part: domains ignore case, and an
internationalised domain typed in Unicode stays in Unicode (a domain typed in its ``xn--``
form is a different key; nobody types both). The local part is folded too, although the mail
standard lets a server tell upper from lower case: no real mail service does, and treating
look-alikes as one address is the safe side (one account, one lockout, one limit).

The key is stored on the account (``User.email_key``, unique in the database) and used by
sign-in, the sign-in lockout, the email limits, sign-up and password reset. Mail always goes to
the address stored on the account (``User.email``, as its owner typed it), never to the
spelling someone typed in a form.
"""

import unicodedata


def email_key(value):
    """The key of an email address (see the module's text); "" for nothing."""
    text = unicodedata.normalize("NFKC", str(value or "").strip())
    folded = unicodedata.normalize("NFKC", text.upper().casefold())
    return folded.replace("i\u0307", "i")
