from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from education.rendering import json_for_html, render_markdown
from education.rendering import web_url as _web_url

register = template.Library()


@register.filter
def markdown(text, heading_offset=1):
    """Markdown rendered to sanitised HTML; ``|markdown:2`` starts its headings at h3."""
    return mark_safe(render_markdown(text or "", int(heading_offset)))  # noqa: S308 (cleaned by nh3)


@register.filter
def source_links(sources):
    """An article's sources as ``{"text", "href"}``: ``href`` only for an http or https
    address, so that anything else (``javascript:``, ``data:``) is shown as text, not linked."""
    links = []
    for source in sources or []:
        if not isinstance(source, dict):
            continue
        url = source.get("url") if isinstance(source.get("url"), str) else ""
        href = _web_url(url)
        text = source.get("label") or href or url.strip()
        if text:
            links.append({"text": str(text), "href": href})
    return links


@register.simple_tag
def json_ld(data):
    """schema.org data as ``<script type="application/ld+json">``: a data block, not a script,
    with ``<``, ``>`` and ``&`` escaped so no text in it can close the element."""
    if not data:
        return ""
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(json_for_html(data)),  # noqa: S308 (escaped by json_for_html)
    )


@register.filter
def lang_attr(item):
    """`` lang="en"`` on the element holding a question's or an article's text when it is not
    in the page's language (an English answer shown to a Spanish reader), else nothing."""
    language = getattr(item, "language", "") or ""
    if not language or language == (get_language() or "en").split("-")[0]:
        return ""
    return format_html(' lang="{}"', language)
