"""The content the page-by-page browser checks (axe, 320 px, zoom) open, and the steps many
browser tests share."""

import re
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from education.models import Article, Question
from intake.questions import ANSWER_STEP_SLUGS
from intake.tests.factories import step_data

SEED = Path(__file__).resolve().parents[3] / "education" / "content" / "tms-qa.txt"
SEARCH_HIT = "magnetic"
SEARCH_MISS = "zebra"


@dataclass
class Content:
    question: Question
    article: Article


def seed_content():
    """The bundled Q&A content, imported as `make run` does; its first question and answer."""
    call_command("import_qa", str(SEED), stdout=StringIO())
    article = Article.objects.published().select_related("question").first()
    return Content(question=article.question, article=article)


MENU_BUTTON = re.compile(r"^(Show or hide the menu|Mostrar u ocultar el menú)$")


def open_menu_if_collapsed(page):
    """On a phone the header's links are behind the menu button: open the menu unless it is
    open already (a second press closes it), and wait until it has finished sliding open
    (Bootstrap marks it `show` then), so that the next click does not meet a moving menu."""
    toggler = page.get_by_role("button", name=MENU_BUTTON)
    if toggler.is_visible():
        if toggler.get_attribute("aria-expanded") != "true":
            toggler.click()
        expect(page.locator("#main-nav")).to_have_class(re.compile(r"\bshow\b"))


def signed_in(page, live_server, user):
    """Sign the browser in as `user` (a session cookie, not the sign-in form)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def fill_intake(patient):
    """Every step answered and signed (not yet sent), through the step pages."""
    client = Client()
    client.force_login(patient)
    for slug in ANSWER_STEP_SLUGS:
        step = reverse("intake:step", args=[slug])
        version = client.get(step).context["version"]
        response = client.post(step, {"version": str(version), **step_data(slug)})
        assert response.status_code == 302, slug
    return patient.intakes.get()


def public_urls(content):
    search = reverse("education:search")
    return [
        "/",
        reverse("education:index"),
        content.question.get_absolute_url(),
        content.article.get_absolute_url(),
        f"{search}?q={SEARCH_HIT}",
        f"{search}?q={SEARCH_MISS}",
        reverse("login"),
        reverse("signup"),
        reverse("password_reset"),
        reverse("privacy_notice"),
        "/no-such-page/",
    ]


def patient_urls():
    steps = [reverse("intake:step", args=[slug]) for slug in ANSWER_STEP_SLUGS]
    extra = [reverse("intake:release"), reverse("intake:tms_consent")]
    return [reverse("intake:home"), *steps, reverse("intake:review"), *extra]
