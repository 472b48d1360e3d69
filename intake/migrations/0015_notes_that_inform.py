"""Notes that inform (issue 13): the seeded numbers that depart from their sources.

- The fda-label profile excludes bipolar disorder (the FDA labels are for major depression only).
- strict-4-trials asks for a PHQ-9 above 20 (21 or more), as its source says ("> 20").
- Each seeded profile and medication whose numbers depart from their source, or are not
  confirmed, carries the reason in ``unconfirmed_reason`` (shown in the admin and to staff).
- ``Intake.evaluation`` stores the whole evaluation, so every place shows the same counts.
- Note wording that informs and never decides, and staff wording and sources that name their
  sources in words, never a section number of the reference facts (NOTE_WORDING, the sources).

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
            "The NeuroStar FDA label of 2008: major depression in adults who did not "
            "improve enough on one antidepressant at or above the minimal effective "
            "dose and duration in the current episode. The labels are for major "
            "depression only, so bipolar disorder is an exclusion. example: check "
            "against the payer's current policy before use",
        ),
        "unconfirmed_reason": (
            "",
            "The label gives no number of weeks: 4 weeks at the minimum "
            "labeled dose is a clinic FAQ's reading of it (EVMS, a "
            "secondary source).",
        ),
    },
    "typical-2-classes": {
        "source": (
            "clinical-facts §2a/§2b: pattern shared by Medicare L37086, "
            "UHC/Optum, Cigna and Ambetter/Centene CP.BH.200 (PHQ-9 at least "
            "15, bipolar exclusion); Aetna's substance use in the past 90 "
            "days; psychotherapy weeks unconfirmed [NV]. example: check "
            "against the payer's current policy before use",
            "The pattern shared by Medicare L37086, UnitedHealthcare/Optum, "
            "Cigna and Ambetter/Centene CP.BH.200 (PHQ-9 at least 15 and the "
            "bipolar exclusion are Centene's); Aetna's exclusion of alcohol "
            "or drug use in the past 90 days; the weeks of talk therapy are "
            "not confirmed. example: check against the payer's current "
            "policy before use",
        ),
        "unconfirmed_reason": (
            "",
            "6 weeks per trial: of these payers only Cigna gives "
            "a number, and it is 4 weeks. PHQ-9 of 15 or more is "
            "Centene's figure; Medicare L37086 asks for severe "
            "depression. No payer text at hand gives the weeks "
            "of talk therapy (6 is a placeholder).",
        ),
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
            "BCBS Michigan via New Directions (effective 2016-01-01, read in "
            "its own text): 2 single agents from different classes plus 2 "
            "augmentation trials, 6 weeks each at the maximal FDA dose or the "
            "maximal tolerated dose, intolerance allowed; severe depression as "
            "PHQ-9 above 20 (21 or more); the exclusions and the weeks of talk "
            "therapy are not confirmed. example: check against the payer's "
            "current policy before use",
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

# generic name: (earlier source, new source), in plain words
MEDICATION_SOURCES = {
    "citalopram": (
        "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed",
        "The lower bound of the usual adult daily dose in UpToDate's antidepressant dose "
        "table, used as the minimum adequate dose until the ATHF-SF2 or MGH-ATRQ tables "
        "are licensed",
    ),
    "escitalopram": (
        "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed",
        "The lower bound of the usual adult daily dose in UpToDate's antidepressant dose "
        "table, used as the minimum adequate dose until the ATHF-SF2 or MGH-ATRQ tables "
        "are licensed",
    ),
    "fluoxetine": (
        "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed",
        "The lower bound of the usual adult daily dose in UpToDate's antidepressant dose "
        "table, used as the minimum adequate dose until the ATHF-SF2 or MGH-ATRQ tables "
        "are licensed",
    ),
    "paroxetine": (
        "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed; CR form starts at 25 mg (above the 20 mg "
        "floor); McMaster max 50",
        "The lower bound of the usual adult daily dose in UpToDate's antidepressant dose "
        "table, used as the minimum adequate dose until the ATHF-SF2 or MGH-ATRQ tables "
        "are licensed; CR form starts at 25 mg (above the 20 mg floor); McMaster max 50",
    ),
    "sertraline": (
        "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed",
        "The lower bound of the usual adult daily dose in UpToDate's antidepressant dose "
        "table, used as the minimum adequate dose until the ATHF-SF2 or MGH-ATRQ tables "
        "are licensed",
    ),
    "fluvoxamine": (
        "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed; McMaster max 300",
        "The lower bound of the usual adult daily dose in UpToDate's antidepressant dose "
        "table, used as the minimum adequate dose until the ATHF-SF2 or MGH-ATRQ tables "
        "are licensed; McMaster max 300",
    ),
    "venlafaxine": (
        "clinical-facts §3b/§3d/§7(a)3: 150 mg, not the 75 mg usual lower bound, since "
        "the MGH-ATRQ worked example counts venlafaxine 75 mg/d as too low [NV threshold]",
        "150 mg, not UpToDate's usual lower bound of 75 mg, since the MGH-ATRQ worked "
        "example counts venlafaxine 75 mg a day as too low (the ATRQ threshold is not "
        "confirmed)",
    ),
    "desvenlafaxine": (
        "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed",
        "The lower bound of the usual adult daily dose in UpToDate's antidepressant "
        "dose table, used as the minimum adequate dose until the ATHF-SF2 or MGH-ATRQ "
        "tables are licensed",
    ),
    "duloxetine": (
        "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed; McMaster 60-120",
        "The lower bound of the usual adult daily dose in UpToDate's antidepressant dose "
        "table, used as the minimum adequate dose until the ATHF-SF2 or MGH-ATRQ tables "
        "are licensed; McMaster 60-120",
    ),
    "levomilnacipran": (
        "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed; McMaster 40-120",
        "The lower bound of the usual adult daily dose in UpToDate's antidepressant "
        "dose table, used as the minimum adequate dose until the ATHF-SF2 or MGH-ATRQ "
        "tables are licensed; McMaster 40-120",
    ),
    "bupropion": (
        "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed (SR/XL 300); XL range 150-450 in the US",
        "The lower bound of the usual adult daily dose in UpToDate's antidepressant dose "
        "table, used as the minimum adequate dose until the ATHF-SF2 or MGH-ATRQ tables are "
        "licensed (SR/XL 300); XL range 150-450 in the US",
    ),
    "mirtazapine": (
        "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed",
        "The lower bound of the usual adult daily dose in UpToDate's antidepressant dose "
        "table, used as the minimum adequate dose until the ATHF-SF2 or MGH-ATRQ tables "
        "are licensed",
    ),
    "trazodone": (
        "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed; low hypnotic doses for sleep do not count "
        "(§7(a)9)",
        "The lower bound of the usual adult daily dose in UpToDate's antidepressant dose "
        "table, used as the minimum adequate dose until the ATHF-SF2 or MGH-ATRQ tables are "
        "licensed; low doses for sleep do not count (ATRQ)",
    ),
    "nefazodone": (
        "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed",
        "The lower bound of the usual adult daily dose in UpToDate's antidepressant dose "
        "table, used as the minimum adequate dose until the ATHF-SF2 or MGH-ATRQ tables "
        "are licensed",
    ),
    "vilazodone": (
        "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed; McMaster 20-40",
        "The lower bound of the usual adult daily dose in UpToDate's antidepressant dose "
        "table, used as the minimum adequate dose until the ATHF-SF2 or MGH-ATRQ tables "
        "are licensed; McMaster 20-40",
    ),
    "vortioxetine": (
        "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed; McMaster 10-20: sources disagree (10 vs 20)",
        "The lower bound of the usual adult daily dose in UpToDate's antidepressant dose "
        "table, used as the minimum adequate dose until the ATHF-SF2 or MGH-ATRQ tables "
        "are licensed; McMaster 10-20: sources disagree (10 vs 20)",
    ),
    "amitriptyline": (
        "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed",
        "The lower bound of the usual adult daily dose in UpToDate's antidepressant "
        "dose table, used as the minimum adequate dose until the ATHF-SF2 or MGH-ATRQ "
        "tables are licensed",
    ),
    "imipramine": (
        "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed",
        "The lower bound of the usual adult daily dose in UpToDate's antidepressant dose "
        "table, used as the minimum adequate dose until the ATHF-SF2 or MGH-ATRQ tables "
        "are licensed",
    ),
    "desipramine": (
        "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed",
        "The lower bound of the usual adult daily dose in UpToDate's antidepressant dose "
        "table, used as the minimum adequate dose until the ATHF-SF2 or MGH-ATRQ tables "
        "are licensed",
    ),
    "nortriptyline": (
        "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed; plasma levels are often used instead",
        "The lower bound of the usual adult daily dose in UpToDate's antidepressant "
        "dose table, used as the minimum adequate dose until the ATHF-SF2 or MGH-ATRQ "
        "tables are licensed; plasma levels are often used instead",
    ),
    "clomipramine": (
        "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed",
        "The lower bound of the usual adult daily dose in UpToDate's antidepressant dose "
        "table, used as the minimum adequate dose until the ATHF-SF2 or MGH-ATRQ tables "
        "are licensed",
    ),
    "doxepin": (
        "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed; Silenor is a low sleep dose and falls below the "
        "floor",
        "The lower bound of the usual adult daily dose in UpToDate's antidepressant dose "
        "table, used as the minimum adequate dose until the ATHF-SF2 or MGH-ATRQ tables are "
        "licensed; Silenor is a low sleep dose and falls below the floor",
    ),
    "phenelzine": (
        "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed; this lower bound is probably below an "
        "effective dose [NV]",
        "The lower bound of the usual adult daily dose in UpToDate's antidepressant dose "
        "table, used as the minimum adequate dose until the ATHF-SF2 or MGH-ATRQ tables "
        "are licensed; this lower bound is probably below an effective dose (not "
        "confirmed)",
    ),
    "tranylcypromine": (
        "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed",
        "The lower bound of the usual adult daily dose in UpToDate's antidepressant "
        "dose table, used as the minimum adequate dose until the ATHF-SF2 or MGH-ATRQ "
        "tables are licensed",
    ),
    "isocarboxazid": (
        "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate "
        "antidepressant doses table), used as a proxy minimum adequate dose until "
        "ATHF-SF2/ATRQ tables are licensed",
        "The lower bound of the usual adult daily dose in UpToDate's antidepressant "
        "dose table, used as the minimum adequate dose until the ATHF-SF2 or MGH-ATRQ "
        "tables are licensed",
    ),
    "selegiline transdermal": (
        "clinical-facts §3d: lower bound of the usual adult daily dose "
        "(UpToDate antidepressant doses table), used as a proxy minimum "
        "adequate dose until ATHF-SF2/ATRQ tables are licensed (mg per 24 h "
        "patch)",
        "The lower bound of the usual adult daily dose in UpToDate's "
        "antidepressant dose table, used as the minimum adequate dose until "
        "the ATHF-SF2 or MGH-ATRQ tables are licensed (mg per 24 h patch)",
    ),
    "aripiprazole": (
        "clinical-facts §3d: adjunct target 5-10 mg, max 15 (AJP 2010 letter)",
        "Adjunct target 5-10 mg, maximum 15 mg (AJP 2010 letter)",
    ),
    "quetiapine": (
        "clinical-facts §3d: quetiapine XR adjunct 150-300 mg [S], verify on DailyMed",
        "Quetiapine XR adjunct 150-300 mg (a secondary source): verify on DailyMed",
    ),
    "brexpiprazole": (
        "clinical-facts §3d: adjunct 1-3 mg, label target 2 [NV]",
        "Adjunct 1-3 mg, label target 2 mg (not confirmed)",
    ),
    "cariprazine": (
        "clinical-facts §3d: adjunct trial doses 1.5-3 mg",
        "Adjunct trial doses 1.5-3 mg",
    ),
    "lithium": (
        "clinical-facts §3d: adequacy is a blood level of 0.8-1.2 mEq/L for 3-6 weeks, not a "
        "mg dose, so a clinician judges each lithium trial",
        "Adequacy is a blood level of 0.8-1.2 mEq/L for 3-6 weeks, not a mg dose, so a "
        "clinician judges each lithium trial",
    ),
    "liothyronine": (
        "clinical-facts §7(a)7 lists T3 among augmenters; no dose is given, so a "
        "clinician judges each trial",
        "T3 is a usual augmenter; no adequate dose is given in the sources at hand, so a "
        "clinician judges each trial",
    ),
    "esketamine": (
        "clinical-facts §3d: not a classical trial in ATHF/ATRQ; a clinician judges it",
        "Not a classical trial in the ATHF or MGH-ATRQ; a clinician judges it",
    ),
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
NOTE_WORDING = {
    "urgent.item9": {
        "staff": (
            "PHQ-9 item 9 = {item9_score}. Same-day clinician follow-up and "
            "suicide-risk assessment required, whatever the total (clinical-facts "
            "§4).",
            "PHQ-9 item 9 (thoughts of death or self-harm) scored {item9_score}. "
            'Any answer above "Not at all" needs same-day clinician follow-up and '
            "a suicide-risk assessment, whatever the total (PHQ-9 item 9 guidance, "
            "AACN Critical Care Nurse 2020).",
        )
    },
    "safety.unanswered": {
        "staff": (
            "Safety screen not answered: complete the IFCN screen before any treatment.",
            "The safety screen is not answered. Go through the IFCN screening "
            "questionnaire (Rossi 2009, updated 2021) with the patient before "
            "any treatment.",
        )
    },
    "safety.cochlear_implant": {
        "staff": (
            "Cochlear implant: contraindicated on device labels and "
            "payer policies; IFCN-2021 checklist lists it as absolute, "
            "Tendler 2023 saw no damage (§5b). Review before any "
            "treatment.",
            "Cochlear implant. Device labels and payer policies list it "
            "as a contraindication; the IFCN 2021 research checklist "
            "lists it as absolute, while Tendler 2023 saw no damage. A "
            "clinician must review it before any treatment.",
        )
    },
    "safety.metal_in_head": {
        "staff": (
            "Metal in the head: labels and payers exclude ferromagnetic or "
            "conductive metal within 30 cm of the coil (not dental); "
            "experts: MRI-safe/conditional is TMS-safe, 10 cm margin (§5b, "
            "§2b). Review before any treatment.",
            "Metal in or near the head. Device labels and payers (Medicare "
            "L34998 and L34522) exclude ferromagnetic or conductive metal "
            "within 30 cm of the coil, dental work aside; expert guidance "
            "(Tendler 2023, after IFCN 2021) holds MRI-safe or "
            "MRI-conditional implants to be TMS-safe, with a 10 cm margin. "
            "A clinician must review it before any treatment.",
        )
    },
    "safety.implanted_stimulator": {
        "staff": (
            "Implanted stimulator (DBS, cortical, VNS): "
            "contraindicated on labels; DBS and cortical "
            "stimulators absolute in the IFCN-2021 checklist; VNS "
            "treatable with care (§5b). Review before any "
            "treatment.",
            "Implanted stimulator (deep brain, cortical or vagus "
            "nerve). Device labels list it as a contraindication; "
            "the IFCN 2021 checklist treats deep brain and cortical "
            "stimulators as absolute, and a vagus nerve stimulator "
            "can be treated with care (Tendler 2023). A clinician "
            "must review it before any treatment.",
        )
    },
    "safety.pacemaker": {
        "staff": (
            "Pacemaker/ICD: contraindicated or not recommended by labels and "
            "clinics; expert view: can be treated with care (§5b). Review "
            "before any treatment.",
            "Pacemaker or implanted defibrillator. Device labels and clinic "
            "policies call it a contraindication or not recommended; expert "
            "guidance (Tendler 2023) says it can be treated with care. A "
            "clinician must review it before any treatment.",
        )
    },
    "safety.medication_pump": {
        "staff": (
            "Implanted medication pump: not recommended per "
            "labels/clinics; experts: can be treated with care (§5b). "
            "Review before any treatment.",
            "Implanted medication pump. Device labels and clinic "
            "policies do not recommend TMS with one; expert guidance "
            "(Tendler 2023) says it can be treated with care. A "
            "clinician must review it before any treatment.",
        )
    },
    "safety.seizure": {
        "staff": (
            "Seizure history: payer exclusion in some policies (L37086, Aetna, "
            "New Directions); relative per IFCN, absolute in the checklist only "
            "if a seizure in the last 12 months on AEDs. Rate 0.31/10,000 "
            "sessions (Taylor 2021, §6b).",
            "History of seizure. Some payers exclude seizure disorders (Medicare "
            "L37086, Aetna, New Directions); IFCN guidance treats it as "
            "relative, absolute only after a seizure in the last 12 months on "
            "antiseizure medicine. The seizure rate with TMS is about 0.31 per "
            "10,000 sessions (Taylor 2021).",
        )
    },
    "safety.fainting": {
        "staff": (
            "Fainting/syncope: IFCN screening item; weigh risk (§5a).",
            "History of fainting. An item of the IFCN screening questionnaire: "
            "take a history and weigh the risk.",
        )
    },
    "safety.head_injury": {
        "staff": (
            "Severe head trauma: IFCN item; Aetna lists head trauma among exclusions (§2a, §5b).",
            "Severe head injury. An item of the IFCN screening "
            "questionnaire; Aetna's policy lists head trauma among its "
            "exclusions.",
        )
    },
    "safety.hearing_problem": {
        "staff": (
            "Hearing problems/tinnitus: IFCN item; earplugs required (§5a, §6b).",
            "Hearing problems or tinnitus. An item of the IFCN screening "
            "questionnaire; earplugs are needed during every session.",
        )
    },
    "safety.pregnancy": {
        "staff": (
            "Pregnancy: relative; IFCN-2021 checklist notes 12 studies, 50 "
            "pregnant people, no foetal adverse effects; main risk is a "
            "maternal seizure (§5b).",
            "Pregnant or may be pregnant. A relative concern: the IFCN 2021 "
            "checklist notes 12 studies of 50 pregnant people with no harm to "
            "the baby; the main risk is a seizure in the mother.",
        )
    },
    "safety.seizure_threshold_meds": {
        "staff": (
            "Drugs lowering the seizure threshold: review; IFCN "
            "2021 finds seizure risk low even with CNS-active "
            "drugs (§5a).",
            "Takes a medicine that lowers the seizure threshold. "
            "Review the medicines; IFCN 2021 finds the seizure "
            "risk low even with drugs acting on the brain.",
        )
    },
    "safety.brain_condition": {
        "staff": (
            "Brain condition (raised ICP, stroke, CNS tumour, dementia): "
            "payer exclusions (Aetna, L34522); caution per IFCN (§5b).",
            "Brain condition (raised intracranial pressure, stroke, "
            "tumour or dementia). Aetna's policy and Medicare L34522 "
            "exclude these; IFCN guidance asks for caution.",
        )
    },
    "safety.prior_tms_problem": {
        "staff": (
            "Problem during previous TMS: take a history (IFCN item, §5a).",
            "A problem during earlier TMS. An item of the IFCN "
            "screening questionnaire: take a history.",
        )
    },
    "safety.prior_mri_problem": {
        "staff": (
            "Problem during previous MRI: check for implants or metal (IFCN item, §5a).",
            "A problem during an earlier MRI. An item of the IFCN "
            "screening questionnaire: check for implants or metal.",
        )
    },
    "criterion.age.met": {
        "patient": (
            "You are {age}. The rules we used are written for adults "
            "{min_age} and older, so this part looks met.",
            "You are {age}. The rules we used are written for adults "
            "{min_age} and older. This part looks in place.",
        ),
        "staff": ("Age {age} >= {min_age}.", "Age {age}; the profile's minimum is {min_age}."),
    },
    "criterion.age.unmet": {
        "staff": (
            "Age {age} < {min_age}. Adolescent (15-21) clearances are "
            "adjunct only; payer coverage for 15-17 varies (§7(b)6).",
            "Age {age}, under the profile's minimum of {min_age}. The FDA "
            "clearances for ages 15 to 21 (NeuroStar 2024, MagVenture 2025) "
            "are for add-on treatment only; payer coverage for ages 15 to "
            "17 varies.",
        )
    },
    "criterion.age.unknown": {
        "staff": (
            "Age missing (profile minimum {min_age}).",
            "Age not given (the profile's minimum is {min_age}).",
        )
    },
    "criterion.severity.met": {
        "patient": (
            "Your PHQ-9 score is {total} out of 27, which is in the "
            "{severity_words} range. The rules we used ask for at "
            "least {required}, so this part looks met.",
            "Your PHQ-9 score is {total} out of 27, which is in the "
            "{severity_words} range. The rules we used look for at "
            "least {required}. This part looks in place.",
        ),
        "staff": (
            "PHQ-9 {total} ({severity}) >= {required}.",
            "PHQ-9 total {total} ({severity_words}); the profile asks for {required} or more.",
        ),
    },
    "criterion.severity.unmet": {
        "patient": (
            "Your PHQ-9 score is {total} out of 27, which is in the "
            "{severity_words} range. The rules we used usually ask "
            "for at least {required}. Scores change from week to "
            "week, and your care team looks at the whole picture.",
            "Your PHQ-9 score is {total} out of 27, which is in the "
            "{severity_words} range. The rules we used usually look "
            "for at least {required}. Scores change from week to "
            "week, and your care team looks at the whole picture. "
            "This part needs a closer look.",
        ),
        "staff": (
            "PHQ-9 {total} ({severity}) < {required}. Payers usually "
            "want severe MDD on a validated scale (§2b).",
            "PHQ-9 total {total} ({severity_words}), under the "
            "profile's {required}. Most payers ask for severe "
            "depression on a validated scale.",
        ),
    },
    "criterion.severity.unknown": {
        "staff": (
            "PHQ-9 missing or incomplete (profile minimum {required}); check item 9 was screened.",
            "PHQ-9 missing or unfinished (the profile asks for "
            "{required} or more). Check that item 9 was screened.",
        )
    },
    "criterion.failed_trials.met": {
        "patient": (
            "We counted {counted} full medicine trial(s) that did "
            "not help you enough. The rules we used ask for "
            "{required}, so this part looks met.",
            "We counted {counted_words} that did not help you "
            "enough ({breakdown}). The rules we used look for "
            "{required}. This part looks in place. Your care team "
            "will check each one with you.",
        ),
        "staff": (
            "Adequate failed antidepressant trials counted: {counted} (required {required}).",
            "{counted} of {required} medicine trials counted ({breakdown}).",
        ),
    },
    "criterion.failed_trials.unmet": {
        "patient": (
            "So far, we counted {counted} full medicine "
            "trial(s) that did not help you enough. The rules "
            "we used usually ask for {required}. A full trial "
            "means a high enough dose for long enough. Your "
            "care team will go over your list with you.",
            "So far, we counted {counted_words} that did not "
            "help you enough. The rules we used usually look "
            "for {required}. To count, a medicine is taken at a "
            "high enough dose for long enough, or stopped "
            "because of side effects. This part needs a closer "
            "look. Your care team will go over your list with "
            "you.",
        ),
        "staff": (
            "Adequate failed antidepressant trials counted: "
            "{counted} of {required}; none uncertain.",
            "{counted} of {required} medicine trials counted ({breakdown}); no trial is uncertain.",
        ),
    },
    "criterion.failed_trials.unknown": {
        "patient": (
            "So far, we counted {counted} full medicine "
            "trial(s) that did not help you enough, and "
            "{uncertain} more need a closer look. The rules "
            "we used ask for {required}. A clinician will "
            "check the details with you.",
            "So far, we counted {counted_words} that did not "
            "help you enough, and {uncertain_words} need a "
            "closer look. The rules we used look for "
            "{required}. A clinician will check the details "
            "with you.",
        ),
        "staff": (
            "Counted {counted} of {required}; {uncertain} "
            "uncertain trial(s) could change this: confirm "
            "drug, dose, weeks, episode and outcome (§7(a)10).",
            "{counted} of {required} medicine trials counted "
            "({breakdown}); {uncertain} more could count once "
            "the drug, dose, weeks, episode and outcome are "
            "confirmed.",
        ),
    },
    "criterion.classes.met": {
        "patient": (
            "The medicines that did not help come from {counted} "
            "different groups ({classes}). The rules we used ask for "
            "{required}, so this part looks met.",
            "The medicines that did not help come from {counted_words} "
            "of medicine ({classes}). The rules we used look for "
            "{required}. This part looks in place.",
        ),
        "staff": (
            "Failed classes: {classes} ({counted} of {required}).",
            "Classes of the counted trials: {classes} ({counted} of {required}).",
        ),
    },
    "criterion.classes.unmet": {
        "patient": (
            "So far, the medicines we counted come from {counted} "
            "group(s) of medicine. The rules we used usually ask for "
            "{required} different groups. Your care team will talk "
            "with you about this.",
            "So far, the medicines we counted come from "
            "{counted_words} of medicine. The rules we used usually "
            "look for {required_words}. This part needs a closer "
            "look. Your care team will talk with you about it.",
        ),
        "staff": (
            "Failed classes: {classes} ({counted} of {required}).",
            "Classes of the counted trials: {classes} ({counted} of {required}).",
        ),
    },
    "criterion.classes.unknown": {
        "patient": (
            "So far, the medicines we counted come from {counted} "
            "group(s) of medicine. Some of your medicines need a "
            "closer look, and they may add more. The rules we used "
            "ask for {required}. A clinician will check.",
            "So far, the medicines we counted come from "
            "{counted_words} of medicine. Some of your medicines "
            "need a closer look, and they may add more. The rules "
            "we used look for {required_words}. A clinician will "
            "check.",
        ),
        "staff": (
            "Failed classes: {classes} ({counted} of {required}); up "
            "to {uncertain} more from uncertain trials.",
            "Classes of the counted trials: {classes} ({counted} of "
            "{required}); up to {uncertain} more from trials still to "
            "confirm.",
        ),
    },
    "criterion.augmentation.met": {
        "patient": (
            "You have tried {counted} add-on medicine(s) that did "
            "not help enough. The rules we used ask for "
            "{required}, so this part looks met.",
            "You have tried {counted_words} that did not help "
            "enough. The rules we used look for {required}. This "
            "part looks in place.",
        ),
        "staff": (
            "Adequate failed augmentation trials: {counted} (required {required}).",
            "{counted} of {required} add-on (augmentation) trials counted.",
        ),
    },
    "criterion.augmentation.unmet": {
        "patient": (
            "The rules we used ask for {required} add-on "
            "medicine trial(s). An add-on is a second medicine "
            "taken with an antidepressant to help it work. So "
            "far, {counted} count. Your care team will talk with "
            "you about this.",
            "The rules we used look for {required_words}. An "
            "add-on is a second medicine taken with an "
            "antidepressant to help it work. So far, we counted "
            "{counted}. This part needs a closer look. Your care "
            "team will talk with you about it.",
        ),
        "staff": (
            "Adequate failed augmentation trials: {counted} of {required}.",
            "{counted} of {required} add-on (augmentation) trials counted.",
        ),
    },
    "criterion.augmentation.unknown": {
        "patient": (
            "So far, {counted} add-on medicine trial(s) count, "
            "and {uncertain} more need a closer look. The "
            "rules we used ask for {required}. A clinician "
            "will check.",
            "So far, we counted {counted_words}, and "
            "{uncertain_words} need a closer look. The rules "
            "we used look for {required}. A clinician will "
            "check.",
        ),
        "staff": (
            "Augmentation: {counted} of {required}; {uncertain} uncertain.",
            "{counted} of {required} add-on (augmentation) "
            "trials counted; {uncertain} more to confirm.",
        ),
    },
    "criterion.psychotherapy.met": {
        "patient": (
            "You have tried talk therapy for at least {min_weeks} "
            "weeks, and it did not help enough. This part looks "
            "met.",
            "You have tried talk therapy for at least {min_weeks} "
            "weeks, and it did not help enough. This part looks "
            "in place.",
        ),
        "staff": (
            "Adequate psychotherapy trial without sufficient "
            "improvement (>= {min_weeks} weeks; week threshold "
            "unconfirmed).",
            "A talk therapy course of {min_weeks} weeks or more "
            "without enough improvement. The number of weeks is the "
            "clinic's placeholder: no payer text at hand gives "
            "one.",
        ),
    },
    "criterion.psychotherapy.unmet": {
        "patient": (
            "The rules we used usually ask for a try of talk "
            "therapy, such as CBT, for at least {min_weeks} "
            "weeks. Your care team can talk with you about it.",
            "The rules we used usually look for a try of talk "
            "therapy, such as CBT, for at least {min_weeks} "
            "weeks. This part needs a closer look. Your care "
            "team can talk with you about it.",
        ),
        "staff": (
            "No failed psychotherapy trial of >= {min_weeks} weeks reported.",
            "No talk therapy course of {min_weeks} weeks or more "
            "without enough improvement was reported.",
        ),
    },
    "criterion.psychotherapy.unknown": {
        "staff": (
            "Psychotherapy details missing or outcome unclear (minimum {min_weeks} weeks).",
            "Talk therapy details missing or unclear (the "
            "profile asks for {min_weeks} weeks or more).",
        )
    },
    "criterion.exclusions.met": {
        "patient": (
            "The rules we used look for {checked}. You did not tell "
            "us about any of these, so this part looks met.",
            "The rules we used ask about {checked}. Your answers did not mention any of it.",
        ),
        "staff": (
            "None of the profile's exclusions applies (checked: {checked}).",
            "None of the profile's exclusions was reported (checked: {checked}).",
        ),
    },
    "criterion.exclusions.unmet": {
        "staff": (
            "Exclusion applies: {conditions} (§2a, §7(b)5). Clinician review.",
            "The patient reported {conditions}, an exclusion in this "
            "profile. A clinician reviews it.",
        )
    },
    "criterion.exclusions.unknown": {
        "patient": (
            "We still need your answers about {missing}. Your care team will ask you.",
            "Some of your answers about {missing} are missing, "
            "or you were not sure. That is okay. A clinician "
            "will go over them with you before any treatment.",
        ),
        "staff": (
            "Exclusion answers missing: {missing}.",
            "Not ruled out, because the answer is missing or the "
            "patient was not sure: {missing}. A clinician must "
            "confirm.",
        ),
    },
    "flag.psychosis": {
        "staff": (
            "Psychosis reported: flag for clinician (§7(b)5); an exclusion in "
            "many payer policies though not in this profile.",
            "Psychosis reported. Not an exclusion in this profile, but one in "
            "many payer policies (Medicare L34522 and L37086, Aetna): a "
            "clinician reviews it.",
        )
    },
    "flag.bipolar": {
        "staff": (
            "Bipolar diagnosis: flag for clinician (§7(b)5); Centene excludes it.",
            "Bipolar disorder reported. Not an exclusion in this profile, but the "
            "FDA labels are for major depression and Centene's policy excludes it: "
            "a clinician reviews it.",
        )
    },
    "flag.substance_use": {
        "staff": (
            "Substance use in the past 90 days: flag for clinician (Aetna exclusion, §7(b)5).",
            "Alcohol or drug use in the last 90 days. Not an exclusion in "
            "this profile; Aetna's policy excludes it. A clinician reviews "
            "it.",
        )
    },
    "diagnosis.not_sure": {
        "patient": (
            "You were not sure which kind of depression you have been told "
            "you have. That is okay. A clinician will go over it with you.",
            "You were not sure which kind of depression you have, or "
            "whether you have had times of very high mood. That is okay. A "
            "clinician will go over it with you.",
        ),
        "staff": (
            "Diagnosis not known to the patient: confirm MDD (single/recurrent) vs bipolar.",
            "The patient is not sure of the diagnosis, or was unsure about "
            "periods of high mood. Confirm major depression (single or "
            "recurrent) and rule out bipolar disorder.",
        ),
    },
    "phq9.score": {
        "staff": (
            "PHQ-9 {total} ({severity}); no minimum in this profile.",
            "PHQ-9 total {total} ({severity_words}); this profile sets no minimum.",
        )
    },
    "phq9.missing": {
        "staff": (
            "PHQ-9 missing or incomplete: no total; check item 9 was screened.",
            "PHQ-9 missing or unfinished, so there is no total. Check that item 9 was screened.",
        )
    },
    "trial.counted": {
        "patient": (
            "{medication} at {dose} mg a day for {weeks} weeks did not help "
            "enough ({outcome_words}). It counts as a full trial.",
            "{medication} at {dose} mg a day for {weeks} weeks did not help "
            "enough ({outcome_words}). The dose and the weeks are what the "
            "rules we used look for. Your care team will confirm it.",
        ),
        "staff": (
            "#{number} {generic} ({drug_class}) {dose} mg/d >= {min_dose}, "
            "{weeks} wk >= {min_weeks}, {outcome}: adequate failed trial, "
            "counted.",
            "{medication}, {drug_class}: {dose} mg a day (minimum {min_dose}) for "
            "{weeks} weeks (minimum {min_weeks}), {outcome_staff}. Counted as an "
            "adequate trial that failed.",
        ),
    },
    "trial.counted_augmentation": {
        "patient": (
            "{medication} at {dose} mg a day for {weeks} weeks, as "
            "an add-on, did not help enough. It counts as an "
            "add-on trial.",
            "{medication} at {dose} mg a day for {weeks} weeks, as "
            "an add-on, did not help enough. We counted it as an "
            "add-on medicine. Your care team will confirm it.",
        ),
        "staff": (
            "#{number} {generic} ({drug_class}) augmentation {dose} "
            "mg/d >= {min_dose}, {weeks} wk >= {min_weeks}, "
            "{outcome}: counted.",
            "{medication}, {drug_class}, as an add-on: {dose} mg a "
            "day (minimum {min_dose}) for {weeks} weeks (minimum "
            "{min_weeks}), {outcome_staff}. Counted as an adequate "
            "augmentation trial that failed.",
        ),
    },
    "trial.intolerance_counted": {
        "patient": (
            "You stopped {medication} because of side effects. The "
            "rules we used count that as a medicine that did not "
            "work for you.",
            "You stopped {medication} because of side effects. The "
            "rules we used count a medicine stopped for side "
            "effects among the medicines that did not help enough. "
            "Your care team will confirm it.",
        ),
        "staff": (
            "#{number} {generic} ({drug_class}) stopped for side "
            "effects: intolerance, counted toward failed trials by "
            "this profile.",
            "{medication}, {drug_class}: stopped for side effects. "
            "This profile counts intolerance toward the medicine "
            "trials.",
        ),
    },
    "trial.intolerance_not_counted": {
        "patient": (
            "You stopped {medication} because of side effects. "
            "The rules we used do not count that as a full "
            "trial, but your care team will note it.",
            "You stopped {medication} because of side effects. "
            "The rules we used do not count a medicine stopped "
            "for side effects, but your care team will note "
            "it.",
        ),
        "staff": (
            "#{number} {generic} ({drug_class}) stopped for side "
            "effects: intolerance, not counted toward failed "
            "trials by this profile.",
            "{medication}, {drug_class}: stopped for side "
            "effects. This profile does not count intolerance.",
        ),
    },
    "trial.augmentation_side_effects": {
        "staff": (
            "#{number} {medication}: add-on stopped for side effects; not counted.",
            "{medication}: an add-on stopped for side effects; not counted.",
        )
    },
    "trial.duplicate": {
        "patient": (
            "{medication} is on your list more than once. It is counted only once.",
            "{medication} is on your list more than once. We count it only once.",
        ),
        "staff": (
            "#{number} {generic}: same medication already counted.",
            "{medication}: the same medicine is already counted.",
        ),
    },
    "trial.response": {
        "patient": (
            "You said {medication} helped a lot. That is good to know. A "
            "medicine that helped is not counted as one that did not work.",
            "You said {medication} helped a lot. That is good to know. We "
            "count only medicines that did not help enough.",
        ),
        "staff": (
            "#{number} {medication}: response (50% or more), not a failure.",
            "{medication}: {outcome_staff}; not a failed trial.",
        ),
    },
    "trial.ongoing": {
        "patient": (
            "You are still taking {medication}, and it may be too early to tell "
            "if it helps. It is not counted yet.",
            "You are still taking {medication}, and it may be too early to tell "
            "if it helps. We have not counted it yet.",
        ),
        "staff": (
            "#{number} {medication}: ongoing, not counted.",
            "{medication}: still taking it, too early to judge; not counted.",
        ),
    },
    "trial.low_dose": {
        "patient": (
            "{medication} {dose} mg a day is less than the dose that usually "
            "works, which is {min_dose} mg. So it does not count as a full "
            "trial.",
            "You took {medication} at {dose} mg a day. The rules we used look "
            "for at least {min_dose} mg a day, the dose that usually works. "
            "Your care team will go over it with you.",
        ),
        "staff": (
            "#{number} {generic} {dose} mg/d < minimum adequate {min_dose} mg/d: not adequate.",
            "{medication}: {dose} mg a day, under the catalogue's minimum "
            "adequate dose of {min_dose} mg; not counted.",
        ),
    },
    "trial.too_short": {
        "patient": (
            "{medication} was taken for {weeks} weeks. The rules we used "
            "count a trial after at least {min_weeks} weeks, so it does not "
            "count as a full trial.",
            "You took {medication} for {weeks} weeks. The rules we used look "
            "for at least {min_weeks} weeks. Your care team will go over it "
            "with you.",
        ),
        "staff": (
            "#{number} {generic} {weeks} wk < {min_weeks} wk: not adequate.",
            "{medication}: {weeks} weeks, under the profile's {min_weeks}; not counted.",
        ),
    },
    "trial.low_dose_short": {
        "patient": (
            "{medication} {dose} mg a day for {weeks} weeks is less than "
            "the dose that usually works, which is {min_dose} mg. It is "
            "also shorter than {min_weeks} weeks. So it does not count "
            "as a full trial.",
            "You took {medication} at {dose} mg a day for {weeks} weeks. "
            "The rules we used look for at least {min_dose} mg a day for "
            "at least {min_weeks} weeks. Your care team will go over it "
            "with you.",
        ),
        "staff": (
            "#{number} {generic} {dose} mg/d < {min_dose} and {weeks} wk < "
            "{min_weeks}: not adequate.",
            "{medication}: {dose} mg a day (minimum {min_dose}) for "
            "{weeks} weeks (minimum {min_weeks}); not counted.",
        ),
    },
    "trial.prior_episode": {
        "staff": (
            "#{number} {medication}: prior episode; not counted (most rules "
            "count the current episode, §7(a)6).",
            "{medication}: taken in an earlier episode. Not counted: most "
            "rules count the current episode only.",
        )
    },
    "trial.prior_episode_only": {
        "staff": (
            "#{number} {medication}: prior episode and no trial in the "
            "current episode; the FDA-label reading may allow it "
            "(EVMS, §1). Clinician to decide.",
            "{medication}: taken in an earlier episode, and no trial "
            "is listed for the current one. The FDA-label reading "
            "(EVMS FAQ) lets an earlier episode count then: a "
            "clinician decides.",
        )
    },
    "trial.unknown_medication": {
        "staff": (
            '#{number} "{medication}" not in the catalogue: adequacy '
            "uncertain. Add it (or an alias) to the catalogue if it is "
            "a real antidepressant.",
            '"{medication}" is not in the medication catalogue, so its '
            "adequacy is uncertain. If it is a real antidepressant, "
            "add it (or the name as an alias) to the catalogue.",
        )
    },
    "trial.no_dose_threshold": {
        "staff": (
            "#{number} {generic} ({drug_class}): no mg threshold "
            "(level-based or not a classical trial); adequacy "
            "uncertain.",
            "{medication}, {drug_class}: judged by blood level or "
            "clinical review rather than a daily dose, so its adequacy "
            "is uncertain.",
        )
    },
    "trial.missing_details": {
        "staff": (
            "#{number} {generic}: {missing} missing; adequacy uncertain "
            "(min {min_dose} mg/d, {min_weeks} wk).",
            "{medication}: the {missing} is not given, so adequacy is "
            "uncertain (minimum {min_dose} mg a day for {min_weeks} "
            "weeks).",
        )
    },
    "trial.episode_unsure": {
        "staff": (
            "#{number} {medication}: current episode unknown; adequacy uncertain.",
            "{medication}: the patient is not sure it was taken in the "
            "current episode, so adequacy is uncertain.",
        )
    },
    "trial.outcome_unknown": {
        "staff": (
            "#{number} {generic} adequate dose and duration, outcome unknown.",
            "{medication}: adequate dose and weeks, but the outcome is not known.",
        )
    },
    "trial.dose_above_max": {
        "staff": (
            "#{number} {generic} {dose} mg/d above the usual maximum "
            "{max_dose} mg/d: check for a typing error.",
            "{medication}: {dose} mg a day is above the usual maximum of "
            "{max_dose} mg. Check for a typing error.",
        )
    },
    "prior_tms.response": {
        "staff": (
            "Prior TMS response {improvement_pct}% (> 50%): retreatment "
            "often covered after a documented response (L37086, UHC; Aetna "
            "adds sustained >= 2 months [S]).",
            "Earlier TMS helped by {improvement_pct}%. Medicare L37086 and "
            "UnitedHealthcare cover a repeat course after a documented "
            "response above 50%; Aetna also asks that it lasted 2 months or "
            "more (a secondary source).",
        )
    },
    "prior_tms.had": {
        "staff": (
            "Prior TMS; reported improvement in percent: {improvement_pct} "
            "(retreatment rules need a documented response above 50%).",
            "Had TMS before; improvement given: {improvement_pct}%. A repeat "
            "course needs a documented response above 50% (Medicare L37086, "
            "UnitedHealthcare).",
        )
    },
    "prior_ect": {
        "staff": (
            "Prior ECT: record course and response (Maudsley staging item, §3e).",
            "Had ECT before: record the course and how it went.",
        )
    },
    "info.schedule": {
        "staff": (
            "Default course 30 + 6 taper = 36 sessions (CPT 90867/90868/90869, "
            "§2b); session ~37 min standard 10 Hz, ~3 min iTBS (§6a).",
            "A usual course is 30 daily sessions and a 6-session taper, 36 in all "
            "(New Directions 2016; CPT 90867, 90868, 90869). A standard 10 Hz "
            "session lasts about 37 minutes, a theta-burst session about 3.",
        )
    },
    "info.how_it_works": {
        "staff": (
            "How-it-works links for the patient.",
            "How TMS works, with links for the patient.",
        )
    },
    "info.care_team": {
        "staff": (
            "Automated notes only; the clinician confirms every count (§7(a)10).",
            "These notes are automated. A clinician confirms every count with "
            "the patient; a patient's own report tends to under-count failed "
            "trials (Chandler 2010).",
        )
    },
}


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
    for name, sources in MEDICATION_SOURCES.items():
        Medication.objects.filter(generic_name=name, source=sources[old]).update(
            source=sources[new]
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
    dependencies = [("intake", "0014_intake_messages")]

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
