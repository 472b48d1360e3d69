"""Compression of the anonymous reading pages (portal/compression.py): the home page and the
/learn/ pages come compressed to a visitor's browser that asks, and decode to the same page;
nothing with a CSRF token, a cookie, a form that posts or a signed-in person's data is ever
compressed (BREACH); Content-Length, ETags and "not modified" answers stay right."""

import gzip

import brotli
import pytest
from django.urls import reverse

from education.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate"}
BOTH = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture
def article(db):
    return ArticleFactory(title="What a session feels like", body="Tapping. " * 200)


def reading_pages(article):
    return [
        reverse("home"),
        reverse("education:index"),
        article.question.get_absolute_url(),
        article.get_absolute_url(),
        reverse("education:search") + "?q=tapping",
    ]


def assert_sent_whole(response):
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert int(response["Content-Length"]) == len(response.content)
    assert b"<html" in response.content


def test_reading_pages_come_gzip_compressed_and_decode_to_the_same_page(client, article):
    for url in reading_pages(article):
        plain = client.get(url)
        assert_sent_whole(plain)
        packed = client.get(url, **GZIP)
        assert packed["Content-Encoding"] == "gzip", url
        assert int(packed["Content-Length"]) == len(packed.content)
        assert len(packed.content) < len(plain.content) / 2
        assert gzip.decompress(packed.content) == plain.content
        assert "Accept-Encoding" in packed["Vary"]
        assert "Accept-Encoding" in plain["Vary"]


def test_brotli_when_the_browser_accepts_it(client, article):
    url = article.get_absolute_url()
    plain = client.get(url).content
    packed = client.get(url, **BOTH)
    assert packed["Content-Encoding"] == "br"
    assert brotli.decompress(packed.content) == plain
    refused = client.get(url, HTTP_ACCEPT_ENCODING="br;q=0, gzip;q=0")
    assert_sent_whole(refused)


def test_head_has_the_compressed_length(client, article):
    url = article.get_absolute_url()
    packed = client.get(url, **GZIP)
    head = client.head(url, **GZIP)
    assert head["Content-Encoding"] == "gzip"
    assert head["Content-Length"] == packed["Content-Length"]


def test_the_page_cache_keeps_one_uncompressed_copy_for_every_browser(client, article):
    url = article.get_absolute_url()
    packed = client.get(url, **GZIP)  # rendered, stored, then compressed
    plain = client.get(url)  # from the page cache
    assert_sent_whole(plain)
    assert gzip.decompress(packed.content) == plain.content
    assert brotli.decompress(client.get(url, **BOTH).content) == plain.content


def test_a_signed_in_patients_pages_are_never_compressed(client, patient, article):
    client.force_login(patient)
    for url in [*reading_pages(article), reverse("intake:home"), reverse("my_data")]:
        response = client.get(url, **BOTH)
        assert_sent_whole(response)
        assert "Accept-Encoding" not in response.get("Vary", "")


def test_an_intake_step_is_never_compressed(client, patient):
    client.force_login(patient)
    response = client.get(reverse("intake:step", args=["about-you"]), **BOTH)
    assert_sent_whole(response)
    assert b"csrfmiddlewaretoken" in response.content


def test_a_staff_preview_is_never_compressed(editor_client, article):
    article.status = article.Status.DRAFT
    article.save()
    response = editor_client.get(article.get_absolute_url(), **BOTH)
    assert_sent_whole(response)
    assert "Preview" in response.content.decode() or "preview" in response.content.decode()


@pytest.mark.parametrize(
    "name", ["login", "signup", "password_reset", "two_factor_verify", "privacy_notice"]
)
def test_pages_with_a_csrf_token_or_outside_the_reading_pages_are_never_compressed(client, name):
    response = client.get(reverse(name), **BOTH)
    if response.status_code == 200:
        assert_sent_whole(response)
    assert "Content-Encoding" not in response


def test_the_intake_and_admin_are_never_compressed_for_visitors(client):
    for url in [reverse("intake:home"), reverse("admin:login")]:
        assert "Content-Encoding" not in client.get(url, **BOTH)


def test_a_missing_page_is_not_compressed(client, article):
    response = client.get(article.question.get_absolute_url() + "no-such-answer/", **BOTH)
    assert response.status_code == 404
    assert "Content-Encoding" not in response


@pytest.mark.urls("portal.tests.compression_urls")
@pytest.mark.parametrize(
    ("url", "compressed"),
    [
        ("/learn/plain/", True),
        ("/learn/uses-token/", False),
        ("/learn/token-field/", False),
        ("/learn/post-form/", False),
        ("/learn/sets-cookie/", False),
        ("/", False),  # a home page that grew a form with a CSRF token
    ],
)
def test_each_guard_holds_on_a_reading_page(client, url, compressed):
    response = client.get(url, **BOTH)
    assert response.status_code == 200
    assert ("Content-Encoding" in response) is compressed
    assert int(response["Content-Length"]) == len(response.content)


def test_a_browser_that_has_the_page_is_told_it_has_not_changed(client, article):
    url = article.get_absolute_url()
    for headers in ({}, GZIP, BOTH):
        first = client.get(url, **headers)
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"], **headers)
        assert again.status_code == 304
        assert again.content == b""
        assert again["ETag"] == first["ETag"]
    # Each representation has its own tag: a compressed copy's tag gets the whole page.
    plain_tag = client.get(url)["ETag"]
    assert plain_tag != client.get(url, **GZIP)["ETag"]
    response = client.get(url, HTTP_IF_NONE_MATCH=client.get(url, **GZIP)["ETag"])
    assert_sent_whole(response)


def test_an_edit_changes_the_tag_so_the_browser_gets_the_new_page(client, article):
    url = article.get_absolute_url()
    tag = client.get(url, **GZIP)["ETag"]
    article.title = "How a session feels"
    article.save()
    response = client.get(url, HTTP_IF_NONE_MATCH=tag, **GZIP)
    assert response.status_code == 200
    assert response["ETag"] != tag
    assert "How a session feels" in gzip.decompress(response.content).decode()


@pytest.mark.urls("portal.tests.compression_urls")
def test_a_reading_page_is_never_compressed_for_a_signed_in_person(client, patient):
    # A page with no form and no cookie: only the signed-in check keeps it whole.
    client.force_login(patient)
    client.get("/learn/plain/")  # the idle-timeout stamp is written on the first request
    response = client.get("/learn/plain/", **BOTH)
    assert not response.cookies
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert int(response["Content-Length"]) == len(response.content)
