"""Content in Spanish: a question or an answer may have a translation (Question/Article
``language`` and ``translation_of``); the bundled Spanish starter library translates the English
one question by question and answer by answer; a Spanish reader reads Spanish where there is
some, and English marked "Solo en inglés" where there is not; pages link to each other."""

import re
from io import StringIO

import pytest
import textstat
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from education import services
from education.bundled import CONTENT, bundled_documents, import_bundled_documents
from education.importer import parse_document
from education.models import Article, Question
from education.search import search_articles

ENGLISH = CONTENT / "tms-starter-library.txt"
SPANISH = CONTENT / "tms-starter-library.es.txt"
SEED = CONTENT / "tms-qa.txt"
MIN_FERNANDEZ_HUERTA = 70  # "fácil" (easy) on Fernández-Huerta's scale

pytestmark = pytest.mark.django_db


def importing(path, *args):
    out = StringIO()
    call_command("import_qa", str(path), *args, stdout=out)
    return out.getvalue()


def spanish(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    return client


def html(response):
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def library():
    import_bundled_documents()


# --- the document ---------------------------------------------------------------------------


def spanish_answers():
    return [a for q in parse_document(SPANISH.read_bytes()) for a in q.answers]


@pytest.mark.django_db(False)
@pytest.mark.parametrize("answer", spanish_answers(), ids=lambda a: a.slug)
def test_each_spanish_answer_is_easy_to_read(answer):
    textstat.set_lang("es")
    try:
        score = textstat.fernandez_huerta(answer.body)
    finally:
        textstat.set_lang("en_US")
    assert score >= MIN_FERNANDEZ_HUERTA, (score, answer.body)
    assert not re.search(r"https?:", answer.body)


@pytest.mark.django_db(False)
def test_the_spanish_library_translates_every_question_and_answer_with_the_same_sources():
    english, translated = parse_document(ENGLISH.read_bytes()), parse_document(SPANISH.read_bytes())
    assert len(translated) == len(english)
    for es, en in zip(translated, english, strict=True):
        assert es.text.startswith("¿")
        assert len(es.answers) == len(en.answers), es.text
        for answer, original in zip(es.answers, en.answers, strict=True):
            assert answer.sources == original.sources, answer.title
    words = SPANISH.read_text().lower()
    for never in ("elegible", "aprobado", "rechazado", "califica", "apto", "descalificado"):
        assert not re.search(rf"\b{never}", words), never
    assert "estimulación magnética transcraneal (EMT)" in SPANISH.read_text()


@pytest.mark.django_db(False)
def test_bundled_documents_import_english_first():
    documents = bundled_documents()
    assert documents.index(SPANISH) > documents.index(ENGLISH)
    assert documents[-1] == SPANISH


# --- importing ------------------------------------------------------------------------------


def test_the_spanish_document_pairs_each_question_and_answer_with_its_original(library):
    english = list(Question.objects.filter(language="en", translation_of=None)[2:])
    translations = list(Question.objects.filter(language="es"))
    assert len(translations) == len(english) == 10
    for question, original in zip(translations, english, strict=True):
        assert question.translation_of == original
        assert question.order == original.order
        assert question.is_published
        answers = list(question.articles.order_by("order"))
        originals = list(original.articles.order_by("order"))
        assert [a.translation_of for a in answers] == originals
        assert {a.language for a in answers} == {"es"}
    assert Question.objects.get(slug="que-es-el-phq-9-y-que-quiere-decir-mi-puntaje")
    # The seed Q&A stays English only.
    seed = Question.objects.filter(language="en")[:2]
    assert not Question.objects.filter(translation_of__in=seed).exists()


def test_importing_the_spanish_document_again_changes_nothing(library):
    count = Article.objects.count()
    output = importing(SPANISH)
    assert "Created 0, updated 0, kept 0, unchanged 28" in output
    assert Article.objects.count() == count


def test_the_spanish_document_before_its_english_original_imports_nothing():
    importing(SEED)
    with pytest.raises(CommandError, match=r"is not imported yet\. Import the English document"):
        importing(SPANISH)
    assert not Question.objects.filter(language="es").exists()


def test_a_translation_with_a_question_missing_imports_nothing(tmp_path):
    importing(ENGLISH)
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "library.txt").write_bytes(ENGLISH.read_bytes())
    text = SPANISH.read_text()
    short = text[: text.index("¿Qué debo traer")]
    (folder / "library.es.txt").write_text(short)
    with pytest.raises(CommandError, match="9 questions and the English document 10"):
        importing(folder / "library.es.txt")
    assert not Question.objects.filter(language="es").exists()


def test_a_translation_with_an_answer_missing_imports_nothing(tmp_path):
    importing(ENGLISH)
    (tmp_path / "library.txt").write_bytes(ENGLISH.read_bytes())
    lines = SPANISH.read_text().splitlines()
    lines = [line for line in lines if not line.startswith("Grupos de medicamentos.")]
    (tmp_path / "library.es.txt").write_text("\n".join(lines))
    with pytest.raises(CommandError, match="4 answers and its English original"):
        importing(tmp_path / "library.es.txt")
    assert not Article.objects.filter(language="es").exists()


def test_a_spanish_file_without_its_english_document_beside_it_is_refused(tmp_path):
    (tmp_path / "alone.es.txt").write_bytes(SPANISH.read_bytes())
    with pytest.raises(CommandError, match=r"translates alone\.txt, which is not beside it"):
        importing(tmp_path / "alone.es.txt")


def test_the_language_option_imports_any_file_as_spanish(tmp_path):
    path = tmp_path / "preguntas.txt"
    path.write_text(
        "¿Qué es la EMT?\nUna respuesta corta. La EMT usa un imán para tratar la depresión.\n"
    )
    assert "Created 1" in importing(path, "--language", "es")
    question = Question.objects.get()
    assert (question.language, question.translation_of) == ("es", None)
    assert question.articles.get().language == "es"


def test_a_translation_is_never_english_and_one_per_language():
    original = Question.objects.create(text="Why?", slug="why", is_published=True)
    with transaction.atomic(), pytest.raises(IntegrityError):
        Question.objects.create(text="Why not?", slug="why-not", translation_of=original)
    Question.objects.create(
        text="¿Por qué?", slug="por-que", language="es", translation_of=original
    )
    with transaction.atomic(), pytest.raises(IntegrityError):
        Question.objects.create(
            text="¿Por qué no?", slug="por-que-no", language="es", translation_of=original
        )


# --- reading --------------------------------------------------------------------------------


def test_a_spanish_reader_sees_spanish_and_english_only_questions_marked(client, library):
    page = html(spanish(client).get(reverse("education:index")))
    assert "¿Qué es el PHQ-9 y qué quiere decir mi puntaje?" in page
    assert "What is the PHQ-9, and what does my score mean?" not in page  # translated: not twice
    # The seed Q&A has no translation: shown in English, marked, its text in lang="en".
    seed = Question.objects.filter(language="en").first()
    assert seed.text in page
    section = page.split(f'id="q-{seed.slug}"')[0].rsplit("<section", 1)[1]
    assert 'lang="en"' in section
    assert "Solo en inglés" in section
    assert page.count("Solo en inglés") == 2


def test_an_english_reader_sees_only_english(client, library):
    page = html(client.get(reverse("education:index")))
    assert "What is the PHQ-9, and what does my score mean?" in page
    assert "¿Qué es el PHQ-9" not in page
    assert "Solo en inglés" not in page
    assert "Only in English" not in page
    assert 'lang="en"' not in page.split("<html", 1)[1].split(">", 1)[1]


def test_question_pages_link_to_each_other(client, library):
    spanish_question = Question.objects.get(slug="que-es-el-phq-9-y-que-quiere-decir-mi-puntaje")
    english_question = spanish_question.translation_of
    page = html(client.get(english_question.get_absolute_url()))
    url = spanish_question.get_absolute_url()
    link = f'<a href="{url}" lang="es" hreflang="es">Leer en español</a>'
    assert link in page
    assert (
        f'<link rel="alternate" hreflang="es" href="http://testserver{spanish_question.get_absolute_url()}">'
        in page
    )
    page = html(spanish(client).get(spanish_question.get_absolute_url()))
    url = english_question.get_absolute_url()
    link = f'<a href="{url}" lang="en" hreflang="en">Read in English</a>'
    assert link in page
    assert "Qué quiere decir el puntaje" in page
    assert '<html lang="es"' in page


def test_article_pages_link_to_each_other(client, library):
    article = Article.objects.get(slug="riesgo-de-convulsion")
    original = article.translation_of
    assert original.slug == "seizure-risk"
    page = html(spanish(client).get(article.get_absolute_url()))
    assert f'href="{original.get_absolute_url()}" lang="en" hreflang="en">Read in English' in page
    assert "Una convulsión durante la EMT es rara." in page
    assert '<article class="learn-article" aria-labelledby' in page  # Spanish: no lang of its own
    page = html(client.get(original.get_absolute_url()))
    assert f'href="{article.get_absolute_url()}" lang="es" hreflang="es">Leer en español' in page


def test_an_english_only_article_says_so_to_a_spanish_reader(client, library):
    article = Article.objects.filter(language="en", translations=None).first()
    page = html(spanish(client).get(article.get_absolute_url()))
    assert "Por ahora, esta página solo está en inglés." in page
    assert '<article class="learn-article" lang="en"' in page
    assert '<html lang="es"' in page
    page = html(client.get(article.get_absolute_url()))
    assert "only in English" not in page
    assert "Leer en español" not in page


@pytest.mark.parametrize("url_of", ["index", "question", "article"])
def test_reading_pages_run_the_same_queries_in_spanish(client, library, url_of):
    from django.core.cache import cache

    article = Article.objects.get(slug="riesgo-de-convulsion")
    url = {
        "index": reverse("education:index"),
        "question": article.question.get_absolute_url(),
        "article": article.get_absolute_url(),
    }[url_of]
    counts = []
    for reader in (client, spanish(client)):
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            html(reader.get(url))
        counts.append(len([q for q in context.captured_queries if "SAVEPOINT" not in q["sql"]]))
    assert counts[0] == counts[1] == {"index": 5, "question": 4, "article": 4}[url_of]


# --- notes' links and search ----------------------------------------------------------------


def test_in_language_swaps_an_article_for_its_published_translation(
    library, django_assert_num_queries
):
    found = services.published_articles_by_slug(["seizure-risk", "tms-experience"])
    with django_assert_num_queries(0):
        assert services.in_language(found, "en") is found
    with django_assert_num_queries(1):
        swapped = services.in_language(found, "es")
    assert swapped["seizure-risk"].slug == "riesgo-de-convulsion"
    assert swapped["seizure-risk"].get_absolute_url().startswith("/learn/cuales-son")
    assert swapped["tms-experience"] == found["tms-experience"]  # not translated: English
    Article.objects.filter(slug="riesgo-de-convulsion").update(status=Article.Status.DRAFT)
    assert services.in_language(found, "es")["seizure-risk"].slug == "seizure-risk"


def test_a_spanish_reader_searches_spanish_and_untranslated_english(library):
    titles = [r.article.title for r in search_articles("convulsión", language="es")]
    assert "Riesgo de convulsión" in titles
    assert all(Article.objects.get(title=t).language == "es" for t in titles)
    assert not search_articles("convulsión", language="en")
    # English answers with no translation are found too, after the Spanish ones.
    results = [r.article for r in search_articles("EMT brain", language="es")]
    assert not results
    english = [r.article for r in search_articles("brain", language="es")]
    assert english
    assert all(a.translations.count() == 0 for a in english)
    assert "Brain Connectivity" in [a.title for a in english]
    assert "Seizure risk" not in [
        r.article.title for r in search_articles("seizure", language="es")
    ]
    assert "Seizure risk" in [r.article.title for r in search_articles("seizure", language="en")]


def test_search_in_spanish_ignores_accents_and_plurals(library):
    for query in ("convulsion", "convulsiones", "sesiones", "sesion"):
        titles = [r.article.title for r in search_articles(query, language="es")]
        assert titles, query
        assert all(Article.objects.get(title=t).language == "es" for t in titles), query
    # "sesiones" finds the answer that says only "sesión".
    assert "Qué pasa en una sesión" in [
        r.article.title for r in search_articles("sesiones", language="es")
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's text search")
def test_postgresql_indexes_each_article_in_its_own_language(library):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM education_article WHERE language = 'es' AND search_vector = "
            "setweight(to_tsvector('spanish', title), 'A') || "
            "setweight(to_tsvector('spanish', summary), 'B') || "
            "setweight(to_tsvector('spanish', body), 'C')"
        )
        assert cursor.fetchone()[0] == Article.objects.filter(language="es").count()
    # Spanish stemming: "planes" finds "plan", "embarazadas" finds "embarazada".
    titles = [r.article.title for r in search_articles("planes", language="es")]
    assert "Riesgo de convulsión" not in titles
    assert "Qué pasa en una sesión" in [
        r.article.title for r in search_articles("sesiones", language="es")
    ]


def test_structured_data_names_the_text_language(client, library):
    article = Article.objects.get(slug="riesgo-de-convulsion")
    page = html(spanish(client).get(article.get_absolute_url()))
    assert '"inLanguage":"es"' in page
    page = html(client.get(article.question.get_absolute_url()))
    assert '"inLanguage":"es"' in page
    page = html(client.get(article.translation_of.get_absolute_url()))
    assert '"inLanguage":"en"' in page


def test_a_spanish_reader_sees_english_search_results_marked(client, library):
    page = html(spanish(client).get(reverse("education:search"), {"q": "brain"}))
    assert "Brain Connectivity" in page
    assert "Solo en inglés" in page
    assert '<li class="search-result mb-3" lang="en">' in page
    page = html(spanish(client).get(reverse("education:search"), {"q": "sesiones"}))
    assert "Qué pasa en una sesión" in page
    assert "Solo en inglés" not in page
