"""Helpers for the eligibility-notes tests: the bundled articles and the clinic's set-up data.
Intakes are built by intake/tests/factories.py."""

from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

CONTENT = Path(settings.BASE_DIR) / "education" / "content"
SEED_QA = CONTENT / "tms-qa.txt"


def import_seed_articles():
    """Every bundled document (not the Spanish ones), imported as `make run` does (after the
    migrations and the set-up data)."""
    for path in sorted(CONTENT.glob("*.txt")):
        if not path.name.endswith(".es.txt"):
            call_command("import_qa", str(path), stdout=StringIO())
