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
    migrations)."""
    for path in sorted(CONTENT.glob("*.txt")):
        if not path.name.endswith(".es.txt"):
            call_command("import_qa", str(path), stdout=StringIO())


SEED_MIGRATIONS = (
    "0003_seed_medication_catalogue",
    "0004_seed_criteria_profiles",
    "0005_seed_note_texts_and_step_help",
)
# Later data migrations that change seeded rows (each skips a row already changed).
SEED_UPDATES = (("0008_plainer_note_texts", "plainer"), ("0015_notes_that_inform", "forwards"))


def restore_eligibility_seed():
    """Transactional tests (the browser tests) flush the tables the data migrations filled: put
    the seed back by running those migrations' own functions (they skip rows that exist)."""
    from importlib import import_module

    from django.apps import apps

    for name in SEED_MIGRATIONS:
        import_module(f"intake.migrations.{name}").seed(apps, None)
    for name, function in SEED_UPDATES:
        getattr(import_module(f"intake.migrations.{name}"), function)(apps, None)
    # Then the links to the starter library (found by name: the number may change).
    migrations = Path(__file__).resolve().parents[1] / "migrations"
    (links,) = migrations.glob("*_note_article_links.py")
    import_module(f"intake.migrations.{links.stem}").link_to_topics(apps, None)
