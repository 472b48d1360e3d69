"""Full-text search on PostgreSQL: a trigger keeps Article.search_vector current and a GIN index
makes matching fast.

A trigger, rather than code that sets the field, so the vector is right whoever writes the row:
the admin, a history restore, the importer, a bulk update() or plain SQL. Both are created only
on PostgreSQL; on SQLite the column stays empty and search falls back to a simple match. Django's
model state does not know about the index (a GinIndex in Meta.indexes cannot be created on
SQLite), so it lives here only.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION education_article_search_vector_update() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('pg_catalog.english', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('pg_catalog.english', coalesce(NEW.summary, '')), 'B') ||
        setweight(to_tsvector('pg_catalog.english', coalesce(NEW.body, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER education_article_search_vector_trigger
    BEFORE INSERT OR UPDATE OF title, summary, body ON education_article
    FOR EACH ROW EXECUTE FUNCTION education_article_search_vector_update();

CREATE INDEX education_article_search_vector_gin
    ON education_article USING gin (search_vector);

UPDATE education_article SET title = title;
"""

DROP = """
DROP INDEX IF EXISTS education_article_search_vector_gin;
DROP TRIGGER IF EXISTS education_article_search_vector_trigger ON education_article;
DROP FUNCTION IF EXISTS education_article_search_vector_update();
UPDATE education_article SET search_vector = NULL;
"""


def create_search_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_search_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("education", "0001_add_questions_and_articles"),
    ]

    operations = [
        migrations.RunPython(create_search_trigger, drop_search_trigger),
    ]
