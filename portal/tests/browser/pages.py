"""The content the page-by-page browser checks (axe, 320 px, zoom) open."""

from dataclasses import dataclass
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from education.models import Article, Question

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
