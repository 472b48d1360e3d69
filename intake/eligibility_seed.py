"""Seed data for the eligibility rules: the medication catalogue, the criteria profiles, the note
texts and the "why we ask" lines.

Plain constants, so data migrations can copy them as they stand; the small ``build_*`` helpers turn
them into the dataclasses of ``intake.eligibility`` for tests and tools that run without the
database. Every number cites docs/clinical-facts.md ("facts §N"). Staff must check
the profiles against each payer's current policy before real use.
"""

from __future__ import annotations

import datetime

from intake.eligibility import Catalogue, Medication, NoteText, Profile

_SRC_3D = (
    "The lower bound of the usual adult daily dose in UpToDate's antidepressant dose table, used "
    "as the minimum adequate dose until the ATHF-SF2 or MGH-ATRQ tables are licensed"
)

# (generic name, class, min adequate mg/day, usual max mg/day, augmentation agent, aliases, source)
# The maximum is the upper bound of the usual dose (the higher of UpToDate and McMaster where they
# differ); a dose above it is flagged for a check, never rejected.
MEDICATIONS: tuple[dict, ...] = (
    # SSRIs
    {"generic_name": "citalopram", "drug_class": "SSRI", "min_mg": 20, "max_mg": 40,
     "augmentation": False, "aliases": ("Celexa",), "source": _SRC_3D},
    {"generic_name": "escitalopram", "drug_class": "SSRI", "min_mg": 10, "max_mg": 20,
     "augmentation": False, "aliases": ("Lexapro",), "source": _SRC_3D},
    {"generic_name": "fluoxetine", "drug_class": "SSRI", "min_mg": 20, "max_mg": 60,
     "augmentation": False, "aliases": ("Prozac", "Sarafem"), "source": _SRC_3D},
    {"generic_name": "paroxetine", "drug_class": "SSRI", "min_mg": 20, "max_mg": 50,
     "augmentation": False, "aliases": ("Paxil", "Paxil CR", "Pexeva", "paroxetine CR"),
     "source": _SRC_3D + "; CR form starts at 25 mg (above the 20 mg floor); McMaster max 50",
     "unconfirmed_reason": "Paxil CR and paroxetine CR share paroxetine's 20 mg floor, but the "
     "usual lower dose of the CR form is 25 mg (clinical facts, UpToDate table): a CR trial at "
     "20 to 24 mg a day counts here and should not. A clinician checks CR trials."},
    {"generic_name": "sertraline", "drug_class": "SSRI", "min_mg": 50, "max_mg": 200,
     "augmentation": False, "aliases": ("Zoloft",), "source": _SRC_3D},
    {"generic_name": "fluvoxamine", "drug_class": "SSRI", "min_mg": 50, "max_mg": 300,
     "augmentation": False, "aliases": ("Luvox", "Luvox CR"),
     "source": _SRC_3D + "; McMaster max 300"},
    # SNRIs
    {"generic_name": "venlafaxine", "drug_class": "SNRI", "min_mg": 150, "max_mg": 375,
     "augmentation": False, "aliases": ("Effexor", "Effexor XR", "venlafaxine XR"),
     "source": "150 mg, not UpToDate's usual lower bound of 75 mg, since the MGH-ATRQ worked "
     "example counts venlafaxine 75 mg a day as too low (the ATRQ threshold is not confirmed)",
     "unconfirmed_reason": "The usual lower dose in the UpToDate table is 75 mg a day; 150 mg is "
     "used because the MGH-ATRQ worked example counts 75 mg as too low. The ATRQ's own "
     "threshold has not been checked."},
    {"generic_name": "desvenlafaxine", "drug_class": "SNRI", "min_mg": 50, "max_mg": 100,
     "augmentation": False, "aliases": ("Pristiq", "Khedezla"), "source": _SRC_3D},
    {"generic_name": "duloxetine", "drug_class": "SNRI", "min_mg": 60, "max_mg": 120,
     "augmentation": False, "aliases": ("Cymbalta", "Drizalma"),
     "source": _SRC_3D + "; McMaster 60-120"},
    {"generic_name": "levomilnacipran", "drug_class": "SNRI", "min_mg": 40, "max_mg": 120,
     "augmentation": False, "aliases": ("Fetzima",), "source": _SRC_3D + "; McMaster 40-120"},
    # NDRI
    {"generic_name": "bupropion", "drug_class": "NDRI", "min_mg": 300, "max_mg": 450,
     "augmentation": False,
     "aliases": ("Wellbutrin", "Wellbutrin SR", "Wellbutrin XL", "bupropion SR", "bupropion XL",
                 "Aplenzin", "Forfivo XL"),
     "source": _SRC_3D + " (SR/XL 300); XL range 150-450 in the US"},
    # NaSSA
    {"generic_name": "mirtazapine", "drug_class": "NaSSA", "min_mg": 15, "max_mg": 45,
     "augmentation": False, "aliases": ("Remeron", "RemeronSolTab"), "source": _SRC_3D},
    # Serotonin modulators
    {"generic_name": "trazodone", "drug_class": "serotonin modulator", "min_mg": 200,
     "max_mg": 400, "augmentation": False, "aliases": ("Desyrel", "Oleptro"),
     "source": _SRC_3D + "; low doses for sleep do not count (ATRQ)"},
    {"generic_name": "nefazodone", "drug_class": "serotonin modulator", "min_mg": 300,
     "max_mg": 600, "augmentation": False, "aliases": ("Serzone",), "source": _SRC_3D},
    {"generic_name": "vilazodone", "drug_class": "serotonin modulator", "min_mg": 40,
     "max_mg": 40, "augmentation": False, "aliases": ("Viibryd",),
     "source": _SRC_3D + "; McMaster 20-40"},
    {"generic_name": "vortioxetine", "drug_class": "serotonin modulator", "min_mg": 20,
     "max_mg": 20, "augmentation": False, "aliases": ("Trintellix", "Brintellix"),
     "source": _SRC_3D + "; McMaster 10-20: sources disagree (10 vs 20)",
     "unconfirmed_reason": "UpToDate and the McMaster textbook disagree on the lower dose (20 "
     "against 10 mg a day)."},
    # TCAs
    {"generic_name": "amitriptyline", "drug_class": "TCA", "min_mg": 150, "max_mg": 300,
     "augmentation": False, "aliases": ("Elavil",), "source": _SRC_3D},
    {"generic_name": "imipramine", "drug_class": "TCA", "min_mg": 150, "max_mg": 300,
     "augmentation": False, "aliases": ("Tofranil",), "source": _SRC_3D},
    {"generic_name": "desipramine", "drug_class": "TCA", "min_mg": 150, "max_mg": 300,
     "augmentation": False, "aliases": ("Norpramin",), "source": _SRC_3D},
    {"generic_name": "nortriptyline", "drug_class": "TCA", "min_mg": 50, "max_mg": 150,
     "augmentation": False, "aliases": ("Pamelor", "Aventyl"),
     "source": _SRC_3D + "; plasma levels are often used instead"},
    {"generic_name": "clomipramine", "drug_class": "TCA", "min_mg": 100, "max_mg": 250,
     "augmentation": False, "aliases": ("Anafranil",), "source": _SRC_3D},
    {"generic_name": "doxepin", "drug_class": "TCA", "min_mg": 100, "max_mg": 300,
     "augmentation": False, "aliases": ("Sinequan", "Silenor"),
     "source": _SRC_3D + "; Silenor is a low sleep dose and falls below the floor"},
    # MAOIs
    {"generic_name": "phenelzine", "drug_class": "MAOI", "min_mg": 15, "max_mg": 90,
     "augmentation": False, "aliases": ("Nardil",),
     "source": _SRC_3D + "; this lower bound is probably below an effective dose (not confirmed)",
     "unconfirmed_reason": "15 mg a day is the usual starting dose and probably below an "
     "effective one; the ATHF dose table has not been checked."},
    {"generic_name": "tranylcypromine", "drug_class": "MAOI", "min_mg": 30, "max_mg": 60,
     "augmentation": False, "aliases": ("Parnate",), "source": _SRC_3D},
    {"generic_name": "isocarboxazid", "drug_class": "MAOI", "min_mg": 10, "max_mg": 40,
     "augmentation": False, "aliases": ("Marplan",), "source": _SRC_3D},
    {"generic_name": "selegiline transdermal", "drug_class": "MAOI", "min_mg": 6, "max_mg": 12,
     "augmentation": False, "aliases": ("Emsam", "selegiline patch"),
     "source": _SRC_3D + " (mg per 24 h patch)"},
    # Augmentation agents (facts §3d lower table, §7(a)7-8)
    {"generic_name": "aripiprazole", "drug_class": "second-generation antipsychotic",
     "min_mg": 5, "max_mg": 15, "augmentation": True, "aliases": ("Abilify", "Abilify Mycite"),
     "source": "Adjunct target 5-10 mg, maximum 15 mg (AJP 2010 letter)"},
    {"generic_name": "quetiapine", "drug_class": "second-generation antipsychotic",
     "min_mg": 150, "max_mg": 300, "augmentation": True,
     "aliases": ("Seroquel", "Seroquel XR", "quetiapine XR"),
     "source": "Quetiapine XR adjunct 150-300 mg (a secondary source): verify on DailyMed"},
    {"generic_name": "brexpiprazole", "drug_class": "second-generation antipsychotic",
     "min_mg": 1, "max_mg": 3, "augmentation": True, "aliases": ("Rexulti",),
     "source": "Adjunct 1-3 mg, label target 2 mg (not confirmed)"},
    {"generic_name": "cariprazine", "drug_class": "second-generation antipsychotic",
     "min_mg": 1.5, "max_mg": 3, "augmentation": True, "aliases": ("Vraylar",),
     "source": "Adjunct trial doses 1.5-3 mg"},
    {"generic_name": "lithium", "drug_class": "lithium", "min_mg": None, "max_mg": None,
     "augmentation": True, "aliases": ("Lithobid", "Eskalith", "lithium carbonate"),
     "source": "Adequacy is a blood level of 0.8-1.2 mEq/L for 3-6 weeks, "
     "not a mg dose, so a clinician judges each lithium trial"},
    {"generic_name": "liothyronine", "drug_class": "thyroid hormone (T3)", "min_mg": None,
     "max_mg": None, "augmentation": True, "aliases": ("Cytomel", "T3"),
     "source": "T3 is a usual augmenter; no adequate dose is given in the sources at hand, so "
     "a clinician judges each trial"},
    {"generic_name": "esketamine", "drug_class": "NMDA antagonist (nasal)", "min_mg": None,
     "max_mg": None, "augmentation": True, "aliases": ("Spravato",),
     "source": "Not a classical trial in the ATHF or MGH-ATRQ; a clinician judges it"},
)  # fmt: skip


_NOT_CONFIRMED = "example: check against the payer's current policy before use"

# Profile parameters. Payer rules change often (facts §2, §7(b)1): each carries a source and an
# effective date. Psychotherapy minimum weeks (6) is a placeholder: no payer text at hand gives
# a number [NV].
PROFILES: tuple[dict, ...] = (
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
        "exclude_bipolar": True,
        "exclude_substance_use": False,
        "effective_date": datetime.date(2008, 10, 7),
        "source": "The NeuroStar FDA label of 2008: major depression in "
        "adults who did not improve enough on one antidepressant at or above the minimal "
        "effective dose and duration in the current episode. The labels are for major "
        "depression only, so bipolar disorder is an exclusion. " + _NOT_CONFIRMED,
        "unconfirmed_reason": "The label gives no number of weeks: 4 weeks at the minimum "
        "labeled dose is a clinic FAQ's reading of it (EVMS, a secondary source).",
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
        "source": "The pattern shared by Medicare L37086, UnitedHealthcare/Optum, Cigna and "
        "Ambetter/Centene CP.BH.200 (PHQ-9 at least 15 and the bipolar exclusion are "
        "Centene's); Aetna's exclusion of alcohol or drug use in the past 90 days; the weeks "
        "of talk therapy are not confirmed. " + _NOT_CONFIRMED,
        "unconfirmed_reason": "6 weeks per trial: of these payers only Cigna gives a number, "
        "and it is 4 weeks. PHQ-9 of 15 or more is Centene's figure; Medicare L37086 asks for "
        "severe depression. No payer text at hand gives the weeks of talk therapy (6 is a "
        "placeholder).",
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
        "min_phq9_total": 21,
        "exclude_psychosis": True,
        "exclude_bipolar": True,
        "exclude_substance_use": True,
        "effective_date": datetime.date(2016, 1, 1),
        "source": "BCBS Michigan via New Directions (effective 2016-01-01, read in its own text): "
        "2 single agents from different classes plus 2 augmentation trials, 6 weeks each at "
        "the maximal FDA dose or the maximal tolerated dose, intolerance allowed; severe "
        "depression as PHQ-9 above 20 (21 or more); the exclusions and the weeks of talk "
        "therapy are not confirmed. " + _NOT_CONFIRMED,
        "unconfirmed_reason": "New Directions counts a trial at the maximal FDA dose or the "
        "maximal tolerated dose; the portal counts trials at the catalogue's minimum adequate "
        "dose, so a clinician must confirm the dose of every counted trial. The exclusions and "
        "the weeks of talk therapy are not in the source.",
    },
)

DEFAULT_PROFILE_KEY = "typical-2-classes"


# Note texts, one per key of intake.eligibility.NOTE_KEYS: patient wording (plain, warm, about a
# 6th-8th grade level; never says a patient is or is not "eligible", "approved", "qualified"),
# and staff wording. {placeholders} are the note params. Their links come from the topics below
# (NOTE_TOPICS).
_CLINICIAN_CHECKS = "A clinician will check it with you."

NOTE_TEXTS: dict[str, dict] = {
    "urgent.item9": {
        "patient": "You told us that you have had thoughts that you would be better off dead, "
        "or of hurting yourself. Thank you for telling us. The clinic's care team has been "
        "told about this answer. If you might act on these thoughts, or you are in danger now, "
        "call or text 988 (the Suicide and Crisis Lifeline) or call 911 right away.",
        "staff": "PHQ-9 item 9 (thoughts of death or self-harm) scored {item9_score}. Any answer "
        'above "Not at all" needs same-day clinician follow-up and a suicide-risk assessment, '
        "whatever the total (PHQ-9 item 9 guidance, AACN Critical Care Nurse 2020).",
    },
    "safety.unanswered": {
        "patient": "We do not have your safety answers yet. A clinician must go over them with "
        "you before any treatment.",
        "staff": "The safety screen is not answered. Go through the IFCN screening questionnaire "
        "(Rossi 2009, updated 2021) with the patient before any treatment.",
    },
    # stop: a clinician must review these before any treatment (clinical-facts §5b).
    "safety.cochlear_implant": {
        "patient": "You said you have a cochlear implant. The magnet used in TMS can affect "
        "some implants. A clinician must review this before any treatment.",
        "staff": "Cochlear implant. Device labels and payer policies list it as a "
        "contraindication; the IFCN 2021 research checklist lists it as absolute, while Tendler "
        "2023 saw no damage. A clinician must review it before any treatment.",
    },
    "safety.metal_in_head": {
        "patient": "You said you have metal in or near your head. The magnet used in TMS can "
        "affect some metal. A clinician must review this before any treatment. Dental fillings "
        "and braces are usually fine.",
        "staff": "Metal in or near the head. Device labels and payers (Medicare L34998 and "
        "L34522) exclude ferromagnetic or conductive metal within 30 cm of the coil, dental work "
        "aside; expert guidance (Tendler 2023, after IFCN 2021) holds MRI-safe or MRI-conditional "
        "implants to be TMS-safe, with a 10 cm margin. A clinician must review it before any "
        "treatment.",
    },
    "safety.implanted_stimulator": {
        "patient": "You said you have an implanted stimulator, such as one for the brain or a "
        "nerve. A clinician must review this before any treatment.",
        "staff": "Implanted stimulator (deep brain, cortical or vagus nerve). Device labels list "
        "it as a contraindication; the IFCN 2021 checklist treats deep brain and cortical "
        "stimulators as absolute, and a vagus nerve stimulator can be treated with care (Tendler "
        "2023). A clinician must review it before any treatment.",
    },
    "safety.pacemaker": {
        "patient": "You said you have a pacemaker or another heart device. A clinician must "
        "review this before any treatment.",
        "staff": "Pacemaker or implanted defibrillator. Device labels and clinic policies call it "
        "a contraindication or not recommended; expert guidance (Tendler 2023) says it can be "
        "treated with care. A clinician must review it before any treatment.",
    },
    "safety.medication_pump": {
        "patient": "You said you have an implanted medicine pump. A clinician must review this "
        "before any treatment.",
        "staff": "Implanted medication pump. Device labels and clinic policies do not recommend "
        "TMS with one; expert guidance (Tendler 2023) says it can be treated with care. A "
        "clinician must review it before any treatment.",
    },
    # caution: clinician review, not automatic exclusion (Rossi 2011, clinical-facts §5a).
    "safety.seizure": {
        "patient": "You said you have had a seizure. Seizures with TMS are rare, about 3 in "
        "every 100,000 sessions. A clinician will talk with you about this before treatment.",
        "staff": "History of seizure. Some payers exclude seizure disorders (Medicare L37086, "
        "Aetna, New Directions); IFCN guidance treats it as relative, absolute only after a "
        "seizure in the last 12 months on antiseizure medicine. The seizure rate with TMS is "
        "about 0.31 per 10,000 sessions (Taylor 2021).",
    },
    "safety.fainting": {
        "patient": "You said you have fainted before. A clinician will ask you about it "
        "before treatment.",
        "staff": "History of fainting. An item of the IFCN screening questionnaire: take a "
        "history and weigh the risk.",
    },
    "safety.head_injury": {
        "patient": "You said you have had a serious head injury. A clinician will ask you "
        "about it before treatment.",
        "staff": "Severe head injury. An item of the IFCN screening questionnaire; Aetna's policy "
        "lists head trauma among its exclusions.",
    },
    "safety.hearing_problem": {
        "patient": "You said you have hearing problems or ringing in your ears. TMS makes a "
        "loud clicking sound, so you will wear earplugs. A clinician will talk with you about it.",
        "staff": "Hearing problems or tinnitus. An item of the IFCN screening questionnaire; "
        "earplugs are needed during every session.",
    },
    "safety.pregnancy": {
        "patient": "You said you are or may be pregnant. A clinician will talk with you about "
        "what is known and help you weigh the choices.",
        "staff": "Pregnant or may be pregnant. A relative concern: the IFCN 2021 checklist notes "
        "12 studies of 50 pregnant people with no harm to the baby; the main risk is a seizure in "
        "the mother.",
    },
    "safety.seizure_threshold_meds": {
        "patient": "You said you take a medicine that can make seizures more likely. A "
        "clinician will look at your medicines before treatment.",
        "staff": "Takes a medicine that lowers the seizure threshold. Review the medicines; IFCN "
        "2021 finds the seizure risk low even with drugs acting on the brain.",
    },
    "safety.brain_condition": {
        "patient": "You said you have a brain condition, such as a stroke, tumor or raised "
        "pressure in the head. A clinician will ask you about it before treatment.",
        "staff": "Brain condition (raised intracranial pressure, stroke, tumour or dementia). "
        "Aetna's policy and Medicare L34522 exclude these; IFCN guidance asks for caution.",
    },
    "safety.prior_tms_problem": {
        "patient": "You said you had a problem with TMS before. A clinician will ask you what "
        "happened.",
        "staff": "A problem during earlier TMS. An item of the IFCN screening questionnaire: take "
        "a history.",
    },
    "safety.prior_mri_problem": {
        "patient": "You said you had a problem with an MRI scan before. A clinician will ask "
        "you what happened.",
        "staff": "A problem during an earlier MRI. An item of the IFCN screening questionnaire: "
        "check for implants or metal.",
    },
    # criteria
    "criterion.age.met": {
        "patient": "You are {age}. The rules we used are written for adults {min_age} and older. "
        "This part looks in place.",
        "staff": "Age {age}; the profile's minimum is {min_age}.",
    },
    "criterion.age.unmet": {
        "patient": "You are {age}. The rules we used are written for adults {min_age} and "
        "older. Some TMS devices are cleared for people aged 15 to 21 as an add-on to other "
        "treatment. Your care team will talk with you about your choices.",
        "staff": "Age {age}, under the profile's minimum of {min_age}. The FDA clearances for "
        "ages 15 to 21 (NeuroStar 2024, MagVenture 2025) are for add-on treatment only; payer "
        "coverage for ages 15 to 17 varies.",
    },
    "criterion.age.unknown": {
        "patient": "We do not have your age yet. Your care team will ask you.",
        "staff": "Age not given (the profile's minimum is {min_age}).",
    },
    "criterion.severity.met": {
        "patient": "Your PHQ-9 score is {total} out of 27, which is in the {severity_words} "
        "range. The rules we used look for at least {required}. This part looks in place.",
        "staff": "PHQ-9 total {total} ({severity_words}); the profile asks for {required} or more.",
    },
    "criterion.severity.unmet": {
        "patient": "Your PHQ-9 score is {total} out of 27, which is in the {severity_words} "
        "range. The rules we used usually look for at least {required}. Scores change from week "
        "to week, and your care team looks at the whole picture. This part needs a closer look.",
        "staff": "PHQ-9 total {total} ({severity_words}), under the profile's {required}. Most "
        "payers ask for severe depression on a validated scale.",
    },
    "criterion.severity.unknown": {
        "patient": "We do not have all your PHQ-9 answers yet. Your care team will go over "
        "them with you.",
        "staff": "PHQ-9 missing or unfinished (the profile asks for {required} or more). Check "
        "that item 9 was screened.",
    },
    "criterion.failed_trials.met": {
        "patient": "We counted {counted_words} that did not help you enough ({breakdown}). The "
        "rules we used look for {required}. This part looks in place. Your care team will check "
        "each one with you.",
        "staff": "{counted} of {required} medicine trials counted ({breakdown}).",
    },
    "criterion.failed_trials.unmet": {
        "patient": "So far, we counted {counted_words} that did not help you enough. The rules we "
        "used usually look for {required}. To count, a medicine is taken at a high enough dose "
        "for long enough, or stopped because of side effects. This part needs a closer look. Your "
        "care team will go over your list with you.",
        "staff": "{counted} of {required} medicine trials counted ({breakdown}); no trial is "
        "uncertain.",
    },
    "criterion.failed_trials.unknown": {
        "patient": "So far, we counted {counted_words} that did not help you enough, and "
        "{uncertain_words} need a closer look. The rules we used look for {required}. A clinician "
        "will check the details with you.",
        "staff": "{counted} of {required} medicine trials counted ({breakdown}); {uncertain} more "
        "could count once the drug, dose, weeks, episode and outcome are confirmed.",
    },
    "criterion.classes.met": {
        "patient": "The medicines that did not help come from {counted_words} of medicine "
        "({classes}). The rules we used look for {required}. This part looks in place.",
        "staff": "Classes of the counted trials: {classes} ({counted} of {required}).",
    },
    "criterion.classes.unmet": {
        "patient": "So far, the medicines we counted come from {counted_words} of medicine. The "
        "rules we used usually look for {required_words}. This part needs a closer look. Your "
        "care team will talk with you about it.",
        "staff": "Classes of the counted trials: {classes} ({counted} of {required}).",
    },
    "criterion.classes.unknown": {
        "patient": "So far, the medicines we counted come from {counted_words} of medicine. Some "
        "of your medicines need a closer look, and they may add more. The rules we used look for "
        "{required_words}. A clinician will check.",
        "staff": "Classes of the counted trials: {classes} ({counted} of {required}); up to "
        "{uncertain} more from trials still to confirm.",
    },
    "criterion.augmentation.met": {
        "patient": "You have tried {counted_words} that did not help enough. The rules we used "
        "look for {required}. This part looks in place.",
        "staff": "{counted} of {required} add-on (augmentation) trials counted.",
    },
    "criterion.augmentation.unmet": {
        "patient": "The rules we used look for {required_words}. An add-on is a second medicine "
        "taken with an antidepressant to help it work. So far, we counted {counted}. This part "
        "needs a closer look. Your care team will talk with you about it.",
        "staff": "{counted} of {required} add-on (augmentation) trials counted.",
    },
    "criterion.augmentation.unknown": {
        "patient": "So far, we counted {counted_words}, and {uncertain_words} need a closer look. "
        "The rules we used look for {required}. A clinician will check.",
        "staff": "{counted} of {required} add-on (augmentation) trials counted; {uncertain} more "
        "to confirm.",
    },
    "criterion.psychotherapy.met": {
        "patient": "You have tried talk therapy for at least {min_weeks} weeks, and it did not "
        "help enough. This part looks in place.",
        "staff": "A talk therapy course of {min_weeks} weeks or more without enough improvement. "
        "The number of weeks is the clinic's placeholder: no payer text at hand gives one.",
    },
    "criterion.psychotherapy.unmet": {
        "patient": "The rules we used usually look for a try of talk therapy, such as CBT, for at "
        "least {min_weeks} weeks. This part needs a closer look. Your care team can talk with you "
        "about it.",
        "staff": "No talk therapy course of {min_weeks} weeks or more without enough improvement "
        "was reported.",
    },
    "criterion.psychotherapy.unknown": {
        "patient": "We need a few more details about your talk therapy, such as how long it "
        "lasted or how it went. Your care team will ask you.",
        "staff": "Talk therapy details missing or unclear (the profile asks for {min_weeks} weeks "
        "or more).",
    },
    "criterion.exclusions.met": {
        "patient": "The rules we used ask about {checked}. Your answers did not mention any of it.",
        "staff": "None of the profile's exclusions was reported (checked: {checked}).",
    },
    "criterion.exclusions.unmet": {
        "patient": "You told us about {conditions}. The rules we used usually do not cover TMS in "
        "that case. This alone does not decide anything. Your care team will talk with you about "
        "the best next step.",
        "staff": "The patient reported {conditions}, an exclusion in this profile. A clinician "
        "reviews it.",
    },
    "criterion.exclusions.unknown": {
        "patient": "Some of your answers about {missing} are missing, or you were not sure. That "
        "is okay. A clinician will go over them with you before any treatment.",
        "staff": "Not ruled out, because the answer is missing or the patient was not sure: "
        "{missing}. A clinician must confirm.",
    },
    "flag.psychosis": {
        "patient": "You told us about psychosis. A clinician will talk with you about it "
        "before any treatment.",
        "staff": "Psychosis reported. Not an exclusion in this profile, but one in many payer "
        "policies (Medicare L34522 and L37086, Aetna): a clinician reviews it.",
    },
    "flag.bipolar": {
        "patient": "You told us you have bipolar disorder. A clinician will talk with you "
        "about what that means for your treatment.",
        "staff": "Bipolar disorder reported. Not an exclusion in this profile, but the FDA labels "
        "are for major depression and Centene's policy excludes it: a clinician reviews it.",
    },
    "flag.substance_use": {
        "patient": "You told us about alcohol or drug use in the last 90 days. Thank you for "
        "being open. A clinician will talk with you about it.",
        "staff": "Alcohol or drug use in the last 90 days. Not an exclusion in this profile; "
        "Aetna's policy excludes it. A clinician reviews it.",
    },
    "diagnosis.not_sure": {
        "patient": "You were not sure which kind of depression you have, or whether you have "
        "had times of very high mood. That is okay. A clinician will go over it with you.",
        "staff": "The patient is not sure of the diagnosis, or was unsure about periods of high "
        "mood. Confirm major depression (single or recurrent) and rule out bipolar disorder.",
    },
    "phq9.score": {
        "patient": "Your PHQ-9 score is {total} out of 27, which is in the {severity_words} range.",
        "staff": "PHQ-9 total {total} ({severity_words}); this profile sets no minimum.",
    },
    "phq9.missing": {
        "patient": "We do not have all your PHQ-9 answers yet. Your care team will go over "
        "them with you.",
        "staff": "PHQ-9 missing or unfinished, so there is no total. Check that item 9 was "
        "screened.",
    },
    # per trial
    "trial.counted": {
        "patient": "{medication} at {dose} mg a day for {weeks} weeks did not help enough "
        "({outcome_words}). The dose and the weeks are what the rules we used look for. Your care "
        "team will confirm it.",
        "staff": "{medication}, {drug_class}: {dose} mg a day (minimum {min_dose}) for {weeks} "
        "weeks (minimum {min_weeks}), {outcome_staff}. Counted as an adequate trial that failed.",
    },
    "trial.counted_augmentation": {
        "patient": "{medication} at {dose} mg a day for {weeks} weeks, as an add-on, did not help "
        "enough. We counted it as an add-on medicine. Your care team will confirm it.",
        "staff": "{medication}, {drug_class}, as an add-on: {dose} mg a day (minimum {min_dose}) "
        "for {weeks} weeks (minimum {min_weeks}), {outcome_staff}. Counted as an adequate "
        "augmentation trial that failed.",
    },
    "trial.intolerance_counted": {
        "patient": "You stopped {medication} because of side effects. The rules we used count a "
        "medicine stopped for side effects among the medicines that did not help enough. Your "
        "care team will confirm it.",
        "staff": "{medication}, {drug_class}: stopped for side effects. This profile counts "
        "intolerance toward the medicine trials.",
    },
    "trial.intolerance_not_counted": {
        "patient": "You stopped {medication} because of side effects. The rules we used do not "
        "count a medicine stopped for side effects, but your care team will note it.",
        "staff": "{medication}, {drug_class}: stopped for side effects. This profile does not "
        "count intolerance.",
    },
    "trial.augmentation_side_effects": {
        "patient": "You stopped {medication} because of side effects. Your care team will note it.",
        "staff": "{medication}: an add-on stopped for side effects; not counted.",
    },
    "trial.duplicate": {
        "patient": "{medication} is on your list more than once. We count it only once.",
        "staff": "{medication}: the same medicine is already counted.",
    },
    "trial.response": {
        "patient": "You said {medication} helped a lot. That is good to know. We count only "
        "medicines that did not help enough.",
        "staff": "{medication}: {outcome_staff}; not a failed trial.",
    },
    "trial.ongoing": {
        "patient": "You are still taking {medication}, and it may be too early to tell if it "
        "helps. We have not counted it yet.",
        "staff": "{medication}: still taking it, too early to judge; not counted.",
    },
    "trial.low_dose": {
        "patient": "You took {medication} at {dose} mg a day. The rules we used look for at least "
        "{min_dose} mg a day, the dose that usually works. Your care team will go over it with "
        "you.",
        "staff": "{medication}: {dose} mg a day, under the catalogue's minimum adequate dose of "
        "{min_dose} mg; not counted.",
    },
    "trial.too_short": {
        "patient": "You took {medication} for {weeks} weeks. The rules we used look for at least "
        "{min_weeks} weeks. Your care team will go over it with you.",
        "staff": "{medication}: {weeks} weeks, under the profile's {min_weeks}; not counted.",
    },
    "trial.low_dose_short": {
        "patient": "You took {medication} at {dose} mg a day for {weeks} weeks. The rules we used "
        "look for at least {min_dose} mg a day for at least {min_weeks} weeks. Your care team "
        "will go over it with you.",
        "staff": "{medication}: {dose} mg a day (minimum {min_dose}) for {weeks} weeks (minimum "
        "{min_weeks}); not counted.",
    },
    "trial.prior_episode": {
        "patient": "{medication} was taken during an earlier time of depression. Most rules "
        "count only medicines from this time, so it is not counted here. It still helps your "
        "care team to know about it.",
        "staff": "{medication}: taken in an earlier episode. Not counted: most rules count the "
        "current episode only.",
    },
    "trial.prior_episode_only": {
        "patient": "{medication} was taken during an earlier time of depression, and you did "
        "not list a medicine for this time. Some rules let earlier medicines count then. "
        + _CLINICIAN_CHECKS,
        "staff": "{medication}: taken in an earlier episode, and no trial is listed for the "
        "current one. The FDA-label reading (EVMS FAQ) lets an earlier episode count then: a "
        "clinician decides.",
    },
    "trial.unknown_medication": {
        "patient": 'We did not find "{medication}" in our list of medicines, so we could not '
        "tell if it counts. " + _CLINICIAN_CHECKS,
        "staff": '"{medication}" is not in the medication catalogue, so its adequacy is '
        "uncertain. If it is a real antidepressant, add it (or the name as an alias) to the "
        "catalogue.",
    },
    "trial.no_dose_threshold": {
        "patient": "Whether {medication} was a full trial depends on more than the dose, such "
        "as blood tests. " + _CLINICIAN_CHECKS,
        "staff": "{medication}, {drug_class}: judged by blood level or clinical review rather "
        "than a daily dose, so its adequacy is uncertain.",
    },
    "trial.missing_details": {
        "patient": "We could not tell if {medication} was a full trial because we do not have "
        "the {missing}. " + _CLINICIAN_CHECKS,
        "staff": "{medication}: the {missing} is not given, so adequacy is uncertain (minimum "
        "{min_dose} mg a day for {min_weeks} weeks).",
    },
    "trial.episode_unsure": {
        "patient": "You were not sure if you took {medication} during this time of depression. "
        + _CLINICIAN_CHECKS,
        "staff": "{medication}: the patient is not sure it was taken in the current episode, so "
        "adequacy is uncertain.",
    },
    "trial.outcome_unknown": {
        "patient": "You were not sure how {medication} worked for you. A clinician will ask "
        "you about it.",
        "staff": "{medication}: adequate dose and weeks, but the outcome is not known.",
    },
    "trial.dose_above_max": {
        "patient": "{medication} {dose} mg a day is more than the usual highest dose of "
        "{max_dose} mg. Please check the number. Your care team will confirm it.",
        "staff": "{medication}: {dose} mg a day is above the usual maximum of {max_dose} mg. "
        "Check for a typing error.",
    },
    # other history
    "prior_tms.response": {
        "patient": "You said TMS helped you before, by about {improvement_pct}%. Plans often "
        "cover another course when there are records of a good response (more than half "
        "better). Your care team can help find those records.",
        "staff": "Earlier TMS helped by {improvement_pct}%. Medicare L37086 and UnitedHealthcare "
        "cover a repeat course after a documented response above 50%; Aetna also asks that it "
        "lasted 2 months or more (a secondary source).",
    },
    "prior_tms.had": {
        "patient": "You said you have had TMS before. Your care team will ask you how it went.",
        "staff": "Had TMS before; improvement given: {improvement_pct}%. A repeat course needs a "
        "documented response above 50% (Medicare L37086, UnitedHealthcare).",
    },
    "prior_ect": {
        "patient": "You said you have had ECT. TMS is a different kind of brain stimulation "
        "that aims at one small spot in the brain. Your care team will ask you how ECT went.",
        "staff": "Had ECT before: record the course and how it went.",
    },
    "info.schedule": {
        "patient": "A usual TMS course is 5 visits a week for about 6 weeks. Then there are a "
        "few more visits as it tapers off, about 36 in all. Each visit takes from a few minutes "
        "to about 40 minutes. It depends on the type of TMS.",
        "staff": "A usual course is 30 daily sessions and a 6-session taper, 36 in all (New "
        "Directions 2016; CPT 90867, 90868, 90869). A standard 10 Hz session lasts about 37 "
        "minutes, a theta-burst session about 3.",
    },
    "info.how_it_works": {
        "patient": "TMS uses a magnet held against your head to send gentle pulses to parts of "
        "the brain that help control mood.",
        "staff": "How TMS works, with links for the patient.",
    },
    "info.care_team": {
        "patient": "These notes are a guide, not a decision. Your care team looks at your whole "
        "history and your insurance plan's rules, and decides the next steps with you.",
        "staff": "These notes are automated. A clinician confirms every count with the patient; a "
        "patient's own report tends to under-count failed trials (Chandler 2010).",
    },
}

# "Why we ask" lines for each intake step (their links: STEP_TOPICS below).
WHY_WE_ASK: dict[str, dict] = {
    "about-you": {
        "text": "Your age and insurance help us use the right rules for your plan.",
    },
    "depression": {
        "text": "The kind of depression you have, and other conditions, change which "
        "treatments are safe and helpful for you.",
    },
    "phq9": {
        "text": "These nine questions are a common way to measure depression. Your care team "
        "uses the score to track how you feel over time.",
    },
    "antidepressants": {
        "text": "Many plans cover TMS after medicines have not helped enough. The dose and how "
        "long you took each one matter.",
    },
    "other-treatments": {
        "text": "Talk therapy, ECT and past TMS are part of your story and can change what "
        "comes next.",
    },
    "safety": {
        "text": "TMS uses a strong magnet. Some implants and health conditions need a "
        "clinician's review first.",
    },
    "consent": {
        "text": "We need your permission to use your answers to plan your care.",
    },
    "review": {
        "text": "Check your answers before you send them. Your care team will read them closely.",
    },
}


# --- links: note and "why we ask" topics -----------------------------------------------------
# Each note and "why we ask" line links to the articles on its topic (from the bundled documents
# in education/content/), with link text that says what the reader will learn. A topic's
# keywords are words its articles use (a test checks each linked article uses one of them).

TOPICS: dict[str, dict] = {
    "crisis": {
        "keywords": ("988",),
        "links": (
            (
                "about-question-9",
                "What happens after you answer question 9, and where to get help now",
            ),
        ),
    },
    "health-history": {
        "keywords": ("seizure", "head injury", "fainting", "stroke"),
        "links": (
            (
                "health-history-a-clinician-reviews",
                "What a clinician asks about your health before TMS",
            ),
        ),
    },
    "metal": {
        "keywords": ("metal", "MRI"),
        "links": (
            (
                "metal-in-or-near-the-head",
                "Why metal near your head matters, and what is usually fine",
            ),
        ),
    },
    "devices": {
        "keywords": ("implant", "pacemaker", "stimulator", "pump"),
        "links": (
            ("implants-and-heart-devices", "How a clinician reviews implants and heart devices"),
        ),
    },
    "seizure": {
        "keywords": ("seizure",),
        "links": (
            ("seizure-risk", "How often seizures happen with TMS"),
            (
                "health-history-a-clinician-reviews",
                "What a clinician asks about your health before TMS",
            ),
        ),
    },
    "hearing": {
        "keywords": ("hearing", "earplugs"),
        "links": (("common-side-effects", "Common side effects, and why you wear earplugs"),),
    },
    "side-effects": {
        "keywords": ("side effect",),
        "links": (("common-side-effects", "The common side effects of TMS"),),
    },
    "pregnancy": {
        "keywords": ("pregnan",),
        "links": (("tms-and-pregnancy", "What is known about TMS during pregnancy"),),
    },
    "who": {
        "keywords": ("adults", "15 to 21"),
        "links": (("who-tms-is-for", "Who TMS is usually for, including teens and young adults"),),
    },
    "bipolar": {
        "keywords": ("bipolar",),
        "links": (
            ("who-tms-is-for", "Which kinds of depression TMS is cleared for"),
            (
                "what-insurance-plans-usually-ask-for",
                "What insurance plans usually ask for before TMS",
            ),
        ),
    },
    "plan-rules": {
        "keywords": ("psychosis", "bipolar", "90 days"),
        "links": (
            (
                "what-insurance-plans-usually-ask-for",
                "What insurance plans usually ask for, and why",
            ),
        ),
    },
    "severity": {
        "keywords": ("PHQ-9", "severe"),
        "links": (("what-the-score-means", "What your PHQ-9 score means"),),
    },
    "phq9": {
        "keywords": ("PHQ-9",),
        "links": (
            ("about-the-phq-9", "How the PHQ-9 is scored"),
            ("what-the-score-means", "What your PHQ-9 score means"),
        ),
    },
    "trials": {
        "keywords": ("dose", "weeks"),
        "links": (("what-counts-as-a-full-medicine-trial", "How doctors count a medicine trial"),),
    },
    "one-or-two": {
        "keywords": ("one medicine", "two or more"),
        "links": (
            (
                "one-medicine-or-two",
                "Why some rules ask for one medicine and others for two or more",
            ),
        ),
    },
    "classes": {
        "keywords": ("groups of medicine", "different groups"),
        "links": (("groups-of-medicine", "Why plans ask about groups of medicine"),),
    },
    "augmentation": {
        "keywords": ("add-on",),
        "links": (("add-on-medicines", "What an add-on medicine is, and how it counts"),),
    },
    "intolerance": {
        "keywords": ("side effects",),
        "links": (
            (
                "side-effects-and-earlier-times-of-depression",
                "How a medicine you stopped for side effects is counted",
            ),
        ),
    },
    "earlier-episode": {
        "keywords": ("earlier time",),
        "links": (
            (
                "side-effects-and-earlier-times-of-depression",
                "How medicines from an earlier time of depression are counted",
            ),
        ),
    },
    "psychotherapy": {
        "keywords": ("talk therapy",),
        "links": (("tms-and-talk-therapy", "Why plans ask about talk therapy"),),
    },
    "retreatment": {
        "keywords": ("another course", "more than half"),
        "links": (("after-the-course", "When another course of TMS may help"),),
    },
    "ect": {
        "keywords": ("ECT",),
        "links": (("tms-and-ect", "How TMS compares with ECT"),),
    },
    "course": {
        "keywords": ("session",),
        "links": (
            ("a-usual-course", "What a usual course of TMS looks like"),
            ("what-happens-at-a-session", "What happens at a TMS session"),
        ),
    },
    "how-it-works": {
        "keywords": ("brain",),
        "links": (
            ("brain-connectivity", "How TMS reaches the parts of the brain that shape mood"),
            ("dual-mechanism", "What the magnetic pulses do in the brain"),
        ),
    },
    "notes": {
        "keywords": ("care team",),
        "links": (("the-notes-on-your-intake", "What these notes mean, and who decides"),),
    },
    "insurance": {
        "keywords": ("plan",),
        "links": (
            (
                "what-insurance-plans-usually-ask-for",
                "What insurance plans usually ask for before TMS",
            ),
            ("prior-authorization", "How your plan agrees to pay before TMS starts"),
        ),
    },
    "records": {
        "keywords": ("records",),
        "links": (("prior-authorization", "What records the clinic sends to your plan"),),
    },
    "what-to-bring": {
        "keywords": ("pharmacy",),
        "links": (("what-to-bring", "What to bring to your first visit"),),
    },
    "medicines-with-tms": {
        "keywords": ("medicine",),
        "links": (("tms-and-medicines", "Whether to keep taking your medicines during TMS"),),
    },
}

# Note codes (or a code's first parts: "criterion.age" covers .met, .unmet and .unknown) and
# their topics, most useful first. A note links to its topics' articles, at most MAX_NOTE_LINKS.
NOTE_TOPICS: dict[str, tuple[str, ...]] = {
    "urgent.item9": ("crisis",),
    "safety.unanswered": ("health-history", "metal"),
    "safety.cochlear_implant": ("devices",),
    "safety.metal_in_head": ("metal",),
    "safety.implanted_stimulator": ("devices",),
    "safety.pacemaker": ("devices",),
    "safety.medication_pump": ("devices",),
    "safety.seizure": ("seizure",),
    "safety.fainting": ("health-history",),
    "safety.head_injury": ("health-history",),
    "safety.hearing_problem": ("hearing",),
    "safety.pregnancy": ("pregnancy",),
    "safety.seizure_threshold_meds": ("seizure",),
    "safety.brain_condition": ("health-history",),
    "safety.prior_tms_problem": ("side-effects", "health-history"),
    "safety.prior_mri_problem": ("metal", "devices"),
    "criterion.age": ("who",),
    "criterion.severity": ("severity",),
    "criterion.failed_trials": ("trials", "one-or-two"),
    "criterion.classes": ("classes", "one-or-two"),
    "criterion.augmentation": ("augmentation",),
    "criterion.psychotherapy": ("psychotherapy",),
    "criterion.exclusions": ("plan-rules",),
    "flag.psychosis": ("plan-rules",),
    "flag.bipolar": ("bipolar",),
    "flag.substance_use": ("plan-rules",),
    "diagnosis.not_sure": ("bipolar",),
    "phq9.score": ("severity",),
    "phq9.missing": ("phq9",),
    "trial.counted": ("trials",),
    "trial.counted_augmentation": ("augmentation",),
    "trial.intolerance_counted": ("intolerance",),
    "trial.intolerance_not_counted": ("intolerance",),
    "trial.augmentation_side_effects": ("augmentation", "intolerance"),
    "trial.duplicate": ("trials",),
    "trial.response": ("trials",),
    "trial.ongoing": ("trials",),
    "trial.low_dose": ("trials",),
    "trial.too_short": ("trials",),
    "trial.low_dose_short": ("trials",),
    "trial.prior_episode": ("earlier-episode",),
    "trial.prior_episode_only": ("earlier-episode",),
    "trial.unknown_medication": ("trials", "what-to-bring"),
    "trial.no_dose_threshold": ("augmentation",),
    "trial.missing_details": ("trials", "what-to-bring"),
    "trial.episode_unsure": ("earlier-episode",),
    "trial.outcome_unknown": ("trials",),
    "trial.dose_above_max": ("trials",),
    "trial": ("trials",),
    "prior_tms": ("retreatment",),
    "prior_ect": ("ect",),
    "info.schedule": ("course",),
    "info.how_it_works": ("how-it-works",),
    "info.care_team": ("notes",),
}

# "Why we ask": each intake step's topics.
STEP_TOPICS: dict[str, tuple[str, ...]] = {
    "about-you": ("who", "insurance"),
    "depression": ("bipolar",),
    "phq9": ("phq9",),
    "antidepressants": ("trials", "one-or-two", "medicines-with-tms"),
    "other-treatments": ("psychotherapy", "ect", "retreatment"),
    "safety": ("metal", "devices", "seizure"),
    "consent": ("records",),
    "review": ("notes", "what-to-bring"),
}

MAX_NOTE_LINKS = 3


def topics_for_note(code: str) -> tuple[str, ...]:
    """The topics of a note code: its own entry, else the entry of its nearest prefix."""
    parts = code.split(".")
    while parts:
        topics = NOTE_TOPICS.get(".".join(parts))
        if topics is not None:
            return topics
        parts.pop()
    return ()


def _links_of(topics) -> tuple[tuple[str, str], ...]:
    links: dict[str, str] = {}
    for topic in topics:
        for slug, text in TOPICS[topic]["links"]:
            links.setdefault(slug, text)
    return tuple(links.items())[:MAX_NOTE_LINKS]


def note_links(code: str) -> tuple[tuple[str, str], ...]:
    """(slug, link text) pairs a note links to, in order."""
    return _links_of(topics_for_note(code))


def step_links(step: str) -> tuple[tuple[str, str], ...]:
    """(slug, link text) pairs a step's "why we ask" line links to, in order."""
    return _links_of(STEP_TOPICS.get(step, ()))


# --- builders (pure; for tests, tools and the data migrations' own checks) -------------------


def build_catalogue() -> Catalogue:
    return Catalogue(
        Medication(
            generic_name=row["generic_name"],
            drug_class=row["drug_class"],
            min_adequate_daily_mg=row["min_mg"],
            usual_max_daily_mg=row["max_mg"],
            is_augmentation_agent=row["augmentation"],
            aliases=tuple(row["aliases"]),
        )
        for row in MEDICATIONS
    )


_PROFILE_FIELDS = tuple(Profile.__dataclass_fields__)


def build_profiles() -> dict[str, Profile]:
    return {
        row["key"]: Profile(**{name: row[name] for name in _PROFILE_FIELDS}) for row in PROFILES
    }


def build_note_texts() -> dict[str, NoteText]:
    return {
        key: NoteText(
            row["patient"], row.get("staff", ""), tuple(slug for slug, _ in note_links(key))
        )
        for key, row in NOTE_TEXTS.items()
    }
