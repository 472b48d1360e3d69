"""A cache of the public reading pages (/learn/, a question, an article) as anonymous visitors
see them.

Rendering /learn/ with a thousand answers takes tens of milliseconds; a cached copy is served in
well under one. Each copy is stored under the content's freshness stamp: the latest `updated`
time and the row count of questions and of articles, read in one small query per request. Any
save (the admin, the importer, publish/unpublish, a restore from history) moves `updated`, and a
delete moves the count, so the next request misses the cache and renders the page afresh: on
every worker and every host, whatever cache backend is configured (even each process's own
memory), with no signal to send.

Only anonymous GET/HEAD requests are cached, and only 200 responses that set no cookie: signed-in
visitors (the header differs) and staff (who see drafts) always get a fresh page.
"""

import hashlib
from functools import wraps

from django.core.cache import cache
from django.db import connection

from .models import Article, Question

TIMEOUT = 60 * 60  # a copy whose stamp is still current is still right; this only bounds memory


def content_stamp() -> str:
    question, article = Question._meta.db_table, Article._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(updated) FROM {question}), (SELECT COUNT(*) FROM {question}), "  # noqa: S608 - table names from the models
            f"(SELECT MAX(updated) FROM {article}), (SELECT COUNT(*) FROM {article})"
        )
        return "|".join(map(str, cursor.fetchone()))


def cache_key(request) -> str:
    raw = f"{content_stamp()}|{request.build_absolute_uri()}"
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
