"""The Q&A documents bundled in education/content/, in the order they import: every English
document first, then the translations (``NAME.es.txt`` translates ``NAME.txt``, which must be
imported before it). `make run`, ``seed_demo`` and the tests import them in this order."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command

CONTENT = Path(__file__).resolve().parent / "content"


def is_translation(path: Path) -> bool:
    return len(path.name.split(".")) >= 3


def bundled_documents() -> list[Path]:
    documents = sorted(CONTENT.glob("*.txt"))
    return [p for p in documents if not is_translation(p)] + [
        p for p in documents if is_translation(p)
    ]


def import_bundled_documents() -> str:
    """Import them all with ``import_qa``; returns what it printed."""
    out = StringIO()
    for path in bundled_documents():
        call_command("import_qa", str(path), stdout=out)
    return out.getvalue()
