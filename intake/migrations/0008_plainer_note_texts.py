"""Plainer patient wording for four note texts (Flesch-Kincaid grade 8 or below; see
portal/tests/test_plain_language.py). Same meaning and numbers. A row a staff member has edited
since it was seeded is left as it is. Reversible: going back restores the earlier wording.
"""

from django.db import migrations

# code: (earlier wording, plainer wording)
WORDING = {
    "safety.implanted_stimulator": (
        "You said you have an implanted stimulator, such as a brain or nerve stimulator. A clinician must review this before any treatment.",
        "You said you have an implanted stimulator, such as one for the brain or a nerve. A clinician must review this before any treatment.",
    ),
    "trial.low_dose": (
        "{medication} {dose} mg a day is below the usual effective dose of {min_dose} mg, so it does not count as a full trial.",
        "{medication} {dose} mg a day is less than the dose that usually works, which is {min_dose} mg. So it does not count as a full trial.",
    ),
    "trial.low_dose_short": (
        "{medication} {dose} mg a day for {weeks} weeks is below the usual effective dose of {min_dose} mg and shorter than {min_weeks} weeks, so it does not count as a full trial.",
        "{medication} {dose} mg a day for {weeks} weeks is less than the dose that usually works, which is {min_dose} mg. It is also shorter than {min_weeks} weeks. So it does not count as a full trial.",
    ),
    "info.schedule": (
        "A usual TMS course is 5 visits a week for about 6 weeks, then a few more visits as it tapers off, about 36 in all. Each visit takes from a few minutes to about 40 minutes, depending on the type of TMS.",
        "A usual TMS course is 5 visits a week for about 6 weeks. Then there are a few more visits as it tapers off, about 36 in all. Each visit takes from a few minutes to about 40 minutes. It depends on the type of TMS.",
    ),
}


def _replace(apps, old_index, new_index):
    NoteText = apps.get_model("intake", "NoteText")
    for code, wording in WORDING.items():
        NoteText.objects.filter(code=code, patient_text=wording[old_index]).update(
            patient_text=wording[new_index]
        )


def plainer(apps, schema_editor):
    _replace(apps, 0, 1)


def earlier(apps, schema_editor):
    _replace(apps, 1, 0)


class Migration(migrations.Migration):
    dependencies = [("intake", "0007_create_staff_groups")]

    operations = [migrations.RunPython(plainer, earlier)]
