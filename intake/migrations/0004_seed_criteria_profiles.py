"""Seed three example criteria profiles (fda-label, typical-2-classes, strict-4-trials).

They are examples staff must check against each payer's current policy; the psychotherapy
minimum of 6 weeks is marked as unconfirmed, since the payer texts at hand give no number.

The values are a frozen copy of intake/eligibility_seed.py at the time of writing (a migration
must not import app code that changes later). Reversible: going back deletes the seeded rows.
"""

import datetime

from django.db import migrations

PROFILES = [
    {
        "key": "fda-label",
        "name": "FDA label reading: one adequate failed trial (example)",
        "is_default": False,
        "min_age": 18,
        "min_failed_trials": 1,
        "min_classes": 0,
        "min_trial_weeks": 4,
        "intolerance_counts": False,
        "min_augmentation_failures": 0,
        "psychotherapy_required": False,
        "min_psychotherapy_weeks": 6,
        "min_phq9_total": None,
        "exclude_psychosis": False,
        "exclude_bipolar": False,
        "exclude_substance_use": False,
        "effective_date": datetime.date(2008, 10, 7),
        "source": "clinical-facts §1: NeuroStar 2008 label, one antidepressant at or above the "
        "minimal effective dose and duration in the current episode, read as the minimum "
        "labeled dose for at least 4 weeks (EVMS FAQ [S]); adults. example: check against "
        "the payer's current policy before use",
        "psychotherapy_weeks_unconfirmed": True,
    },
    {
        "key": "typical-2-classes",
        "name": "Typical payer: two failed trials from two classes (example)",
        "is_default": True,
        "min_age": 18,
        "min_failed_trials": 2,
        "min_classes": 2,
        "min_trial_weeks": 6,
        "intolerance_counts": True,
        "min_augmentation_failures": 0,
        "psychotherapy_required": True,
        "min_psychotherapy_weeks": 6,
        "min_phq9_total": 15,
        "exclude_psychosis": True,
        "exclude_bipolar": True,
        "exclude_substance_use": True,
        "effective_date": datetime.date(2026, 3, 15),
        "source": "clinical-facts §2a/§2b: pattern shared by Medicare L37086, UHC/Optum, Cigna and "
        "Ambetter/Centene CP.BH.200 (PHQ-9 at least 15, bipolar exclusion); Aetna's "
        "substance use in the past 90 days; psychotherapy weeks unconfirmed [NV]. "
        "example: check against the payer's current policy before use",
        "psychotherapy_weeks_unconfirmed": True,
    },
    {
        "key": "strict-4-trials",
        "name": "Strict payer: two antidepressants plus two augmentation trials (example)",
        "is_default": False,
        "min_age": 18,
        "min_failed_trials": 2,
        "min_classes": 2,
        "min_trial_weeks": 6,
        "intolerance_counts": True,
        "min_augmentation_failures": 2,
        "psychotherapy_required": True,
        "min_psychotherapy_weeks": 6,
        "min_phq9_total": 20,
        "exclude_psychosis": True,
        "exclude_bipolar": True,
        "exclude_substance_use": True,
        "effective_date": datetime.date(2016, 1, 1),
        "source": "clinical-facts §2a: BCBS Michigan via New Directions (eff. 2016-01-01 [V]): 2 "
        "single agents from different classes plus 2 augmentation trials, 6 weeks each, "
        "intolerance allowed; PHQ-9 at least 20 as the issue sets it; exclusions and "
        "psychotherapy weeks unconfirmed [NV]. example: check against the payer's current "
        "policy before use",
        "psychotherapy_weeks_unconfirmed": True,
    },
]


def seed(apps, schema_editor):
    CriteriaProfile = apps.get_model("intake", "CriteriaProfile")
    has_default = CriteriaProfile.objects.filter(is_default=True).exists()
    for row in PROFILES:
        values = dict(row)
        key = values.pop("key")
        if has_default:
            values["is_default"] = False
        CriteriaProfile.objects.get_or_create(key=key, defaults=values)


def unseed(apps, schema_editor):
    CriteriaProfile = apps.get_model("intake", "CriteriaProfile")
    InsurancePlanMapping = apps.get_model("intake", "InsurancePlanMapping")
    keys = [row["key"] for row in PROFILES]
    InsurancePlanMapping.objects.filter(profile__key__in=keys).delete()
    CriteriaProfile.objects.filter(key__in=keys).delete()


class Migration(migrations.Migration):
    dependencies = [("intake", "0003_seed_medication_catalogue")]

    operations = [migrations.RunPython(seed, unseed)]
