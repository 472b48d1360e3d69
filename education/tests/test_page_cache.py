"""The reading pages' cache (education/page_cache.py): a cached page costs no query, and any
save, delete, publish or unpublish of a question or an article shows on the next request; a
write that sends no signal (another process, `QuerySet.update()`) shows once the kept stamp
expires, after PAGE_CACHE_STAMP_SECONDS."""

import time

import pytest
from django.core.cache import cache
from django.core.cache.backends import locmem
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from education import page_cache, services
from education.models import Article

from .factories import ArticleFactory, QuestionFactory

pytestmark = pytest.mark.django_db

INDEX = reverse("education:index")


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def served_from_cache(client, url):
    with CaptureQueriesContext(connection) as queries:
        html = html_of(client, url)
    # The request's own transaction is a savepoint pair inside the test's: not a query.
    return html, not [q for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]


@pytest.fixture
def article(db):
    return ArticleFactory(title="The first title")


def pages(article):
    return [INDEX, article.question.get_absolute_url(), article.get_absolute_url()]


def test_a_page_shown_again_comes_from_the_cache_without_a_query(client, article):
    for url in pages(article):
        html, cached = served_from_cache(client, url)
        assert not cached
        html_again, cached = served_from_cache(client, url)
        assert cached
        assert html_again == html


def test_saving_an_article_shows_at_once(client, article):
    for url in pages(article):
        html_of(client, url)
    article.title = "A corrected title"
    article.save()
    for url in pages(article):
        html, cached = served_from_cache(client, url)
        assert "A corrected title" in html
        assert not cached


def test_saving_a_question_shows_at_once(client, article):
    html_of(client, INDEX)
    question = article.question
    question.text = "A reworded question?"
    question.save()
    assert "A reworded question?" in html_of(client, INDEX)


def test_deleting_an_article_shows_at_once(client, article):
    other = ArticleFactory(question=article.question, title="Soon to be gone")
    assert "Soon to be gone" in html_of(client, INDEX)
    other.delete()
    assert "Soon to be gone" not in html_of(client, INDEX)
    assert "Soon to be gone" not in html_of(client, article.question.get_absolute_url())


def test_publishing_and_unpublishing_show_at_once(client, article):
    draft = ArticleFactory(
        question=article.question, title="Waiting for review", status=Article.Status.DRAFT
    )
    assert "Waiting for review" not in html_of(client, INDEX)
    services.set_status(articles=[draft], status=Article.Status.PUBLISHED)
    assert "Waiting for review" in html_of(client, INDEX)
    assert html_of(client, draft.get_absolute_url())
    services.set_status(articles=[draft], status=Article.Status.DRAFT)
    assert "Waiting for review" not in html_of(client, INDEX)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_publishing_from_the_admin_shows_at_once(client, admin_client, article):
    draft = ArticleFactory(
        question=article.question, title="Waiting for review", status=Article.Status.DRAFT
    )
    assert "Waiting for review" not in html_of(client, INDEX)
    response = admin_client.post(
        reverse("admin:education_article_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302
    assert "Waiting for review" in html_of(client, INDEX)


def test_the_stamp_is_forgotten_again_when_the_edit_commits(
    article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "A corrected title"
        article.save()
        # A request between the save and the commit reads the old stamp and keeps it...
        cache.set(page_cache.STAMP_KEY, "stale", 60)
    # ...until the commit forgets it again.
    assert cache.get(page_cache.STAMP_KEY) is None


class _Later:
    """The time as the local-memory cache sees it, some seconds from now."""

    def __init__(self, seconds):
        self.seconds = seconds

    def time(self):
        return time.time() + self.seconds


def test_an_edit_that_sends_no_signal_shows_once_the_kept_stamp_expires(
    client, article, settings, monkeypatch
):
    """As an edit made by another worker looks to this one when the cache is not shared."""
    settings.PAGE_CACHE_STAMP_SECONDS = 2
    assert "The first title" in html_of(client, INDEX)
    Article.objects.filter(pk=article.pk).update(title="Edited elsewhere", updated=timezone.now())
    assert "The first title" in html_of(client, INDEX)  # within the bound: the cached copy
    monkeypatch.setattr(locmem, "time", _Later(settings.PAGE_CACHE_STAMP_SECONDS + 1))
    assert "Edited elsewhere" in html_of(client, INDEX)


def test_with_no_stamp_kept_every_request_checks_the_database(client, article, settings):
    settings.PAGE_CACHE_STAMP_SECONDS = 0
    assert "The first title" in html_of(client, INDEX)
    Article.objects.filter(pk=article.pk).update(title="Edited elsewhere", updated=timezone.now())
    assert "Edited elsewhere" in html_of(client, INDEX)


def test_a_new_question_shows_at_once(client, article):
    html_of(client, INDEX)
    ArticleFactory(question=QuestionFactory(text="A brand new question?"))
    assert "A brand new question?" in html_of(client, INDEX)


def test_each_language_has_its_own_copy(client, article):
    english = html_of(client, INDEX)
    spanish = client.get(INDEX, headers={"accept-language": "es"}).content.decode()
    assert '<html lang="es">' in spanish
    assert '<html lang="en">' in english
    # Asked again, each language is served from its own copy.
    assert '<html lang="en">' in served_from_cache(client, INDEX)[0]
    again = client.get(INDEX, headers={"accept-language": "es"}).content.decode()
    assert '<html lang="es">' in again
