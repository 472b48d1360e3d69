"""A Spanish reader's journey through the answers (education, content in Spanish), at phone and
desktop size, with axe: /learn/ in Spanish with the English-only questions marked, a Spanish
answer and its link to the English one, an English-only answer, and a search."""

import pytest
from django.conf import settings
from django.urls import reverse

from education.bundled import import_bundled_documents
from education.models import Article

from .test_accessibility import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "bypass_csp": True}


def test_a_spanish_reader_reads_the_answers_in_spanish(page, screen, live_server):
    import_bundled_documents()
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "es", "url": live_server.url}]
    )
    report = {}

    def visit(url):
        page.goto(live_server.url + url)
        assert page.locator("html").get_attribute("lang") == "es"
        if problems := violations(page):
            report[url] = problems

    visit(reverse("education:index"))
    page.get_by_role("link", name="¿Qué es el PHQ-9 y qué quiere decir mi puntaje?").wait_for()
    assert page.get_by_text("Solo en inglés").count() == 2

    spanish = Article.objects.get(slug="riesgo-de-convulsion")
    visit(spanish.get_absolute_url())
    page.get_by_text("Una convulsión durante la EMT es rara.").wait_for()
    page.get_by_role("link", name="Read in English").click()
    page.wait_for_url(f"**{spanish.translation_of.get_absolute_url()}")
    page.get_by_role("link", name="Leer en español").wait_for()

    english_only = Article.objects.filter(language="en", translations=None).first()
    visit(english_only.get_absolute_url())
    page.get_by_text("Por ahora, esta página solo está en inglés.").wait_for()
    assert page.locator("article.learn-article").get_attribute("lang") == "en"

    visit(reverse("education:search") + "?q=sesiones")
    page.get_by_role("link", name="Qué pasa en una sesión").wait_for()
    assert report == {}
