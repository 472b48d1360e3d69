"""Form pieces of the catalogue's admin: the ordered list of article links staff type one per
line, and what those links reach now."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from education.services import published_articles_by_slug

from ..links import LinkSpec, link_slugs, links_json, parse_link, parse_links
from ..wording import check_patient_wording

MAX_LINKS = 6
MAX_LINK_TEXT = 120


class ArticleLinksField(forms.CharField):
    """An ordered list of links, typed one per line as ``slug | link text``; cleaned to the
    stored form, a list of ``{"slug": ..., "text": ...}`` (intake/links.py)."""

    widget = forms.Textarea(attrs={"rows": 4, "cols": 80})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(link.as_line() for link in parse_links(value))
        return value

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return links_json(parse_links(value))
        links = []
        for line in (value or "").splitlines():
            if line.strip():
                links.append(_clean_line(line, seen={link.slug for link in links}))
        if len(links) > MAX_LINKS:
            raise ValidationError(
                "Link to at most %(max)s articles.", code="too_many", params={"max": MAX_LINKS}
            )
        return links_json(links)

    def has_changed(self, initial, data):
        return links_json(parse_links(initial)) != self.to_python(data)


def check_wording(text, field="patient_text"):
    check_patient_wording(text or "", field=field)


def linked_articles(links):
    """Which of these links reach a published article now (for staff)."""
    slugs = link_slugs(links)
    if not slugs:
        return "No links."
    found = published_articles_by_slug(slugs)
    return format_html_join(
        mark_safe("<br>"),
        "{}",
        (
            (
                format_html('<a href="{}">{}</a> ({})', found[s].get_absolute_url(), found[s], s)
                if s in found
                else format_html("{}: not published or not found, so not shown yet", s),
            )
            for s in slugs
        ),
    )


def _clean_line(line, *, seen):
    """One typed line as a link, or the ValidationError that says what to fix."""
    link = parse_link(line)
    word = link.slug if link else line.strip()
    slug = word.strip("/").rsplit("/", 1)[-1].lstrip("#")
    try:
        validate_slug(slug)
    except ValidationError:
        raise ValidationError(
            "“%(word)s” is not an article address: start the line with the last part of "
            "the article's web address, such as “one-medicine-or-two”, then “ | ” and "
            "the link text.",
            code="bad_slug",
            params={"word": word},
        ) from None
    if slug in seen:
        raise ValidationError(
            "“%(slug)s” is listed twice.", code="duplicate_slug", params={"slug": slug}
        )
    if not link.text:
        raise ValidationError(
            "Add the link text after “%(slug)s | ”: say what the reader will learn, "
            "such as “How doctors count a medicine trial”.",
            code="no_link_text",
            params={"slug": slug},
        )
    if len(link.text) > MAX_LINK_TEXT:
        raise ValidationError(
            "Keep each link text under %(max)s characters.",
            code="link_text_too_long",
            params={"max": MAX_LINK_TEXT},
        )
    check_patient_wording(link.text)
    return LinkSpec(slug, link.text)
