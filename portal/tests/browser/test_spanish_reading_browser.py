"""A Spanish-speaking visitor reads the site in a real browser (Chromium) at phone and desktop
size: their browser asks for Spanish (locale es-ES), and home, Learn, an article and search read
in Spanish, with no axe violation and nothing wider than the screen. An English visitor on a
phone finds "Español" in the header without opening the menu, and lands on the same page in
Spanish. A Spanish patient's idle warning (static/js/idle-timeout.js) is in Spanish too."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from education.models import Article

from .pages import SEARCH_HIT, seed_content
from .test_accessibility import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 667}


@pytest.fixture
def visitor_locale():
    return "es-ES"


@pytest.fixture
def browser_context_args(browser_context_args, visitor_locale):
    # The browser's language (Accept-Language and navigator.language); the CSP bypassed only so
    # that axe's injected script runs, as in test_accessibility.py.
    return {**browser_context_args, "locale": visitor_locale, "bypass_csp": True}


def check_page(page, report):
    """The page is in Spanish, passes axe, and does not scroll sideways."""
    assert page.locator("html").get_attribute("lang") == "es"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, (page.url, overflow)
    if problems := violations(page):
        report[page.url] = problems
    # The switch back to English is in the header, seen without opening the menu.
    expect(page.get_by_role("button", name=re.compile(r"^English"))).to_be_visible()


def test_a_spanish_visitor_reads_home_learn_an_article_and_search(page, screen):
    content = seed_content()
    Article.objects.filter(pk=content.article.pk).update(
        last_reviewed=datetime.date(2026, 12, 1), reviewed_by="Dra. Ana Ruiz"
    )
    report = {}

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("¿Es la EMT adecuada para mí?")
    expect(page.get_by_role("heading", name="¿Necesita ayuda ahora?")).to_be_visible()
    check_page(page, report)

    page.get_by_role("link", name="Leer las respuestas").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aprenda sobre la EMT")
    check_page(page, report)

    page.get_by_role("link", name=content.article.title, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(content.article.title)
    expect(page.get_by_text("Última revisión")).to_be_visible()
    expect(page.get_by_text("1 de diciembre de 2026")).to_be_visible()
    check_page(page, report)

    page.get_by_role("link", name="Aprenda sobre la EMT").click()
    page.get_by_label("Buscar en las respuestas").fill(SEARCH_HIT)
    page.get_by_role("button", name="Buscar", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Buscar en las respuestas")
    expect(page.get_by_role("heading", name=re.compile(r"respuestas? para “"))).to_be_visible()
    check_page(page, report)

    page.get_by_label("Buscar en las respuestas").fill("zebra")
    page.get_by_role("button", name="Buscar", exact=True).click()
    expect(
        page.get_by_role("heading", name="No encontramos respuestas para “zebra”")
    ).to_be_visible()
    check_page(page, report)

    assert not report, report


@pytest.mark.parametrize("visitor_locale", ["en-US"])
@pytest.mark.parametrize("screen", [PHONE], ids=["phone"])
def test_an_english_visitor_switches_to_spanish_from_the_header_on_a_phone(page, screen):
    content = seed_content()
    url = content.article.get_absolute_url()
    page.goto(url)
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("button", name="Show or hide the menu")).to_be_visible()
    switch = page.get_by_role("button", name=re.compile(r"^Español"))
    # Seen without opening the menu, and named in Spanish for a screen reader.
    expect(switch).to_be_visible()
    expect(switch).to_have_attribute("lang", "es")
    box = switch.bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"]
    assert min(box["height"], box["width"]) >= 24  # a target a finger can hit

    # By keyboard: Tab from the top of the page reaches it, Enter switches.
    for _ in range(4):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('lang')") == "es":
            break
    expect(switch).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url.endswith(url)
    assert page.locator("html").get_attribute("lang") == "es"
    expect(page.get_by_role("heading", level=1)).to_contain_text(content.article.title)
    expect(page.get_by_text("Nuestro equipo clínico todavía no la ha revisado.")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"^English"))).to_be_visible()


def test_a_spanish_patient_is_warned_before_the_idle_sign_out_in_spanish(
    patient_page, patient, settings
):
    # The warning's words come from the page (includes/idle_timeout.html), not the script.
    patient.language = "es"
    patient.save(update_fields=["language"])
    settings.PATIENT_IDLE_TIMEOUT_MINUTES = 2
    patient_page.clock.install()
    patient_page.goto("/")
    patient_page.clock.fast_forward("01:05")
    warning = patient_page.get_by_role("alertdialog", name="¿Sigue ahí?")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("cerraremos su sesión en 1 minuto")
    expect(warning.get_by_role("button", name="Mantener la sesión iniciada")).to_be_focused()
