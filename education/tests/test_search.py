"""Search: full-text on PostgreSQL, a simple match on SQLite; the same answers on both."""

import pytest
from django.urls import reverse

from education.models import Article

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


def search(client, q):
    response = client.get(reverse("education:search"), {"q": q})
    assert response.status_code == 200
    return response


def titles(response):
    return [result.article.title for result in response.context["results"]]


def test_pyramidal_finds_dual_mechanism(client, seeded):
    response = search(client, "pyramidal")
    assert titles(response)[0] == "Dual mechanism"
    html = response.content.decode()
    assert "<mark>pyramidal</mark>" in html
    assert 'href="/learn/can-you-explain-the-method-of-transcranial/dual-mechanism/"' in html


def test_insurance_finds_looks_promising(client, seeded):
    response = search(client, "insurance")
    assert titles(response) == ["Looks promising"]
    assert "<mark>insurance</mark>" in response.content.decode()


def test_several_words_must_all_match(client, seeded):
    assert titles(search(client, "insurance dallas")) == ["Looks promising"]
    assert titles(search(client, "insurance pyramidal")) == []


def test_a_title_word_finds_its_article(client, seeded):
    assert "Mixed results" in titles(search(client, "mixed"))


def test_drafts_and_unpublished_questions_are_not_found(client, seeded):
    Article.objects.filter(slug="dual-mechanism").update(status=Article.Status.DRAFT)
    ArticleFactory(body="Pyramidal but hidden.", question__is_published=False)
    assert titles(search(client, "pyramidal")) == []


def test_a_search_with_no_match_says_what_to_try(client, seeded):
    html = search(client, "zebra").content.decode()
    assert "No answers found for “zebra”" in html
    assert "browse all questions" in html


def test_an_empty_search_invites_a_question(client, seeded):
    for response in [client.get(reverse("education:search")), search(client, "   ")]:
        assert response.status_code == 200
        assert "What would you like to know?" in response.content.decode()


def test_a_very_long_search_asks_for_fewer_words(client, seeded):
    html = search(client, "pyramidal " * 100).content.decode()
    assert "That search is too long" in html
    assert 'aria-invalid="true"' in html


@pytest.mark.parametrize(
    "query",
    [
        "\x00",
        "pyra\x00midal",
        "!!!",
        "?",
        "&&&|||!!!",
        "'; DROP TABLE education_article; --",
        '" OR 1=1 --',
        "<script>alert(1)</script>",
        "%",
        "_",
        "\\",
        "(((",
        ":*",
        "-",
        "the",
        "🧠 TMS",
        "a" * 200,
        "x" * 1000,
    ],
)
def test_odd_searches_show_a_helpful_page_not_an_error(client, seeded, query):
    response = search(client, query)
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "Search the answers" in html
    assert Article.objects.count() == 10


def test_a_nul_byte_is_ignored_not_an_error(client, seeded):
    assert titles(search(client, "insurance\x00")) == ["Looks promising"]


def test_snippets_escape_what_the_body_holds(client):
    ArticleFactory(body="Pyramidal <b onclick=alert(1)>cells</b> & more.")
    html = search(client, "pyramidal").content.decode()
    assert "onclick" not in html
    assert "<mark>Pyramidal</mark>" in html


def test_an_edit_is_searchable_at_once_however_it_was_saved(client, seeded):
    # A bulk update bypasses save(): on PostgreSQL the trigger still refreshes the vector.
    Article.objects.filter(slug="rtms").update(body="The coil sits near the zygomatic arch.")
    assert titles(search(client, "zygomatic")) == ["RTMS"]
    assert titles(search(client, "anesthesia")) == []


# --- word forms: the same on SQLite (FTS5, porter) and PostgreSQL (English stemming) ----------


@pytest.fixture
def library(db):
    """Every bundled document, imported as `make run` does."""
    from .test_starter_library import import_all

    import_all()


@pytest.mark.parametrize(
    ("query", "title", "word"),
    [
        ("seizure", "Seizure risk", "seizures"),
        ("seizures", "Seizure risk", "seizure"),
        ("sessions", "A usual course", "session"),
        ("session", "A usual course", "sessions"),
    ],
)
def test_a_word_finds_its_other_forms(client, library, query, title, word):
    response = search(client, query)
    found = {result.article.title: result for result in response.context["results"]}
    assert title in found, list(found)
    article = Article.objects.get(title=title)
    assert word in article.body.lower()
    assert "<mark>" in response.content.decode()


def test_seizure_finds_the_answers_that_say_seizures(client, library):
    found = titles(search(client, "seizure"))
    assert found[0] == "Seizure risk"
    assert "Health history a clinician reviews" in found


def test_an_fts_word_like_near_or_not_is_searched_as_a_word(client, library):
    assert titles(search(client, "NOT")) == titles(search(client, "not"))
    assert titles(search(client, 'seizure" OR "x')) == []


def test_a_deleted_article_is_no_longer_found(client, library):
    Article.objects.filter(title="Seizure risk").delete()
    assert "Seizure risk" not in titles(search(client, "seizure"))
