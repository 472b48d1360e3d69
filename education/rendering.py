"""Markdown to safe HTML, whoever wrote the Markdown.

Markdown passes raw HTML through, so its output is always cleaned by nh3 (the Rust ``ammonia``
sanitiser) against a short allow-list: no script, style, event attribute, ``javascript:`` link,
image, frame or form survives.
"""

import html
import json
from functools import lru_cache

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "sub", "sup", "small", "mark",
    "abbr", "cite", "q", "code", "pre", "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
    "a", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"scope"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


class _ShiftHeadings(Treeprocessor):
    """A body's "# Heading" sits below the page's own headings: h1 becomes h(1 + offset)."""

    def __init__(self, md, offset):
        super().__init__(md)
        self.offset = offset

    def run(self, root):
        for element in root.iter():
            if element.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
                element.tag = f"h{min(int(element.tag[1]) + self.offset, 6)}"


class _ShiftHeadingsExtension(Extension):
    def __init__(self, offset):
        super().__init__()
        self.offset = offset

    def extendMarkdown(self, md):
        md.treeprocessors.register(_ShiftHeadings(md, self.offset), "shift_headings", 5)


@lru_cache(maxsize=512)
def render_markdown(text: str, heading_offset: int = 1) -> str:
    """Safe HTML for ``text``; its headings start at h(1 + heading_offset)."""
    rendered = markdown.markdown(
        text or "",
        extensions=["sane_lists", "tables", _ShiftHeadingsExtension(heading_offset)],
        output_format="html",
    )
    return clean_html(rendered)


def clean_html(unsafe: str) -> str:
    return nh3.clean(
        unsafe,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


@lru_cache(maxsize=512)
def web_url(url) -> str:
    """``url`` when it is a web address (http or https), else "": what may go in an href.

    Sources are checked when staff type them (education.forms.SourcesField), but rows written
    another way (a data fix, an older import) must not put ``javascript:`` in a link."""
    if not isinstance(url, str):
        return ""
    text = url.strip()
    scheme, separator, rest = text.partition(":")
    if not separator or scheme.lower() not in ("http", "https") or not rest.startswith("//"):
        return ""
    if any(ord(char) < 32 or char.isspace() for char in text):
        return ""
    return text


def plain_text(text: str) -> str:
    """The words of a Markdown text, without any markup (for JSON-LD and snippets)."""
    rendered = markdown.markdown(text or "", extensions=["sane_lists", "tables"])
    words = nh3.clean(rendered, tags=set(), clean_content_tags={"script", "style"})
    # nh3 escapes the text it keeps; undo that for plain-text use (it is escaped again on output).
    return " ".join(html.unescape(words).split())


_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_for_html(data) -> str:
    """JSON safe to put inside an HTML element (as Django's json_script escapes it)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)
