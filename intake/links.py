"""Links from notes and "why we ask" lines to the articles that explain them.

Each link is an article slug with the link text the patient reads, which says what they will
learn ("How doctors count a medicine trial"), not the article's bare title. They are stored on
``NoteText.article_slugs`` and ``StepHelp.article_slugs`` as a JSON list of
``{"slug": ..., "text": ...}``, and typed in the admin one per line as ``slug | link text``.
An older entry that is a bare slug still works: its link text is then the article's title.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

SEPARATOR = "|"


@dataclass(frozen=True)
class LinkSpec:
    """What staff set: which article, and the words of the link."""

    slug: str
    text: str = ""

    def as_json(self) -> dict[str, str]:
        return {"slug": self.slug, "text": self.text}

    def as_line(self) -> str:
        return f"{self.slug} {SEPARATOR} {self.text}" if self.text else self.slug


@dataclass(frozen=True)
class ArticleLink:
    """A link as a page shows it: ``url`` and ``text`` (templates use ``link.url`` and
    ``link.text``), with the article it points to."""

    url: str
    text: str
    article: Any  # education.models.Article


def parse_link(value: Any) -> LinkSpec | None:
    """One stored or typed link: ``{"slug", "text"}``, ``"slug | text"`` or ``"slug"``."""
    if isinstance(value, Mapping):
        slug, text = str(value.get("slug") or ""), str(value.get("text") or "")
    elif isinstance(value, str):
        slug, _, text = value.partition(SEPARATOR)
    else:
        return None
    slug, text = slug.strip(), " ".join(text.split())
    return LinkSpec(slug, text) if slug else None


def parse_links(values: Iterable[Any] | None) -> tuple[LinkSpec, ...]:
    return tuple(link for link in map(parse_link, values or ()) if link is not None)


def link_slugs(values: Iterable[Any] | None) -> tuple[str, ...]:
    """The article slugs of stored links, in order."""
    return tuple(link.slug for link in parse_links(values))


def links_json(links: Iterable[LinkSpec]) -> list[dict[str, str]]:
    return [link.as_json() for link in links]


def link_texts(values: Iterable[Any] | None) -> dict[str, str]:
    """{slug: link text} of stored links (slugs without a text are left out)."""
    return {link.slug: link.text for link in parse_links(values) if link.text}


def resolve(
    slugs: Iterable[str], articles: Mapping[str, Any], texts: Mapping[str, str] | None = None
) -> tuple[ArticleLink, ...]:
    """The links a page shows: the published articles among ``slugs`` (``articles`` holds only
    published ones, by slug), each with its link text, or the article's title if none is set.
    The link texts staff set are English: an article in another language (the reader's
    translation, education.services.in_language) is named by its own title."""
    texts = texts or {}
    return tuple(
        ArticleLink(
            articles[slug].get_absolute_url(),
            _link_text(articles[slug], texts.get(slug)),
            articles[slug],
        )
        for slug in slugs
        if slug in articles
    )


def _link_text(article: Any, text: str | None) -> str:
    if getattr(article, "language", "en") != "en":
        return article.title
    return text or article.title
