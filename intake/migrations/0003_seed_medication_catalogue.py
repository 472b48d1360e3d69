"""Seed the medication catalogue: clinical-facts section 3d, with common US brand names.

The values are a frozen copy of intake/eligibility_seed.py at the time of writing (a migration
must not import app code that changes later). Reversible: going back deletes the seeded rows.
"""

from decimal import Decimal

from django.db import migrations

MEDICATIONS = [
    {
        "generic_name": "citalopram",
        "drug_class": "SSRI",
        "min_mg": 20,
        "max_mg": 40,
        "augmentation": False,
        "aliases": ("Celexa",),
        "source": "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed",
    },
    {
        "generic_name": "escitalopram",
        "drug_class": "SSRI",
        "min_mg": 10,
        "max_mg": 20,
        "augmentation": False,
        "aliases": ("Lexapro",),
        "source": "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed",
    },
    {
        "generic_name": "fluoxetine",
        "drug_class": "SSRI",
        "min_mg": 20,
        "max_mg": 60,
        "augmentation": False,
        "aliases": ("Prozac", "Sarafem"),
        "source": "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed",
    },
    {
        "generic_name": "paroxetine",
        "drug_class": "SSRI",
        "min_mg": 20,
        "max_mg": 50,
        "augmentation": False,
        "aliases": ("Paxil", "Paxil CR", "Pexeva", "paroxetine CR"),
        "source": "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed; CR form starts at 25 mg (above the 20 mg "
        "floor); McMaster max 50",
    },
    {
        "generic_name": "sertraline",
        "drug_class": "SSRI",
        "min_mg": 50,
        "max_mg": 200,
        "augmentation": False,
        "aliases": ("Zoloft",),
        "source": "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed",
    },
    {
        "generic_name": "fluvoxamine",
        "drug_class": "SSRI",
        "min_mg": 50,
        "max_mg": 300,
        "augmentation": False,
        "aliases": ("Luvox", "Luvox CR"),
        "source": "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed; McMaster max 300",
    },
    {
        "generic_name": "venlafaxine",
        "drug_class": "SNRI",
        "min_mg": 150,
        "max_mg": 375,
        "augmentation": False,
        "aliases": ("Effexor", "Effexor XR", "venlafaxine XR"),
        "source": "clinical-facts §3b/§3d/§7(a)3: 150 mg, not the 75 mg usual lower bound, since "
        "the MGH-ATRQ worked example counts venlafaxine 75 mg/d as too low [NV "
        "threshold]",
    },
    {
        "generic_name": "desvenlafaxine",
        "drug_class": "SNRI",
        "min_mg": 50,
        "max_mg": 100,
        "augmentation": False,
        "aliases": ("Pristiq", "Khedezla"),
        "source": "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed",
    },
    {
        "generic_name": "duloxetine",
        "drug_class": "SNRI",
        "min_mg": 60,
        "max_mg": 120,
        "augmentation": False,
        "aliases": ("Cymbalta", "Drizalma"),
        "source": "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed; McMaster 60-120",
    },
    {
        "generic_name": "levomilnacipran",
        "drug_class": "SNRI",
        "min_mg": 40,
        "max_mg": 120,
        "augmentation": False,
        "aliases": ("Fetzima",),
        "source": "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed; McMaster 40-120",
    },
    {
        "generic_name": "bupropion",
        "drug_class": "NDRI",
        "min_mg": 300,
        "max_mg": 450,
        "augmentation": False,
        "aliases": (
            "Wellbutrin",
            "Wellbutrin SR",
            "Wellbutrin XL",
            "bupropion SR",
            "bupropion XL",
            "Aplenzin",
            "Forfivo XL",
        ),
        "source": "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed (SR/XL 300); XL range 150-450 in the US",
    },
    {
        "generic_name": "mirtazapine",
        "drug_class": "NaSSA",
        "min_mg": 15,
        "max_mg": 45,
        "augmentation": False,
        "aliases": ("Remeron", "RemeronSolTab"),
        "source": "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed",
    },
    {
        "generic_name": "trazodone",
        "drug_class": "serotonin modulator",
        "min_mg": 200,
        "max_mg": 400,
        "augmentation": False,
        "aliases": ("Desyrel", "Oleptro"),
        "source": "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed; low hypnotic doses for sleep do not count "
        "(§7(a)9)",
    },
    {
        "generic_name": "nefazodone",
        "drug_class": "serotonin modulator",
        "min_mg": 300,
        "max_mg": 600,
        "augmentation": False,
        "aliases": ("Serzone",),
        "source": "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed",
    },
    {
        "generic_name": "vilazodone",
        "drug_class": "serotonin modulator",
        "min_mg": 40,
        "max_mg": 40,
        "augmentation": False,
        "aliases": ("Viibryd",),
        "source": "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed; McMaster 20-40",
    },
    {
        "generic_name": "vortioxetine",
        "drug_class": "serotonin modulator",
        "min_mg": 20,
        "max_mg": 20,
        "augmentation": False,
        "aliases": ("Trintellix", "Brintellix"),
        "source": "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed; McMaster 10-20: sources disagree (10 vs 20)",
    },
    {
        "generic_name": "amitriptyline",
        "drug_class": "TCA",
        "min_mg": 150,
        "max_mg": 300,
        "augmentation": False,
        "aliases": ("Elavil",),
        "source": "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed",
    },
    {
        "generic_name": "imipramine",
        "drug_class": "TCA",
        "min_mg": 150,
        "max_mg": 300,
        "augmentation": False,
        "aliases": ("Tofranil",),
        "source": "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed",
    },
    {
        "generic_name": "desipramine",
        "drug_class": "TCA",
        "min_mg": 150,
        "max_mg": 300,
        "augmentation": False,
        "aliases": ("Norpramin",),
        "source": "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed",
    },
    {
        "generic_name": "nortriptyline",
        "drug_class": "TCA",
        "min_mg": 50,
        "max_mg": 150,
        "augmentation": False,
        "aliases": ("Pamelor", "Aventyl"),
        "source": "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed; plasma levels are often used instead",
    },
    {
        "generic_name": "clomipramine",
        "drug_class": "TCA",
        "min_mg": 100,
        "max_mg": 250,
        "augmentation": False,
        "aliases": ("Anafranil",),
        "source": "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed",
    },
    {
        "generic_name": "doxepin",
        "drug_class": "TCA",
        "min_mg": 100,
        "max_mg": 300,
        "augmentation": False,
        "aliases": ("Sinequan", "Silenor"),
        "source": "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed; Silenor is a low sleep dose and falls below "
        "the floor",
    },
    {
        "generic_name": "phenelzine",
        "drug_class": "MAOI",
        "min_mg": 15,
        "max_mg": 90,
        "augmentation": False,
        "aliases": ("Nardil",),
        "source": "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed; this lower bound is probably below an "
        "effective dose [NV]",
    },
    {
        "generic_name": "tranylcypromine",
        "drug_class": "MAOI",
        "min_mg": 30,
        "max_mg": 60,
        "augmentation": False,
        "aliases": ("Parnate",),
        "source": "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed",
    },
    {
        "generic_name": "isocarboxazid",
        "drug_class": "MAOI",
        "min_mg": 10,
        "max_mg": 40,
        "augmentation": False,
        "aliases": ("Marplan",),
        "source": "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed",
    },
    {
        "generic_name": "selegiline transdermal",
        "drug_class": "MAOI",
        "min_mg": 6,
        "max_mg": 12,
        "augmentation": False,
        "aliases": ("Emsam", "selegiline patch"),
        "source": "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed (mg per 24 h patch)",
    },
    {
        "generic_name": "aripiprazole",
        "drug_class": "second-generation antipsychotic",
        "min_mg": 5,
        "max_mg": 15,
        "augmentation": True,
        "aliases": ("Abilify", "Abilify Mycite"),
        "source": "clinical-facts §3d: adjunct target 5-10 mg, max 15 (AJP 2010 letter)",
    },
    {
        "generic_name": "quetiapine",
        "drug_class": "second-generation antipsychotic",
        "min_mg": 150,
        "max_mg": 300,
        "augmentation": True,
        "aliases": ("Seroquel", "Seroquel XR", "quetiapine XR"),
        "source": "clinical-facts §3d: quetiapine XR adjunct 150-300 mg [S], verify on DailyMed",
    },
    {
        "generic_name": "brexpiprazole",
        "drug_class": "second-generation antipsychotic",
        "min_mg": 1,
        "max_mg": 3,
        "augmentation": True,
        "aliases": ("Rexulti",),
        "source": "clinical-facts §3d: adjunct 1-3 mg, label target 2 [NV]",
    },
    {
        "generic_name": "cariprazine",
        "drug_class": "second-generation antipsychotic",
        "min_mg": 1.5,
        "max_mg": 3,
        "augmentation": True,
        "aliases": ("Vraylar",),
        "source": "clinical-facts §3d: adjunct trial doses 1.5-3 mg",
    },
    {
        "generic_name": "lithium",
        "drug_class": "lithium",
        "min_mg": None,
        "max_mg": None,
        "augmentation": True,
        "aliases": ("Lithobid", "Eskalith", "lithium carbonate"),
        "source": "clinical-facts §3d: adequacy is a blood level of 0.8-1.2 mEq/L for 3-6 weeks, "
        "not a mg dose, so a clinician judges each lithium trial",
    },
    {
        "generic_name": "liothyronine",
        "drug_class": "thyroid hormone (T3)",
        "min_mg": None,
        "max_mg": None,
        "augmentation": True,
        "aliases": ("Cytomel", "T3"),
        "source": "clinical-facts §7(a)7 lists T3 among augmenters; no dose is given, so a "
        "clinician judges each trial",
    },
    {
        "generic_name": "esketamine",
        "drug_class": "NMDA antagonist (nasal)",
        "min_mg": None,
        "max_mg": None,
        "augmentation": True,
        "aliases": ("Spravato",),
        "source": "clinical-facts §3d: not a classical trial in ATHF/ATRQ; a clinician judges it",
    },
]


def _mg(value):
    return None if value is None else Decimal(str(value))


def seed(apps, schema_editor):
    Medication = apps.get_model("intake", "Medication")
    MedicationAlias = apps.get_model("intake", "MedicationAlias")
    for row in MEDICATIONS:
        if Medication.objects.filter(generic_name__iexact=row["generic_name"]).exists():
            continue
        medication = Medication.objects.create(
            generic_name=row["generic_name"],
            drug_class=row["drug_class"],
            min_adequate_daily_mg=_mg(row["min_mg"]),
            usual_max_daily_mg=_mg(row["max_mg"]),
            is_augmentation_agent=row["augmentation"],
            source=row["source"],
        )
        for name in row["aliases"]:
            if not MedicationAlias.objects.filter(name__iexact=name).exists():
                MedicationAlias.objects.create(medication=medication, name=name)


def unseed(apps, schema_editor):
    Medication = apps.get_model("intake", "Medication")
    Medication.objects.filter(
        generic_name__in=[row["generic_name"] for row in MEDICATIONS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("intake", "0002_add_eligibility_catalogue_profiles_notes")]

    operations = [migrations.RunPython(seed, unseed)]
