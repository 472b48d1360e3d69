"""Every note and "why we ask" line links to the articles on its topic, with link text that says
what the reader will learn (intake/links.py; the links in intake/setup/note_texts.json and
step_help.json, chosen from the topics in intake/tests/link_topics.py)."""

import re
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from education.importer import parse_document
from education.services import published_articles_by_slug
from intake.eligibility import NOTE_KEYS
from intake.eligibility.wording import find_decision_words
from intake.links import link_slugs, link_texts, parse_links, resolve
from intake.models import NoteText, StepHelp
from intake.setup import files

from .factories import make_intake
from .link_topics import STEP_TOPICS, TOPICS, note_links, step_links, topics_for_note
from .notes_helpers import import_seed_articles

CONTENT = Path(settings.BASE_DIR) / "education" / "content"


@cache
def bundled_articles():
    """{slug: "title. body"} of every answer in the bundled documents (what `make run` loads)."""
    return {
        answer.slug: f"{answer.title}. {answer.body}"
        for path in sorted(CONTENT.glob("*.txt"))
        if not path.name.endswith(".es.txt")
        for question in parse_document(path.read_bytes())
        for answer in question.answers
    }


def bundled_slugs():
    return set(bundled_articles())


def mentions(text, keyword):
    return re.search(r"(?<!\w)" + re.escape(keyword.lower()), text.lower()) is not None


# --- the topics table (pure) ------------------------------------------------------------------


@pytest.mark.parametrize("code", NOTE_KEYS)
def test_every_note_code_has_topics_and_links(code):
    assert topics_for_note(code), code
    assert note_links(code), code


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_each_topic_links_to_bundled_articles_that_talk_about_it(topic):
    keywords, links = TOPICS[topic]["keywords"], TOPICS[topic]["links"]
    articles = bundled_articles()
    for slug, text in links:
        assert slug in articles, (topic, slug)
        assert any(mentions(articles[slug], word) for word in keywords), (topic, slug)
        # Link text says what the reader will learn: not the bare title, never a verdict.
        title = articles[slug].split(". ", 1)[0]
        assert text.casefold() != title.casefold(), (topic, text)
        assert len(text.split()) >= 3, text
        assert not find_decision_words(text), text
    for word in keywords:
        assert any(mentions(articles[slug], word) for slug, _ in links), (topic, word)


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("safety.metal_in_head", ["metal"]),
        ("safety.seizure", ["seizure"]),
        ("safety.pacemaker", ["pacemaker"]),
        ("safety.pregnancy", ["pregnan"]),
        ("criterion.severity.met", ["PHQ-9"]),
        ("criterion.psychotherapy.unmet", ["talk therapy"]),
        ("trial.low_dose", ["dose"]),
        ("trial.too_short", ["weeks"]),
        ("criterion.failed_trials.unmet", ["one medicine", "two or more"]),
    ],
)
def test_the_issues_examples_link_to_articles_that_explain_them(code, words):
    articles = bundled_articles()
    text = " ".join(articles[slug] for slug, _ in note_links(code))
    for word in words:
        assert mentions(text, word), (code, word)


def test_the_data_files_link_each_note_and_step_to_its_topics_articles():
    notes = files.note_texts()
    assert set(notes) == set(NOTE_KEYS)
    for code, row in notes.items():
        assert files.link_pairs(row["article_slugs"]) == note_links(code), code
    for step, row in files.step_help().items():
        assert files.link_pairs(row["article_slugs"]) == step_links(step), step


# --- what the database holds after load_clinic_setup and the bundled documents ----------------


@pytest.fixture
def library(db):
    import_seed_articles()


def _check_links(stored, keywords_by_slug):
    slugs = link_slugs(stored)
    assert slugs
    found = published_articles_by_slug(slugs)
    for slug in slugs:
        article = found.get(slug)
        assert article is not None, f"{slug} is not a published article"
        assert article.status == article.Status.PUBLISHED
        text = f"{article.title}. {article.body}"
        assert any(mentions(text, word) for word in keywords_by_slug[slug]), slug
    texts = link_texts(stored)
    assert set(texts) == set(slugs), "every link has its own link text"


def _keywords_by_slug(topics):
    keywords = {}
    for topic in topics:
        for slug, _ in TOPICS[topic]["links"]:
            keywords.setdefault(slug, set()).update(TOPICS[topic]["keywords"])
    return keywords


def test_every_seeded_note_links_to_published_articles_on_its_topic(library):
    rows = {row.code: row for row in NoteText.objects.all()}
    for code in NOTE_KEYS:
        assert code in rows, code
        _check_links(rows[code].article_slugs, _keywords_by_slug(topics_for_note(code)))


def test_every_why_we_ask_line_links_to_published_articles_on_its_topic(library):
    rows = {row.step: row for row in StepHelp.objects.all()}
    for step in files.step_help():
        _check_links(rows[step].article_slugs, _keywords_by_slug(STEP_TOPICS[step]))


# --- reading and showing links ----------------------------------------------------------------


def test_links_are_read_from_every_stored_form():
    stored = [
        {"slug": "seizure-risk", "text": "How often seizures happen"},
        "a-usual-course | What a usual course looks like",
        "tms-experience",
        {"slug": ""},
        None,
    ]
    assert [(link.slug, link.text) for link in parse_links(stored)] == [
        ("seizure-risk", "How often seizures happen"),
        ("a-usual-course", "What a usual course looks like"),
        ("tms-experience", ""),
    ]


def test_a_link_without_text_shows_the_article_title(library):
    articles = published_articles_by_slug(["tms-experience", "seizure-risk"])
    links = resolve(
        ["tms-experience", "gone", "seizure-risk"], articles, {"seizure-risk": "How often"}
    )
    assert [(link.text, link.url) for link in links] == [
        ("TMS Experience", articles["tms-experience"].get_absolute_url()),
        ("How often", articles["seizure-risk"].get_absolute_url()),
    ]


def test_the_notes_page_shows_link_text_that_says_what_the_reader_will_learn(
    client, patient, library
):
    make_intake(patient, safety_yes=("metal_in_head",))
    client.force_login(patient)
    html = client.get(reverse("intake:home")).content.decode()
    counting = published_articles_by_slug(["what-counts-as-a-full-medicine-trial"])
    url = counting["what-counts-as-a-full-medicine-trial"].get_absolute_url()
    assert f'<a href="{url}">How doctors count a medicine trial</a>' in html
    assert ">Why metal near your head matters, and what is usually fine</a>" in html
    assert "Read: " not in html
    for href in set(re.findall(r'href="(/learn/[^"]+)"', html)):
        assert client.get(href).status_code == 200, href


def test_a_why_we_ask_line_shows_its_link_text(client, patient, library):
    client.force_login(patient)
    html = client.get(reverse("intake:step", args=["antidepressants"])).content.decode()
    assert ">How doctors count a medicine trial</a>" in html
    assert ">Why some rules ask for one medicine and others for two or more</a>" in html


def test_link_texts_are_plain_as_a_group():
    """Scored together, as portal/tests/test_plain_language.py scores short texts."""
    import textstat

    texts = " ".join(f"{text}." for topic in TOPICS.values() for _slug, text in topic["links"])
    assert textstat.flesch_kincaid_grade(texts) <= 8, texts


def test_a_result_made_without_link_texts_reads_them_once(library, django_assert_num_queries):
    from intake.services.evaluation import evaluate_case_dict
    from intake.services.results import Result
    from intake.tests.test_eligibility_data import CONTRACT_CASE

    made = evaluate_case_dict(CONTRACT_CASE)
    result = Result(evaluation=made.evaluation, profile=made.profile, articles=made.articles)
    with django_assert_num_queries(1):
        texts = [link.text for item in result.notes for link in item.links]
        assert [link.text for item in result.notes for link in item.links] == texts
    assert "How doctors count a medicine trial" in texts
