"""Full-text search on SQLite: an FTS5 index of the articles with the porter stemmer, so
"seizure" finds "seizures" and "sessions" finds "session", as PostgreSQL's English search does.

An external-content FTS5 table (it stores only the index and reads the text from
education_article) kept current by triggers, so the index is right whoever writes the row: the
admin, a history restore, the importer, a bulk update() or plain SQL. Created only on SQLite;
on PostgreSQL this migration does nothing (migration 0002 made its own search there).
"""

from django.db import migrations

CREATE = (
    """
    CREATE VIRTUAL TABLE education_article_fts USING fts5(
        title, summary, body,
        content='education_article', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER education_article_fts_insert AFTER INSERT ON education_article BEGIN
        INSERT INTO education_article_fts(rowid, title, summary, body)
        VALUES (new.id, new.title, new.summary, new.body);
    END
    """,
    """
    CREATE TRIGGER education_article_fts_delete AFTER DELETE ON education_article BEGIN
        INSERT INTO education_article_fts(education_article_fts, rowid, title, summary, body)
        VALUES ('delete', old.id, old.title, old.summary, old.body);
    END
    """,
    """
    CREATE TRIGGER education_article_fts_update AFTER UPDATE OF title, summary, body
    ON education_article BEGIN
        INSERT INTO education_article_fts(education_article_fts, rowid, title, summary, body)
        VALUES ('delete', old.id, old.title, old.summary, old.body);
        INSERT INTO education_article_fts(rowid, title, summary, body)
        VALUES (new.id, new.title, new.summary, new.body);
    END
    """,
    "INSERT INTO education_article_fts(education_article_fts) VALUES ('rebuild')",
)

DROP = (
    "DROP TRIGGER IF EXISTS education_article_fts_update",
    "DROP TRIGGER IF EXISTS education_article_fts_delete",
    "DROP TRIGGER IF EXISTS education_article_fts_insert",
    "DROP TABLE IF EXISTS education_article_fts",
)


def create_fts_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in CREATE:
            schema_editor.execute(statement, params=None)


def drop_fts_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("education", "0002_article_search_vector_postgresql"),
    ]

    operations = [
        migrations.RunPython(create_fts_index, drop_fts_index),
    ]
