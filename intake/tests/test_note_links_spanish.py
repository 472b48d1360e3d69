"""A note's article link goes, for a Spanish reader, to the Spanish translation of the article
when one is published (education.services.in_language, called by Result.linked)."""

import pytest
from django.core.management import call_command
from django.utils import translation

from education.bundled import import_bundled_documents
from education.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def result():
    from intake.services.evaluation import evaluate_case_dict
    from intake.tests.test_eligibility_data import CONTRACT_CASE

    call_command("load_clinic_setup", verbosity=0)
    import_bundled_documents()
    return lambda: evaluate_case_dict(CONTRACT_CASE)


def link_urls(made):
    return {link.url for item in made.notes for link in item.links}


def test_a_spanish_reader_follows_a_note_to_the_spanish_article(result):
    with translation.override("en"):
        english = link_urls(result())
    counting = Article.objects.get(slug="what-counts-as-a-full-medicine-trial")
    assert counting.get_absolute_url() in english
    with translation.override("es"):
        spanish = link_urls(result())
    translated = counting.translations.get(language="es")
    assert translated.get_absolute_url() in spanish
    assert counting.get_absolute_url() not in spanish
    assert len(spanish) == len(english)


def test_an_unpublished_translation_is_not_linked(result):
    counting = Article.objects.get(slug="what-counts-as-a-full-medicine-trial")
    counting.translations.update(status=Article.Status.DRAFT)
    with translation.override("es"):
        assert counting.get_absolute_url() in link_urls(result())


def link_texts_of(made):
    return {link.url: link.text for item in made.notes for link in item.links}


def test_a_link_to_a_spanish_article_reads_its_spanish_title(result):
    """Staff write the link words in English: a Spanish reader's link to the Spanish answer is
    named by that answer's own title, not by English words."""
    counting = Article.objects.get(slug="what-counts-as-a-full-medicine-trial")
    translated = counting.translations.get(language="es")
    with translation.override("es"):
        texts = link_texts_of(result())
    assert texts[translated.get_absolute_url()] == translated.title
    with translation.override("en"):
        texts = link_texts_of(result())
    assert texts[counting.get_absolute_url()] != translated.title


def test_why_we_ask_links_a_spanish_reader_to_the_spanish_answers(result):
    from intake.services.evaluation import why_we_ask

    result()  # loads the set-up and the bundled documents
    with translation.override("en"):
        english = why_we_ask("antidepressants")
    with translation.override("es"):
        spanish = why_we_ask("antidepressants")
    assert english.links
    assert len(spanish.links) == len(english.links)
    for en_link, es_link in zip(english.links, spanish.links, strict=True):
        assert es_link.article.language == "es"
        assert es_link.article.translation_of_id == en_link.article.pk
        assert es_link.text == es_link.article.title
