"""A source becomes a link only when its address is http or https; anything else that reached
the database some other way than the admin form (which refuses it) is shown as plain text."""

import json
import re

import pytest

from education.rendering import web_url

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example.com/x",
    "https:alert(1)",
    "http://exa mple.org/",
    "ftp://files.example.org/a",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_an_address_that_is_not_http_or_https_is_never_a_link(client, url):
    article = ArticleFactory(sources=[{"url": url, "label": ""}, {"url": url, "label": "Named"}])
    for page in [article.get_absolute_url(), article.question.get_absolute_url()]:
        html = client.get(page).content.decode()
        sources = re.search(r'<ul class="article-sources small">(.*?)</ul>', html, re.S).group(1)
        assert "<a " not in sources
        assert "Named" in sources  # still listed, as text
        assert 'href="javascript' not in html.lower()
        assert 'href="data:' not in html
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert url not in json.dumps(json.loads(ld))


def test_web_addresses_are_links_with_their_label(client):
    article = ArticleFactory(
        sources=[
            {"url": "https://example.org/a", "label": "A study"},
            {"url": "http://example.org/b", "label": ""},
            {"url": "javascript:alert(1)", "label": "Bad"},
        ]
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<a href="https://example.org/a" rel="noopener noreferrer nofollow">A study</a>' in html
    assert '<a href="http://example.org/b" rel="noopener noreferrer nofollow">' in html
    assert "<li>Bad</li>" in html


def test_sources_that_are_not_even_records_do_not_break_the_page(client):
    article = ArticleFactory(sources=["javascript:alert(1)", 7, None, {"label": "no url"}])
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert 'href="javascript' not in response.content.decode()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1#c", "https://example.org/a?b=1#c"),
        ("HTTP://EXAMPLE.ORG", "HTTP://EXAMPLE.ORG"),
        (" https://example.org ", "https://example.org"),
        ("javascript:alert(1)", ""),
        ("https://exa\nmple.org", ""),
        (None, ""),
        (42, ""),
    ],
)
def test_web_url(url, expected):
    assert web_url(url) == expected
