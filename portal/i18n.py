"""The patient side in English or Spanish (docs/i18n.md).

Which language a page is in: the header's switch (Django's language cookie), then a signed-in
account's language, then the browser's Accept-Language; English when none of them says. The
admin stays in English. Mails go out in their recipient's language (``language_of``).
"""

from contextlib import contextmanager

from django.conf import settings
from django.middleware import locale
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views import i18n
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST


def supported(code):
    """``code`` as one of settings.LANGUAGES ("es-MX" is "es"), or None."""
    try:
        return translation.get_supported_language_variant(code) if code else None
    except LookupError:
        return None


def reader_language():
    """The language the current page is shown in, as one of settings.LANGUAGES ("en", "es")."""
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def language_of(user):
    """The language a person's pages and mails are in: their account's, else the default."""
    return supported(getattr(user, "language", "")) or settings.LANGUAGE_CODE


@contextmanager
def in_language_of(user):
    """Render (a mail, say) in ``user``'s language, whatever the current request's is."""
    with translation.override(language_of(user)):
        yield


def language_for(request):
    if request.path.startswith(reverse("admin:index")):
        return settings.LANGUAGE_CODE
    chosen = supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
    if chosen:
        return chosen
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and supported(user.language):
        return user.language
    return translation.get_language_from_request(request)


def remember_language(sender, request, user, **kwargs):
    """At sign-in, an account with no language yet (made before the portal spoke Spanish) takes
    the one its owner was reading in, so that signing in does not change the page's language
    and their mails follow it."""
    if not user.language:
        user.language = supported(translation.get_language()) or settings.LANGUAGE_CODE
        user.save(update_fields=["language"])


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's, with the account's language between the switch and the browser's; after
    AuthenticationMiddleware, which it reads."""

    def process_request(self, request):
        translation.activate(language_for(request))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response = super().process_response(request, response)
        # The switch's cookie changes the page as much as Accept-Language does.
        patch_vary_headers(response, ("Cookie",))
        return response


@csrf_exempt
@require_POST
def set_language(request):
    """Django's ``set_language``, which also keeps a signed-in person's choice on their account
    (their mails follow it). A visitor's switch needs no CSRF token, so that the cached reading
    pages carry none: choosing a language changes nothing but how pages read. A signed-in
    account's does, since it writes to the account."""
    if request.user.is_authenticated:
        return _set_account_language(request)
    return i18n.set_language(request)


@csrf_protect
def _set_account_language(request):
    response = i18n.set_language(request)
    asked = request.POST.get(i18n.LANGUAGE_QUERY_PARAMETER)
    if asked in dict(settings.LANGUAGES) and request.user.language != asked:
        request.user.language = asked
        request.user.save(update_fields=["language"])
    return response
