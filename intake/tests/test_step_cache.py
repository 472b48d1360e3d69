"""The intake steps' pages in few queries (issue #17): the "why we ask" line and the medication
suggestions come from the cache (intake/step_cache.py) and show an edit at once; the blank
medicine row is rendered once per language (intake/templatetags/intake_rows.py)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from education.tests.factories import ArticleFactory
from intake.models import Medication, MedicationAlias, StepHelp
from intake.questions import ANSWER_STEP_SLUGS
from intake.templatetags import intake_rows

from .factories import step_data

pytestmark = pytest.mark.django_db

# Each step's page, signed in, once the caches are warm: the session, the user (with whether they
# have a course, for the header's link: treatment.backends), the intake (only the step's own
# columns) with its steps (and a step's own rows). No transaction: showing a step only reads (a
# save has its own). The "why we ask" line (2 queries) and the medication names (2) are not read.
QUERIES = {
    "about-you": 4,
    "depression": 4,
    "phq9": 4,
    "antidepressants": 5,  # the intake's medicine rows
    "other-treatments": 4,
    "safety": 5,  # the safety answers
    "consent": 4,
}


def page(client, step):
    response = client.get(reverse("intake:step", args=[step]))
    assert response.status_code == 200
    return response.content.decode()


def why_we_ask_text(html):
    found = re.search(r'<aside class="why-we-ask.*?</aside>', html, re.S)
    return found.group(0) if found else ""


@pytest.fixture
def signed_in(client, patient, save):
    client.force_login(patient)
    save("about-you")
    return client


@pytest.mark.parametrize("step", ANSWER_STEP_SLUGS)
def test_each_step_runs_a_fixed_small_number_of_queries(signed_in, step, django_assert_num_queries):
    page(signed_in, step)  # fills the caches
    with django_assert_num_queries(QUERIES[step]):
        page(signed_in, step)


def test_the_step_rows_are_read_without_joining_the_intake_again(signed_in):
    """IntakeStep's order is by its intake's column, not through the intake's own order."""
    with CaptureQueriesContext(connection) as queries:
        page(signed_in, "depression")
    step_reads = [q["sql"] for q in queries if 'FROM "intake_intakestep"' in q["sql"]]
    assert step_reads
    assert not [sql for sql in step_reads if "JOIN" in sql]


def test_an_edited_why_we_ask_line_shows_on_the_next_page(signed_in):
    words = "help the clinic check your plan"
    assert words not in why_we_ask_text(page(signed_in, "antidepressants"))
    line = StepHelp.objects.get(step="antidepressants")
    line.text = "Your answers here help the clinic check your plan."
    line.save()
    assert words in why_we_ask_text(page(signed_in, "antidepressants"))
    line.delete()
    assert why_we_ask_text(page(signed_in, "antidepressants")) == ""


def test_the_spanish_line_is_kept_apart_and_follows_its_edit(signed_in, patient):
    line = StepHelp.objects.get(step="depression")
    english = why_we_ask_text(page(signed_in, "depression"))
    patient.language = "es"
    patient.save(update_fields=["language"])
    spanish = why_we_ask_text(page(signed_in, "depression"))
    assert "Por qué preguntamos" in spanish
    assert spanish != english
    line.text_es = "Preguntamos esto para ayudarle mejor."
    line.save()
    assert "Preguntamos esto para ayudarle mejor." in why_we_ask_text(page(signed_in, "depression"))


def test_a_linked_article_retitled_or_unpublished_shows_at_once(signed_in):
    article = ArticleFactory(title="How a trial is counted")
    line = StepHelp.objects.get(step="antidepressants")
    line.article_slugs = [article.slug]
    line.save()
    assert "How a trial is counted" in why_we_ask_text(page(signed_in, "antidepressants"))
    article.title = "How doctors count a trial"
    article.save()
    assert "How doctors count a trial" in why_we_ask_text(page(signed_in, "antidepressants"))
    article.status = article.Status.DRAFT
    article.save()
    assert article.get_absolute_url() not in why_we_ask_text(page(signed_in, "antidepressants"))


def test_a_medicine_added_to_the_catalogue_is_suggested_at_once(signed_in):
    assert 'value="Zurzuvae"' not in page(signed_in, "antidepressants")
    medication = Medication.objects.order_by("pk").first()
    MedicationAlias.objects.create(medication=medication, name="Zurzuvae")
    assert '<option value="Zurzuvae">' in page(signed_in, "antidepressants")


def blank_row(html):
    return re.search(r'<template id="trial-row-template">(.*?)</template>', html, re.S).group(1)


def test_the_blank_row_served_again_is_the_one_rendered_first_in_each_language(signed_in, patient):
    intake_rows._EMPTY_ROWS.clear()
    first = blank_row(page(signed_in, "antidepressants"))
    assert blank_row(page(signed_in, "antidepressants")) == first
    assert 'name="trials-__prefix__-medication"' in first
    assert "Medicine __number__" in first
    patient.language = "es"
    patient.save(update_fields=["language"])
    spanish = blank_row(page(signed_in, "antidepressants"))
    assert "Medicamento __number__" in spanish
    intake_rows._EMPTY_ROWS.clear()
    assert blank_row(page(signed_in, "antidepressants")) == spanish


def test_the_blank_row_of_a_page_shown_again_with_errors_is_rendered_for_it(signed_in):
    """Saved for later with an error, the page's forms ask only what was typed: its blank row
    is the one such a form renders, not the one of a fresh page."""
    url = reverse("intake:step", args=["antidepressants"])
    fresh = blank_row(page(signed_in, "antidepressants"))
    data = {
        **step_data("antidepressants"),
        "version": "0",
        "trials-0-weeks": "many",
        "action": "later",
    }
    response = signed_in.post(url, data)
    assert response.status_code == 400
    again = blank_row(response.content.decode())
    intake_rows._EMPTY_ROWS.clear()
    assert blank_row(signed_in.post(url, data).content.decode()) == again
    assert blank_row(page(signed_in, "antidepressants")) == fresh
