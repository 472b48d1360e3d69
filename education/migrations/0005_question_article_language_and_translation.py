"""A question or an answer has a language and may translate an English original.

On SQLite, adding these columns rebuilds the article table, which drops the triggers keeping
the FTS5 search index current (migration 0003): migration 0006 makes them again; undone, the
first operation below makes them again after the table is rebuilt without the columns.
"""

from importlib import import_module

import django.db.models.deletion
from django.db import migrations, models

fts = import_module("education.migrations.0003_article_search_fts_sqlite")


def remake_fts_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in fts.DROP[:3] + fts.CREATE[1:]:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("education", "0004_add_import_jobs"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, remake_fts_triggers),
        migrations.AddField(
            model_name="article",
            name="language",
            field=models.CharField(
                blank=True,
                choices=[("en", "English"), ("es", "Español")],
                default="en",
                help_text="The language this is written in.",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="translation_of",
            field=models.ForeignKey(
                blank=True,
                help_text="The English original this translates (empty for an original).",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="translations",
                to="education.article",
                verbose_name="translation of",
            ),
        ),
        migrations.AddField(
            model_name="historicalarticle",
            name="language",
            field=models.CharField(
                blank=True,
                choices=[("en", "English"), ("es", "Español")],
                default="en",
                help_text="The language this is written in.",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="historicalarticle",
            name="translation_of",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The English original this translates (empty for an original).",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="education.article",
                verbose_name="translation of",
            ),
        ),
        migrations.AddField(
            model_name="historicalquestion",
            name="language",
            field=models.CharField(
                blank=True,
                choices=[("en", "English"), ("es", "Español")],
                default="en",
                help_text="The language this is written in.",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="historicalquestion",
            name="translation_of",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The English original this translates (empty for an original).",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="education.question",
                verbose_name="translation of",
            ),
        ),
        migrations.AddField(
            model_name="question",
            name="language",
            field=models.CharField(
                blank=True,
                choices=[("en", "English"), ("es", "Español")],
                default="en",
                help_text="The language this is written in.",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="question",
            name="translation_of",
            field=models.ForeignKey(
                blank=True,
                help_text="The English original this translates (empty for an original).",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="translations",
                to="education.question",
                verbose_name="translation of",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("translation_of__isnull", True),
                    models.Q(("language", "en"), _negated=True),
                    _connector="OR",
                ),
                name="education_article_translation_not_english",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(
                fields=("translation_of", "language"),
                name="education_article_one_translation_per_language",
            ),
        ),
        migrations.AddConstraint(
            model_name="question",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("translation_of__isnull", True),
                    models.Q(("language", "en"), _negated=True),
                    _connector="OR",
                ),
                name="education_question_translation_not_english",
            ),
        ),
        migrations.AddConstraint(
            model_name="question",
            constraint=models.UniqueConstraint(
                fields=("translation_of", "language"),
                name="education_question_one_translation_per_language",
            ),
        ),
    ]
