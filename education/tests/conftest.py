from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

SEED = Path(__file__).resolve().parents[1] / "content" / "tms-qa.txt"


@pytest.fixture
def seeded(db):
    """The bundled Q&A content, imported as `make run` does."""
    call_command("import_qa", str(SEED), stdout=StringIO())


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts with no cached reading page (education/page_cache.py)."""
    from django.core.cache import cache

    cache.clear()
