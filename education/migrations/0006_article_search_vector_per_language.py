"""Full-text search on PostgreSQL in the article's own language: a Spanish article's vector is
made with the 'spanish' text search configuration (its stemmer and stop words), an English
one's with 'english', as migration 0002 did for all. The trigger now also fires when an
article's language changes, and every vector is rebuilt once.

On SQLite, migration 0005 rebuilt the article table to add its columns, which dropped the
triggers that keep the FTS5 index current (migration 0003): they are made again here and the
index rebuilt. (The FTS5 index has no per-row language; search there filters by language.)
"""

from importlib import import_module

from django.db import migrations

fts = import_module("education.migrations.0003_article_search_fts_sqlite")

VECTOR = """
CREATE OR REPLACE FUNCTION education_article_search_vector_update() RETURNS trigger AS $$
DECLARE
    config regconfig := CASE NEW.language
        WHEN 'es' THEN 'pg_catalog.spanish'::regconfig
        ELSE 'pg_catalog.english'::regconfig
    END;
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector(config, coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector(config, coalesce(NEW.summary, '')), 'B') ||
        setweight(to_tsvector(config, coalesce(NEW.body, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""

ENGLISH_ONLY = """
CREATE OR REPLACE FUNCTION education_article_search_vector_update() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('pg_catalog.english', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('pg_catalog.english', coalesce(NEW.summary, '')), 'B') ||
        setweight(to_tsvector('pg_catalog.english', coalesce(NEW.body, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""

TRIGGER = """
DROP TRIGGER IF EXISTS education_article_search_vector_trigger ON education_article;
CREATE TRIGGER education_article_search_vector_trigger
    BEFORE INSERT OR UPDATE OF title, summary, body{language} ON education_article
    FOR EACH ROW EXECUTE FUNCTION education_article_search_vector_update();
UPDATE education_article SET title = title;
"""


def per_language(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(VECTOR + TRIGGER.format(language=", language"), params=None)
    if schema_editor.connection.vendor == "sqlite":
        remake_fts_triggers(schema_editor)


def remake_fts_triggers(schema_editor):
    """The FTS5 triggers of migration 0003 (the virtual table survived), and a rebuild."""
    for statement in fts.DROP[:3] + fts.CREATE[1:]:
        schema_editor.execute(statement, params=None)


def english_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ENGLISH_ONLY + TRIGGER.format(language=""), params=None)
    if schema_editor.connection.vendor == "sqlite":
        remake_fts_triggers(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("education", "0005_question_article_language_and_translation"),
    ]

    operations = [
        migrations.RunPython(per_language, english_only),
    ]
