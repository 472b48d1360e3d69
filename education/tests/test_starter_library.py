"""The bundled documents: the seed Q&A and the starter library import cleanly, together, as
`make run` imports them, and the starter library reads at grade 8 or below with its sources."""

import re
from io import StringIO
from pathlib import Path

import pytest
import textstat
from django.conf import settings
from django.core.management import call_command

from education.importer import parse_document
from education.models import Article, Question

CONTENT = Path(settings.BASE_DIR) / "education" / "content"
STARTER = CONTENT / "tms-starter-library.txt"
MAX_GRADE = 8


def bundled_documents():
    """The English bundled documents (`make run` imports the Spanish ones after them)."""
    return sorted(p for p in CONTENT.glob("*.txt") if not p.name.endswith(".es.txt"))


def import_all():
    out = StringIO()
    for path in bundled_documents():
        call_command("import_qa", str(path), stdout=out)
    return out.getvalue()


def test_make_run_imports_every_bundled_document():
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()
    assert "for doc in education/content/*.txt" in makefile
    assert "*.es.txt) ;;" in makefile
    # The Spanish documents after the English ones they translate.
    english = makefile.index("for doc in education/content/*.txt")
    assert makefile.index("for doc in education/content/*.es.txt") > english
    assert STARTER in bundled_documents()


@pytest.mark.django_db
def test_the_bundled_documents_import_cleanly_and_only_once():
    output = import_all()
    assert "Created 10, updated 0" in output  # the seed Q&A, as it stands
    questions = parse_document(STARTER.read_bytes())
    answers = sum(len(q.answers) for q in questions)
    assert f"Created {answers}, updated 0, kept 0, unchanged 0" in output
    assert Question.objects.published().count() == 2 + len(questions)
    assert Article.objects.published().count() == 10 + answers
    # The starter library's questions come after the seed's, in the document's order.
    texts = list(Question.objects.values_list("text", flat=True))
    assert texts[2:] == [q.text for q in questions]
    again = import_all()
    assert "Created 0, updated 0, kept 0" in again
    assert Article.objects.count() == 10 + answers


def test_every_answer_slug_is_unique_across_the_bundled_documents():
    slugs = [
        answer.slug
        for path in bundled_documents()
        for question in parse_document(path.read_bytes())
        for answer in question.answers
    ]
    assert len(slugs) == len(set(slugs))


def test_the_starter_library_covers_what_patients_ask():
    titles = {q.slug for q in parse_document(STARTER.read_bytes())}
    for words in (
        "who-usually-can-have-tms",
        "count-medicine",
        "side-effects",
        "metal-an-implant-or-a",
        "pregnant",
        "course-of-tms",
        "phq-9",
        "prior-authorization",
        "ect",
        "bring",
    ):
        assert any(words in slug for slug in titles), words


@pytest.mark.parametrize(
    "answer",
    [a for q in parse_document(STARTER.read_bytes()) for a in q.answers],
    ids=lambda a: a.slug,
)
def test_each_starter_answer_is_plain_and_names_its_sources(answer):
    assert textstat.flesch_kincaid_grade(answer.body) <= MAX_GRADE, answer.body
    assert answer.sources, answer.title
    assert all(s.url.startswith("https://") for s in answer.sources)
    assert not re.search(r"https?:", answer.body)


def test_one_medicine_or_two_is_reconciled():
    body = next(
        a.body
        for q in parse_document(STARTER.read_bytes())
        for a in q.answers
        if a.slug == "one-medicine-or-two"
    )
    assert "one medicine" in body
    assert "two or more" in body
    assert "your plan may still ask for more" in body
