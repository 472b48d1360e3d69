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
