"""Compression of the public reading pages (the home page and everything under /learn/) for
anonymous visitors, with an ETag so that a browser's second visit can be answered "not
modified".

Why only these pages: compressing a response that holds a secret (a CSRF token, a patient's
answers) next to text someone else can put into the page (a search word, a link's query) lets an
attacker who sees the sizes on the wire guess the secret a character at a time (BREACH). The
reading pages an anonymous visitor gets hold no secret: no form that posts, no CSRF token, no
patient data. So a response is compressed only when all of these hold:

- the request is a GET or HEAD from someone not signed in;
- the page is the home page or an `education` page (`READING_PAGES`);
- the answer is a 200 HTML page that sets no cookie (rendering a CSRF token sets its cookie,
  starting a session or reading a message sets theirs), is not marked private, and holds no
  CSRF token field and no form that posts (but the language switch, which posts nothing secret
  and carries no token for a visitor: portal/i18n.py).

Everything else (signed-in pages, sign-in, sign-up, the intake, the admin) is sent as before.

The education pages' cache (education/page_cache.py) stores the page uncompressed, once, and
this middleware, listed before the session and CSRF middleware so that it sees every cookie they
set, compresses what it returns. The compressed bytes of the last pages served are kept in each
process (`MEMO_SIZE` pages), so a cached page is compressed once per process, not per request.
Brotli when the browser accepts it, else gzip; `Vary: Accept-Encoding` on every page that could
be compressed, so no shared cache hands a compressed page to a browser that cannot read it.
"""

import gzip
import hashlib
from functools import lru_cache

import brotli
from django.utils.cache import get_conditional_response, patch_vary_headers

READING_PAGES = {"namespaces": {"education"}, "view_names": {"home"}}
MEMO_SIZE = 256
MIN_BYTES = 200  # smaller answers gain nothing
BROTLI_QUALITY = 5  # about gzip's speed, smaller output; 11 takes ~40 times longer
GZIP_LEVEL = 6
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MATCH")  # the ones an ETag answers
# "br" first: the smaller of the two when a browser accepts both.
ENCODINGS = {
    "br": lambda body: brotli.compress(body, quality=BROTLI_QUALITY),
    "gzip": lambda body: gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0),
}


LANGUAGE_SWITCH = b'<form method="post" action="/i18n/setlang/"'


class Page:
    """What is known of one page's bytes: its tag, whether it holds a form, its compressed
    copies (made when first asked for)."""

    def __init__(self, body: bytes):
        self.body = body
        self.digest = hashlib.sha256(body).hexdigest()[:32]
        lowered = body.lower()
        posting = lowered.count(b'method="post"') - lowered.count(LANGUAGE_SWITCH)
        self.holds_form = b"csrfmiddlewaretoken" in lowered or posting > 0
        self.copies = {}

    def compressed(self, encoding: str) -> bytes:
        if encoding not in self.copies:
            self.copies[encoding] = ENCODINGS[encoding](self.body)
        return self.copies[encoding]


@lru_cache(maxsize=MEMO_SIZE)
def page_of(body: bytes) -> Page:
    return Page(body)


def accepted_encoding(header: str) -> str | None:
    """The encoding to send for an Accept-Encoding header ("br", "gzip" or None); one the
    browser refuses with q=0 is never chosen."""
    accepted = set()
    for part in header.split(","):
        name, _, params = part.partition(";")
        quality = params.strip()
        if quality.startswith("q="):
            try:
                if float(quality[2:]) <= 0:
                    continue
            except ValueError:
                continue
        accepted.add(name.strip().lower())
    return next((encoding for encoding in ENCODINGS if encoding in accepted), None)


def is_reading_page(request) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    return (
        match.namespace in READING_PAGES["namespaces"]
        or match.view_name in READING_PAGES["view_names"]
    )


def may_compress(request, response) -> bool:
    user = getattr(request, "user", None)
    if (
        request.method not in ("GET", "HEAD")
        or user is None
        or user.is_authenticated
        or not is_reading_page(request)
        or response.status_code != 200
        or response.streaming
        or response.cookies
        or response.has_header("Content-Encoding")
        or not response.get("Content-Type", "").startswith("text/html")
        or "private" in response.get("Cache-Control", "")
    ):
        return False
    return not page_of(response.content).holds_form


class ReadingPageCompressionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not may_compress(request, response):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        page = page_of(response.content)
        meta = request.META  # not request.headers, which copies every header on each request
        encoding = accepted_encoding(meta.get("HTTP_ACCEPT_ENCODING", ""))
        if len(page.body) < MIN_BYTES:
            encoding = None
        # Each representation has its own tag: a compressed copy is other bytes.
        response["ETag"] = f'"{page.digest}{"-" + encoding if encoding else ""}"'
        if any(header in meta for header in CONDITIONAL_HEADERS):
            answer = get_conditional_response(request, etag=response["ETag"], response=response)
            if answer is not response:
                return answer
        if encoding is None:
            return response
        response.content = page.compressed(encoding)
        response["Content-Encoding"] = encoding
        response["Content-Length"] = str(len(response.content))
        return response
