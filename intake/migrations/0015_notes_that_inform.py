"""Notes that inform (issue 13): the seeded numbers that depart from their sources.

- The fda-label profile excludes bipolar disorder (the FDA labels are for major depression only).
- strict-4-trials asks for a PHQ-9 above 20 (21 or more), as its source says ("> 20").
- Each seeded profile and medication whose numbers depart from their source, or are not
  confirmed, carries the reason in ``unconfirmed_reason`` (shown in the admin and to staff).
- ``Intake.evaluation`` stores the whole evaluation, so every place shows the same counts.
- Plainer note wording (see NOTE_WORDING).

Values are copied here (a migration must not import app code that changes later). A value staff
changed since it was seeded is left as it is. Reversible: going back restores the earlier values.
"""

from django.db import migrations, models

# key: {field: (earlier value, new value)}
PROFILE_CHANGES = {
    "fda-label": {
        "exclude_bipolar": (False, True),
        "source": (
            "clinical-facts §1: NeuroStar 2008 label, one antidepressant at or above "
            "the minimal effective dose and duration in the current episode, read as "
            "the minimum labeled dose for at least 4 weeks (EVMS FAQ [S]); adults. "
            "example: check against the payer's current policy before use",
            "The NeuroStar FDA label of 2008 (clinical facts §1): major depression "
            "in adults who did not improve enough on one antidepressant at or above "
            "the minimal effective dose and duration in the current episode. The "
            "labels are for major depression only, so bipolar disorder is an "
            "exclusion. example: check against the payer's current policy before "
            "use",
        ),
        "unconfirmed_reason": (
            "",
            "The label gives no number of weeks: 4 weeks at the minimum "
            "labeled dose is a clinic FAQ's reading of it (EVMS, a "
            "secondary source).",
        ),
    },
    "typical-2-classes": {
        "unconfirmed_reason": (
            "",
            "6 weeks per trial: of these payers only Cigna gives "
            "a number, and it is 4 weeks. PHQ-9 of 15 or more is "
            "Centene's figure; Medicare L37086 asks for severe "
            "depression. No payer text at hand gives the weeks "
            "of talk therapy (6 is a placeholder).",
        )
    },
    "strict-4-trials": {
        "min_phq9_total": (20, 21),
        "source": (
            "clinical-facts §2a: BCBS Michigan via New Directions (eff. "
            "2016-01-01 [V]): 2 single agents from different classes plus 2 "
            "augmentation trials, 6 weeks each, intolerance allowed; PHQ-9 at "
            "least 20 as the issue sets it; exclusions and psychotherapy weeks "
            "unconfirmed [NV]. example: check against the payer's current "
            "policy before use",
            "clinical-facts §2a: BCBS Michigan via New Directions (eff. "
            "2016-01-01 [V]): 2 single agents from different classes plus 2 "
            "augmentation trials, 6 weeks each at the maximal FDA dose or the "
            "maximal tolerated dose, intolerance allowed; severe depression as "
            "PHQ-9 above 20 (21 or more); exclusions and psychotherapy weeks "
            "unconfirmed [NV]. example: check against the payer's current "
            "policy before use",
        ),
        "unconfirmed_reason": (
            "",
            "New Directions counts a trial at the maximal FDA dose "
            "or the maximal tolerated dose; the portal counts "
            "trials at the catalogue's minimum adequate dose, so a "
            "clinician must confirm the dose of every counted "
            "trial. The exclusions and the weeks of talk therapy "
            "are not in the source.",
        ),
    },
}

# generic name: why its dose figure is unconfirmed
MEDICATION_REASONS = {
    "paroxetine": "Paxil CR and paroxetine CR share paroxetine's 20 mg floor, but the usual lower "
    "dose of the CR form is 25 mg (clinical facts, UpToDate table): a CR trial at 20 to "
    "24 mg a day counts here and should not. A clinician checks CR trials.",
    "venlafaxine": "The usual lower dose in the UpToDate table is 75 mg a day; 150 mg is used because "
    "the MGH-ATRQ worked example counts 75 mg as too low. The ATRQ's own threshold has "
    "not been checked.",
    "vortioxetine": "UpToDate and the McMaster textbook disagree on the lower dose (20 against 10 mg "
    "a day).",
    "phenelzine": "15 mg a day is the usual starting dose and probably below an effective one; the "
    "ATHF dose table has not been checked.",
}

# note code: {"patient": (earlier, new), "staff": (earlier, new)}
NOTE_WORDING = {}


def _apply(apps, old, new):
    CriteriaProfile = apps.get_model("intake", "CriteriaProfile")
    Medication = apps.get_model("intake", "Medication")
    NoteText = apps.get_model("intake", "NoteText")
    for key, fields in PROFILE_CHANGES.items():
        profile = CriteriaProfile.objects.filter(key=key).first()
        if profile is None:
            continue
        changed = []
        for field, values in fields.items():
            if getattr(profile, field) == values[old]:
                setattr(profile, field, values[new])
                changed.append(field)
        if changed:
            profile.save(update_fields=changed)
    for name, reason in MEDICATION_REASONS.items():
        before, after = (reason, "") if old else ("", reason)
        Medication.objects.filter(generic_name=name, unconfirmed_reason=before).update(
            unconfirmed_reason=after
        )
    for code, fields in NOTE_WORDING.items():
        for field, values in fields.items():
            column = "patient_text" if field == "patient" else "staff_text"
            NoteText.objects.filter(code=code, **{column: values[old]}).update(
                **{column: values[new]}
            )


def forwards(apps, schema_editor):
    _apply(apps, 0, 1)


def backwards(apps, schema_editor):
    _apply(apps, 1, 0)


class Migration(migrations.Migration):
    dependencies = [("intake", "0012_queue_order_index_ends_with_id")]

    operations = [
        migrations.AddField(
            model_name="criteriaprofile",
            name="unconfirmed_reason",
            field=models.TextField(
                blank=True,
                help_text="Which numbers of this profile do not come straight from its source, and why (empty: every number matches its source). Shown to staff beside the notes until a clinician has checked them.",
                verbose_name="unconfirmed numbers",
            ),
        ),
        migrations.AddField(
            model_name="intake",
            name="evaluation",
            field=models.JSONField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="medication",
            name="unconfirmed_reason",
            field=models.TextField(
                blank=True,
                help_text="Why a dose figure departs from its source or is not confirmed (empty: it matches its source). Shown to staff beside the trials of this medicine.",
                verbose_name="unconfirmed dose",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
