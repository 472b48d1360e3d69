"""Search over published articles.

PostgreSQL: full-text search on ``Article.search_vector`` (kept current by a trigger, indexed
with GIN; see migration 0002), ranked, with highlighted snippets. SQLite, the development
default: SQLite's FTS5 index ``education_article_fts`` with the porter stemmer (kept current by
triggers; see migration 0003), so word forms match on both ("seizure" finds "seizures",
"sessions" finds "session"); every word of the query must match. Any other database: every
word must appear in the title, summary or body.

A reader searches the articles in their language; a Spanish reader also finds the English ones
not translated yet (after the Spanish ones). On PostgreSQL each article is matched with its own
language's text search configuration ('spanish' or 'english', see migration 0006), so Spanish
word forms match ("sesiones" finds "sesión").
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .models import Article
from .rendering import plain_text

# PostgreSQL's text search configuration for each language.
CONFIGS = {"en": "english", "es": "spanish"}
MAX_RESULTS = 20
MAX_WORDS = 10
SNIPPET_CHARS = 220
# Marks around matched words that cannot occur in text: the text is escaped first, then these
# become <mark> elements, so nothing in an article's body can inject markup into a snippet.
_START, _STOP = "\ue000", "\ue001"


@dataclass
class Result:
    article: Article
    snippet: SafeString


def search_articles(query: str, *, limit: int = MAX_RESULTS, language=None) -> list[Result]:
    """Published articles matching ``query`` for a reader of ``language`` (default: the active
    language), best first."""
    if not query.strip():
        return []
    language = language or (get_language() or "en").split("-")[0]
    if connection.vendor == "postgresql":
        return _search_postgresql(query, limit, language)
    if connection.vendor == "sqlite":
        return _search_sqlite(query, limit, language)
    return _search_simple(query, limit, language)


def readable(language):
    """The published articles a reader of ``language`` may find: those in it and, for another
    language than English, the English originals not (yet) translated into it."""
    articles = Article.objects.published()
    if language == "en":
        return articles.filter(language="en")
    translated = Article.objects.published().filter(
        translation_of=OuterRef("pk"), language=language
    )
    return articles.filter(
        Q(language=language) | Q(language="en", translation_of__isnull=True) & ~Exists(translated)
    )


def _search_postgresql(query, limit, language):
    languages = [language] if language == "en" else [language, "en"]
    queries = {
        code: SearchQuery(query, config=CONFIGS.get(code, "simple"), search_type="websearch")
        for code in languages
    }
    matches = Q()
    for code, search_query in queries.items():
        matches |= Q(language=code, search_vector=search_query)
    articles = (
        readable(language)
        .filter(matches)
        .annotate(
            rank=_per_language({c: SearchRank(F("search_vector"), q) for c, q in queries.items()}),
            headline=_per_language(
                {
                    code: SearchHeadline(
                        "body",
                        search_query,
                        config=CONFIGS.get(code, "simple"),
                        start_sel=_START,
                        stop_sel=_STOP,
                        min_words=15,
                        max_words=35,
                    )
                    for code, search_query in queries.items()
                }
            ),
            own=_own_language_first(language),
        )
        .select_related("question")
        .defer("search_vector")
        .order_by("own", "-rank", "question__order", "order", "pk")[:limit]
    )
    return [Result(article, _highlight(plain_text(article.headline))) for article in articles]


# The FTS5 query: each word of the search, quoted (so AND, OR, NEAR and punctuation are plain
# words), all of them required. The index is joined to the articles, so one query finds, ranks
# (BM25, the title weighing most, then the summary) and makes each snippet.
_FTS_RANK = "bm25(education_article_fts, 10.0, 4.0, 1.0)"
_FTS_SNIPPET = "snippet(education_article_fts, 2, %s, %s, '…', 32)"
_FTS_OWN = "CASE WHEN education_article.language = %s THEN 0 ELSE 1 END"


def _per_language(expressions):
    """One expression per article language, as a CASE on the article's language."""
    *others, (_last, default) = expressions.items()
    if not others:
        return default
    return Case(*(When(language=code, then=e) for code, e in others), default=default)


def _own_language_first(language):
    return Case(When(language=language, then=Value(0)), default=Value(1))


def _search_sqlite(query, limit, language):
    words = re.findall(r"\w+", query)[:MAX_WORDS]
    if not words:
        return []
    match = " ".join('"{}"'.format(word.replace('"', '""')) for word in words)
    # extra(): Django has no expression for joining a virtual table; the SQL is constant and
    # the search words are a parameter.
    articles = (
        readable(language)
        .extra(  # noqa: S610
            tables=["education_article_fts"],
            where=[
                "education_article_fts.rowid = education_article.id",
                "education_article_fts MATCH %s",
            ],
            params=[match],
            select={"rank": _FTS_RANK, "snippet": _FTS_SNIPPET, "own": _FTS_OWN},
            select_params=[_START, _STOP, language],
        )
        .select_related("question")
        .order_by("own", "rank", "question__order", "order", "pk")[:limit]
    )
    return [Result(article, _highlight(plain_text(article.snippet))) for article in articles]


def _search_simple(query, limit, language):
    words = [word for word in query.split() if word][:MAX_WORDS]
    condition = Q()
    for word in words:
        condition &= Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
    articles = readable(language).filter(condition).select_related("question")
    return [
        Result(article, _highlight(_marked_excerpt(plain_text(article.body), words)))
        for article in articles[:limit]
    ]


def _marked_excerpt(text, words):
    """About SNIPPET_CHARS of ``text`` around the first matched word, matches marked."""
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    first = pattern.search(text)
    start = 0 if first is None else max(0, first.start() - SNIPPET_CHARS // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    excerpt = text[start : start + SNIPPET_CHARS]
    if start + SNIPPET_CHARS < len(text):
        excerpt = excerpt.rsplit(" ", 1)[0] + " …"
    if start:
        excerpt = "… " + excerpt
    return pattern.sub(lambda m: f"{_START}{m.group(0)}{_STOP}", excerpt)


def _highlight(text):
    marked = escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(marked)  # noqa: S308 (escaped above; only our own <mark> added)
