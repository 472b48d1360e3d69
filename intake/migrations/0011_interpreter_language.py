"""The intake's free-text "preferred language" becomes the account's language (English or
Spanish, User.language) and, for any other language, the interpreter field.

"Spanish", "Español", "espanol" (any case or accents) set the account to Spanish; "English" or
nothing leave it as it is; any other text ("Portuguese", "Spanish and English") moves to
``interpreter_language`` for the clinic to read.
"""

import re
import unicodedata

from django.conf import settings
from django.db import migrations, models

SPANISH_WORDS = frozenset({"spanish", "espanol", "castellano"})
ENGLISH_WORDS = frozenset({"english", "ingles"})


def language_from_text(text):
    """ "es", "en" or None (another language, or words we cannot read as one of the two)."""
    plain = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    words = set(re.findall(r"[a-z]+", plain))
    if not words:
        return "en"
    if words <= SPANISH_WORDS:
        return "es"
    if words <= ENGLISH_WORDS:
        return "en"
    return None


def forwards(apps, schema_editor):
    Intake = apps.get_model("intake", "Intake")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    for intake in Intake.objects.exclude(preferred_language="").iterator():
        language = language_from_text(intake.preferred_language)
        if language == "es":
            User.objects.filter(pk=intake.patient_id).update(language="es")
        elif language is None:
            Intake.objects.filter(pk=intake.pk).update(
                interpreter_language=intake.preferred_language.strip()[:60]
            )


def backwards(apps, schema_editor):
    Intake = apps.get_model("intake", "Intake")
    for intake in Intake.objects.select_related("patient").iterator():
        text = intake.interpreter_language or ("Spanish" if intake.patient.language == "es" else "")
        if text:
            Intake.objects.filter(pk=intake.pk).update(preferred_language=text)


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0010_spanish_note_texts"),
        ("portal", "0008_user_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="intake",
            name="interpreter_language",
            field=models.CharField(
                blank=True, max_length=60, verbose_name="language for appointments (interpreter)"
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="intake", name="preferred_language"),
    ]
