"""The reading pages for a visitor whose browser asks for Spanish: the page's own words, its
dates and its metadata in Spanish; the clinic's articles as they are written (the content
helper's Spanish articles come separately). English visitors see the pages unchanged."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from education.models import Article

from .test_views import Q1, Q2, html_of, json_ld, make_content, queries_for

pytestmark = pytest.mark.django_db

SPANISH = {"accept-language": "es-US,es;q=0.9,en;q=0.5"}
# The page's own words that a Spanish reader must never see in English.
CHROME_IN_ENGLISH = [
    "Skip to main content",
    "Learn about TMS",
    "Search the answers",
    "Need help now?",
    "Privacy notice",
    "Sign in",
    ">Search<",
    "e.g. side effects",
]


def spanish(client, url, **params):
    html = html_of(client.get(url, params, headers=SPANISH))
    assert '<html lang="es">' in html
    for english in CHROME_IN_ENGLISH:
        assert english not in html, english
    return html


def test_learn_in_spanish(client, seeded):
    html = spanish(client, reverse("education:index"))
    assert "<title>Aprenda sobre la EMT |" in html
    assert '<h1 class="h2">Aprenda sobre la EMT</h1>' in html
    assert (
        "Respuestas a preguntas frecuentes sobre la estimulación magnética transcraneal (EMT)"
        in html
    )
    assert ">Buscar en las respuestas</label>" in html
    assert 'placeholder="p. ej., efectos secundarios"' in html
    assert "¿Necesita ayuda ahora?" in html
    assert "marque 2 o envíe “AYUDA” por mensaje de texto al 988" in html
    assert "Si está en peligro ahora mismo, llame al" in html


def test_a_question_page_in_spanish(client, seeded):
    html = spanish(client, reverse("education:question", args=[Q1]))
    assert "5 respuestas a esta pregunta." in html
    assert ">En esta página</h2>" in html
    assert "Leer “Brain Connectivity” en su propia página" in html
    assert "← Todas las preguntas sobre la EMT" in html
    assert 'aria-label="Ruta de navegación"' in html
    # The structured data names the text's language: this seeded question is English only.
    assert json_ld(html)["inLanguage"] == "en"


def test_an_article_in_spanish_with_its_review_dates_in_spanish(client, seeded):
    Article.objects.filter(slug="several-mechanisms").update(
        last_reviewed=datetime.date(2026, 12, 1),
        next_review_due=datetime.date(2027, 3, 1),
        reviewed_by="Dra. Ana Ruiz",
    )
    url = reverse("education:article", args=[Q1, "several-mechanisms"])
    html = spanish(client, url)
    assert "<dt>Última revisión</dt>" in html
    assert ">1 de diciembre de 2026</time> por Dra. Ana Ruiz" in html
    assert "<dt>Próxima revisión</dt>" in html
    assert ">1 de marzo de 2027</time>" in html
    assert ">Otras respuestas a esta pregunta</h2>" in html
    assert "← Volver a todas las respuestas a esta pregunta" in html
    assert ">Fuentes</h2>" in html
    data = json_ld(html)
    assert data["inLanguage"] == "en"  # the answer's own language: it has no translation
    assert data["about"]["name"] == "Estimulación magnética transcraneal"

    english = html_of(client.get(url, headers={"accept-language": "en-US"}))
    assert '<html lang="en">' in english
    assert ">Dec. 1, 2026</time> by Dra. Ana Ruiz" in english
    assert json_ld(english)["inLanguage"] == "en"


def test_an_unreviewed_article_says_so_in_spanish(client, seeded):
    html = spanish(client, reverse("education:article", args=[Q2, "yes"]))
    assert "Nuestro equipo clínico todavía no la ha revisado." in html


def test_search_in_spanish_with_results_with_none_and_with_too_long_a_query(client, seeded):
    search = reverse("education:search")
    html = spanish(client, search, q="magnetic")
    assert "respuestas para “magnetic”" in html
    assert "<title>Búsqueda: magnetic |" in html
    assert 'aria-current="page">Búsqueda</li>' in html

    html = spanish(client, search, q="zebra")
    assert "No encontramos respuestas para “zebra”" in html
    assert "Pruebe con otra palabra o una más corta" in html
    assert f'<a href="{reverse("education:index")}">vea todas las preguntas</a>' in html

    html = spanish(client, search)
    assert "¿Qué le gustaría saber?" in html

    html = spanish(client, search, q="x" * 201)
    assert "Cambie su búsqueda" in html
    assert "Esa búsqueda es demasiado larga" in html
    assert "200 caracteres como máximo" in html


def test_one_search_answer_is_singular_in_spanish(client):
    make_content(questions=1, answers_each=1)
    Article.objects.update(title="Mareos", summary="Mareos", body="Algunos sienten mareos.")
    html = spanish(client, reverse("education:search"), q="Mareos")
    assert "1 respuesta para “Mareos”" in html


def test_english_visitors_read_the_pages_as_before(client, seeded):
    html = html_of(client.get(reverse("education:index")))
    assert '<html lang="en">' in html
    assert '<h1 class="h2">Learn about TMS</h1>' in html
    html = html_of(client.get(reverse("education:question", args=[Q1])))
    assert "5 answers to this question." in html
    assert json_ld(html)["inLanguage"] == "en"
    html = html_of(client.get(reverse("education:search"), {"q": "zebra"}))
    assert "No answers found for “zebra”" in html


def test_a_spanish_page_is_cached_apart_and_runs_the_same_queries(client):
    question = make_content(questions=1, answers_each=3)
    article = question.articles.first()
    urls = {
        reverse("education:index"): 4 + 1,
        question.get_absolute_url(): 3 + 1,
        article.get_absolute_url(): 3 + 1,
    }
    # The same counts as in English (test_views.py), then none from the cache; the English
    # copy is kept apart and is still English.
    for url, count in urls.items():
        cache.clear()
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "es"
        assert len(queries_for(client, url)) == count
        assert len(queries_for(client, url)) == 0
        assert '<html lang="es">' in html_of(client.get(url))
        del client.defaults["HTTP_ACCEPT_LANGUAGE"]
        assert '<html lang="en">' in html_of(client.get(url))
