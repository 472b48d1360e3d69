"""A cache of the public reading pages (/learn/, a question, an article) as anonymous visitors
see them.

Rendering /learn/ takes tens of milliseconds; a cached copy is served in well under one. Each
copy is stored under the content's freshness stamp: the latest `updated` time and the row count
of questions and of articles, and the time the clinic's details (shown in the footer) changed.
Any save (the admin, the importer, publish/unpublish, a restore
from history) moves `updated`, and a delete moves the count, so a page stored under an older
stamp is never served again.

The stamp itself is kept in the configured cache (`CACHE_URL`) for `PAGE_CACHE_STAMP_SECONDS`,
so that a cached page costs no query at all. A save or delete of a question or an article
forgets it at once (and again when its transaction commits), so the next request reads the
stamp afresh from the database:
- in the process that made the change, and on every worker and host when the cache is shared
  (Redis, Memcached): at once;
- in other processes when the cache is each process's own memory (the default): within
  `PAGE_CACHE_STAMP_SECONDS` (2 by default), when their copy of the stamp expires. This bound
  also covers writes that send no signal (`QuerySet.update()`, SQL by hand).

Only anonymous GET/HEAD requests are cached, and only 200 responses that set no cookie: signed-in
visitors (the header differs) and staff (who see drafts) always get a fresh page. The copy is
kept uncompressed; portal/compression.py compresses it for each browser that asks.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils.translation import get_language

from portal.models import Clinic

from .models import Article, Question

TIMEOUT = 60 * 60  # a copy whose stamp is still current is still right; this only bounds memory
STAMP_KEY = "education:content-stamp"


def stamp_from_database() -> str:
    question, article = Question._meta.db_table, Article._meta.db_table
    clinic = Clinic._meta.db_table  # the footer shows the clinic's details
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(updated) FROM {question}), (SELECT COUNT(*) FROM {question}), "  # noqa: S608 - table names from the models
            f"(SELECT MAX(updated) FROM {article}), (SELECT COUNT(*) FROM {article}), "
            f"(SELECT MAX(updated) FROM {clinic})"
        )
        return "|".join(map(str, cursor.fetchone()))


def content_stamp() -> str:
    stamp = cache.get(STAMP_KEY)
    if stamp is None:
        stamp = stamp_from_database()
        cache.set(STAMP_KEY, stamp, settings.PAGE_CACHE_STAMP_SECONDS)
    return stamp


def forget_stamp(**kwargs):
    """Connected to the save and delete signals of questions, articles and the clinic's
    details (apps.py)."""
    cache.delete(STAMP_KEY)
    # A request between this signal and the commit may have read the old stamp again.
    transaction.on_commit(lambda: cache.delete(STAMP_KEY))


def cache_key(request) -> str:
    # One copy per language: the same address reads in English or Spanish (portal/i18n.py).
    raw = f"{content_stamp()}|{get_language()}|{request.build_absolute_uri()}"
    return "education:page:" + hashlib.sha256(raw.encode()).hexdigest()


def cached_for_visitors(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        key = cache_key(request)
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            if response.status_code == 200 and not response.cookies:
                cache.set(key, response, TIMEOUT)
        return response

    return wrapper
