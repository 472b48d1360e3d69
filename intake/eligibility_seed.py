"""Seed data for the eligibility rules: the medication catalogue, the criteria profiles, the note
texts and the "why we ask" lines.

Plain constants, so data migrations can copy them as they stand; the small ``build_*`` helpers turn
them into the dataclasses of ``intake.eligibility`` for tests and tools that run without the
database. Every number cites shared/reference/clinical-facts.md ("facts §N"). Staff must check
the profiles against each payer's current policy before real use.
"""

from __future__ import annotations

import datetime

from intake.eligibility import Catalogue, Medication, NoteText, Profile

_SRC_3D = (
    "clinical-facts §3d: lower bound of the usual adult daily dose (UpToDate antidepressant "
    "doses table), used as a proxy minimum adequate dose until ATHF-SF2/ATRQ tables are licensed"
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
     "source": "clinical-facts §3b/§3d/§7(a)3: 150 mg, not the 75 mg usual lower bound, since "
     "the MGH-ATRQ worked example counts venlafaxine 75 mg/d as too low [NV threshold]",
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
     "source": _SRC_3D + "; low hypnotic doses for sleep do not count (§7(a)9)"},
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
     "source": _SRC_3D + "; this lower bound is probably below an effective dose [NV]",
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
     "source": "clinical-facts §3d: adjunct target 5-10 mg, max 15 (AJP 2010 letter)"},
    {"generic_name": "quetiapine", "drug_class": "second-generation antipsychotic",
     "min_mg": 150, "max_mg": 300, "augmentation": True,
     "aliases": ("Seroquel", "Seroquel XR", "quetiapine XR"),
     "source": "clinical-facts §3d: quetiapine XR adjunct 150-300 mg [S], verify on DailyMed"},
    {"generic_name": "brexpiprazole", "drug_class": "second-generation antipsychotic",
     "min_mg": 1, "max_mg": 3, "augmentation": True, "aliases": ("Rexulti",),
     "source": "clinical-facts §3d: adjunct 1-3 mg, label target 2 [NV]"},
    {"generic_name": "cariprazine", "drug_class": "second-generation antipsychotic",
     "min_mg": 1.5, "max_mg": 3, "augmentation": True, "aliases": ("Vraylar",),
     "source": "clinical-facts §3d: adjunct trial doses 1.5-3 mg"},
    {"generic_name": "lithium", "drug_class": "lithium", "min_mg": None, "max_mg": None,
     "augmentation": True, "aliases": ("Lithobid", "Eskalith", "lithium carbonate"),
     "source": "clinical-facts §3d: adequacy is a blood level of 0.8-1.2 mEq/L for 3-6 weeks, "
     "not a mg dose, so a clinician judges each lithium trial"},
    {"generic_name": "liothyronine", "drug_class": "thyroid hormone (T3)", "min_mg": None,
     "max_mg": None, "augmentation": True, "aliases": ("Cytomel", "T3"),
     "source": "clinical-facts §7(a)7 lists T3 among augmenters; no dose is given, so a "
     "clinician judges each trial"},
    {"generic_name": "esketamine", "drug_class": "NMDA antagonist (nasal)", "min_mg": None,
     "max_mg": None, "augmentation": True, "aliases": ("Spravato",),
     "source": "clinical-facts §3d: not a classical trial in ATHF/ATRQ; a clinician judges it"},
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
        "source": "The NeuroStar FDA label of 2008 (clinical facts §1): major depression in "
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
        "source": "clinical-facts §2a/§2b: pattern shared by Medicare L37086, UHC/Optum, Cigna "
        "and Ambetter/Centene CP.BH.200 (PHQ-9 at least 15, bipolar exclusion); Aetna's "
        "substance use in the past 90 days; psychotherapy weeks unconfirmed [NV]. "
        + _NOT_CONFIRMED,
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
        "source": "clinical-facts §2a: BCBS Michigan via New Directions (eff. 2016-01-01 [V]): "
        "2 single agents from different classes plus 2 augmentation trials, 6 weeks each at "
        "the maximal FDA dose or the maximal tolerated dose, intolerance allowed; severe "
        "depression as PHQ-9 above 20 (21 or more); exclusions and psychotherapy weeks "
        "unconfirmed [NV]. " + _NOT_CONFIRMED,
        "unconfirmed_reason": "New Directions counts a trial at the maximal FDA dose or the "
        "maximal tolerated dose; the portal counts trials at the catalogue's minimum adequate "
        "dose, so a clinician must confirm the dose of every counted trial. The exclusions and "
        "the weeks of talk therapy are not in the source.",
    },
)

DEFAULT_PROFILE_KEY = "typical-2-classes"


# Note texts, one per key of intake.eligibility.NOTE_KEYS: patient wording (plain, warm, about a
# 6th-8th grade level; never says a patient is or is not "eligible", "approved", "qualified"),
# staff wording, and slugs of the seed articles they link to. {placeholders} are the note params.
_CLINICIAN_CHECKS = "A clinician will check it with you."
_TRIAL_ARTICLES = ("looks-promising",)

NOTE_TEXTS: dict[str, dict] = {
    "urgent.item9": {
        "patient": "You told us that you have had thoughts that you would be better off dead, "
        "or of hurting yourself. Thank you for telling us. A clinician from our team will "
        "reach out to you today. If you might act on these thoughts, or you are in danger now, "
        "call or text 988 (the Suicide and Crisis Lifeline) or call 911 right away.",
        "staff": "PHQ-9 item 9 = {item9_score}. Same-day clinician follow-up and suicide-risk "
        "assessment required, whatever the total (clinical-facts §4).",
        "articles": (),
    },
    "safety.unanswered": {
        "patient": "We do not have your safety answers yet. A clinician must go over them with "
        "you before any treatment.",
        "staff": "Safety screen not answered: complete the IFCN screen before any treatment.",
        "articles": ("tms-experience",),
    },
    # stop: a clinician must review these before any treatment (clinical-facts §5b).
    "safety.cochlear_implant": {
        "patient": "You said you have a cochlear implant. The magnet used in TMS can affect "
        "some implants. A clinician must review this before any treatment.",
        "staff": "Cochlear implant: contraindicated on device labels and payer policies; "
        "IFCN-2021 checklist lists it as absolute, Tendler 2023 saw no damage (§5b). Review "
        "before any treatment.",
        "articles": ("tms-experience",),
    },
    "safety.metal_in_head": {
        "patient": "You said you have metal in or near your head. The magnet used in TMS can "
        "affect some metal. A clinician must review this before any treatment. Dental fillings "
        "and braces are usually fine.",
        "staff": "Metal in the head: labels and payers exclude ferromagnetic or conductive metal "
        "within 30 cm of the coil (not dental); experts: MRI-safe/conditional is TMS-safe, "
        "10 cm margin (§5b, §2b). Review before any treatment.",
        "articles": ("tms-experience",),
    },
    "safety.implanted_stimulator": {
        "patient": "You said you have an implanted stimulator, such as one for the brain or a "
        "nerve. A clinician must review this before any treatment.",
        "staff": "Implanted stimulator (DBS, cortical, VNS): contraindicated on labels; DBS and "
        "cortical stimulators absolute in the IFCN-2021 checklist; VNS treatable with care "
        "(§5b). Review before any treatment.",
        "articles": ("tms-experience",),
    },
    "safety.pacemaker": {
        "patient": "You said you have a pacemaker or another heart device. A clinician must "
        "review this before any treatment.",
        "staff": "Pacemaker/ICD: contraindicated or not recommended by labels and clinics; "
        "expert view: can be treated with care (§5b). Review before any treatment.",
        "articles": ("tms-experience",),
    },
    "safety.medication_pump": {
        "patient": "You said you have an implanted medicine pump. A clinician must review this "
        "before any treatment.",
        "staff": "Implanted medication pump: not recommended per labels/clinics; experts: "
        "can be treated with care (§5b). Review before any treatment.",
        "articles": ("tms-experience",),
    },
    # caution: clinician review, not automatic exclusion (Rossi 2011, clinical-facts §5a).
    "safety.seizure": {
        "patient": "You said you have had a seizure. Seizures with TMS are rare, about 3 in "
        "every 100,000 sessions. A clinician will talk with you about this before treatment.",
        "staff": "Seizure history: payer exclusion in some policies (L37086, Aetna, New "
        "Directions); relative per IFCN, absolute in the checklist only if a seizure in the last "
        "12 months on AEDs. Rate 0.31/10,000 sessions (Taylor 2021, §6b).",
        "articles": ("tms-experience",),
    },
    "safety.fainting": {
        "patient": "You said you have fainted before. A clinician will ask you about it "
        "before treatment.",
        "staff": "Fainting/syncope: IFCN screening item; weigh risk (§5a).",
        "articles": (),
    },
    "safety.head_injury": {
        "patient": "You said you have had a serious head injury. A clinician will ask you "
        "about it before treatment.",
        "staff": "Severe head trauma: IFCN item; Aetna lists head trauma among exclusions "
        "(§2a, §5b).",
        "articles": (),
    },
    "safety.hearing_problem": {
        "patient": "You said you have hearing problems or ringing in your ears. TMS makes a "
        "loud clicking sound, so you will wear earplugs. A clinician will talk with you about it.",
        "staff": "Hearing problems/tinnitus: IFCN item; earplugs required (§5a, §6b).",
        "articles": ("tms-experience",),
    },
    "safety.pregnancy": {
        "patient": "You said you are or may be pregnant. A clinician will talk with you about "
        "what is known and help you weigh the choices.",
        "staff": "Pregnancy: relative; IFCN-2021 checklist notes 12 studies, 50 pregnant people, "
        "no foetal adverse effects; main risk is a maternal seizure (§5b).",
        "articles": (),
    },
    "safety.seizure_threshold_meds": {
        "patient": "You said you take a medicine that can make seizures more likely. A "
        "clinician will look at your medicines before treatment.",
        "staff": "Drugs lowering the seizure threshold: review; IFCN 2021 finds seizure risk "
        "low even with CNS-active drugs (§5a).",
        "articles": (),
    },
    "safety.brain_condition": {
        "patient": "You said you have a brain condition, such as a stroke, tumor or raised "
        "pressure in the head. A clinician will ask you about it before treatment.",
        "staff": "Brain condition (raised ICP, stroke, CNS tumour, dementia): payer exclusions "
        "(Aetna, L34522); caution per IFCN (§5b).",
        "articles": (),
    },
    "safety.prior_tms_problem": {
        "patient": "You said you had a problem with TMS before. A clinician will ask you what "
        "happened.",
        "staff": "Problem during previous TMS: take a history (IFCN item, §5a).",
        "articles": ("tms-experience",),
    },
    "safety.prior_mri_problem": {
        "patient": "You said you had a problem with an MRI scan before. A clinician will ask "
        "you what happened.",
        "staff": "Problem during previous MRI: check for implants or metal (IFCN item, §5a).",
        "articles": (),
    },
    # criteria
    "criterion.age.met": {
        "patient": "You are {age}. The rules we used are written for adults {min_age} and "
        "older, so this part looks met.",
        "staff": "Age {age} >= {min_age}.",
        "articles": (),
    },
    "criterion.age.unmet": {
        "patient": "You are {age}. The rules we used are written for adults {min_age} and "
        "older. Some TMS devices are cleared for people aged 15 to 21 as an add-on to other "
        "treatment. Your care team will talk with you about your choices.",
        "staff": "Age {age} < {min_age}. Adolescent (15-21) clearances are adjunct only; payer "
        "coverage for 15-17 varies (§7(b)6).",
        "articles": ("tms",),
    },
    "criterion.age.unknown": {
        "patient": "We do not have your age yet. Your care team will ask you.",
        "staff": "Age missing (profile minimum {min_age}).",
        "articles": (),
    },
    "criterion.severity.met": {
        "patient": "Your PHQ-9 score is {total} out of 27, which is in the {severity_words} "
        "range. The rules we used ask for at least {required}, so this part looks met.",
        "staff": "PHQ-9 {total} ({severity}) >= {required}.",
        "articles": ("absolutely",),
    },
    "criterion.severity.unmet": {
        "patient": "Your PHQ-9 score is {total} out of 27, which is in the {severity_words} "
        "range. The rules we used usually ask for at least {required}. Scores change from week "
        "to week, and your care team looks at the whole picture.",
        "staff": "PHQ-9 {total} ({severity}) < {required}. Payers usually want severe MDD on a "
        "validated scale (§2b).",
        "articles": ("mixed-results",),
    },
    "criterion.severity.unknown": {
        "patient": "We do not have all your PHQ-9 answers yet. Your care team will go over "
        "them with you.",
        "staff": "PHQ-9 missing or incomplete (profile minimum {required}); check item 9 "
        "was screened.",
        "articles": (),
    },
    "criterion.failed_trials.met": {
        "patient": "We counted {counted} full medicine trial(s) that did not help you enough. "
        "The rules we used ask for {required}, so this part looks met.",
        "staff": "Adequate failed antidepressant trials counted: {counted} (required {required}).",
        "articles": ("looks-promising", "absolutely"),
    },
    "criterion.failed_trials.unmet": {
        "patient": "So far, we counted {counted} full medicine trial(s) that did not help you "
        "enough. The rules we used usually ask for {required}. A full trial means a high enough "
        "dose for long enough. Your care team will go over your list with you.",
        "staff": "Adequate failed antidepressant trials counted: {counted} of {required}; "
        "none uncertain.",
        "articles": ("mixed-results",),
    },
    "criterion.failed_trials.unknown": {
        "patient": "So far, we counted {counted} full medicine trial(s) that did not help you "
        "enough, and {uncertain} more need a closer look. The rules we used ask for "
        "{required}. A clinician will check the details with you.",
        "staff": "Counted {counted} of {required}; {uncertain} uncertain trial(s) could change "
        "this: confirm drug, dose, weeks, episode and outcome (§7(a)10).",
        "articles": ("looks-promising",),
    },
    "criterion.classes.met": {
        "patient": "The medicines that did not help come from {counted} different groups "
        "({classes}). The rules we used ask for {required}, so this part looks met.",
        "staff": "Failed classes: {classes} ({counted} of {required}).",
        "articles": ("looks-promising",),
    },
    "criterion.classes.unmet": {
        "patient": "So far, the medicines we counted come from {counted} group(s) of "
        "medicine. The rules we used usually ask for {required} different groups. Your care "
        "team will talk with you about this.",
        "staff": "Failed classes: {classes} ({counted} of {required}).",
        "articles": ("mixed-results",),
    },
    "criterion.classes.unknown": {
        "patient": "So far, the medicines we counted come from {counted} group(s) of "
        "medicine. Some of your medicines need a closer look, and they may add more. The rules "
        "we used ask for {required}. A clinician will check.",
        "staff": "Failed classes: {classes} ({counted} of {required}); up to {uncertain} more "
        "from uncertain trials.",
        "articles": ("looks-promising",),
    },
    "criterion.augmentation.met": {
        "patient": "You have tried {counted} add-on medicine(s) that did not help enough. The "
        "rules we used ask for {required}, so this part looks met.",
        "staff": "Adequate failed augmentation trials: {counted} (required {required}).",
        "articles": ("tms",),
    },
    "criterion.augmentation.unmet": {
        "patient": "The rules we used ask for {required} add-on medicine trial(s). An add-on "
        "is a second medicine taken with an antidepressant to help it work. So far, {counted} "
        "count. Your care team will talk with you about this.",
        "staff": "Adequate failed augmentation trials: {counted} of {required}.",
        "articles": ("tms", "mixed-results"),
    },
    "criterion.augmentation.unknown": {
        "patient": "So far, {counted} add-on medicine trial(s) count, and {uncertain} more need "
        "a closer look. The rules we used ask for {required}. A clinician will check.",
        "staff": "Augmentation: {counted} of {required}; {uncertain} uncertain.",
        "articles": ("tms",),
    },
    "criterion.psychotherapy.met": {
        "patient": "You have tried talk therapy for at least {min_weeks} weeks, and it did not "
        "help enough. This part looks met.",
        "staff": "Adequate psychotherapy trial without sufficient improvement "
        "(>= {min_weeks} weeks; week threshold unconfirmed).",
        "articles": ("looks-promising",),
    },
    "criterion.psychotherapy.unmet": {
        "patient": "The rules we used usually ask for a try of talk therapy, such as CBT, for "
        "at least {min_weeks} weeks. Your care team can talk with you about it.",
        "staff": "No failed psychotherapy trial of >= {min_weeks} weeks reported.",
        "articles": ("mixed-results",),
    },
    "criterion.psychotherapy.unknown": {
        "patient": "We need a few more details about your talk therapy, such as how long it "
        "lasted or how it went. Your care team will ask you.",
        "staff": "Psychotherapy details missing or outcome unclear (minimum {min_weeks} weeks).",
        "articles": (),
    },
    "criterion.exclusions.met": {
        "patient": "The rules we used look for {checked}. You did not tell us about any of "
        "these, so this part looks met.",
        "staff": "None of the profile's exclusions applies (checked: {checked}).",
        "articles": (),
    },
    "criterion.exclusions.unmet": {
        "patient": "You told us about {conditions}. The rules we used usually do not cover TMS "
        "in that case. This alone does not decide anything. Your care team will talk with you "
        "about the best next step.",
        "staff": "Exclusion applies: {conditions} (§2a, §7(b)5). Clinician review.",
        "articles": (),
    },
    "criterion.exclusions.unknown": {
        "patient": "We still need your answers about {missing}. Your care team will ask you.",
        "staff": "Exclusion answers missing: {missing}.",
        "articles": (),
    },
    "flag.psychosis": {
        "patient": "You told us about psychosis. A clinician will talk with you about it "
        "before any treatment.",
        "staff": "Psychosis reported: flag for clinician (§7(b)5); an exclusion in many payer "
        "policies though not in this profile.",
        "articles": (),
    },
    "flag.bipolar": {
        "patient": "You told us you have bipolar disorder. A clinician will talk with you "
        "about what that means for your treatment.",
        "staff": "Bipolar diagnosis: flag for clinician (§7(b)5); Centene excludes it.",
        "articles": (),
    },
    "flag.substance_use": {
        "patient": "You told us about alcohol or drug use in the last 90 days. Thank you for "
        "being open. A clinician will talk with you about it.",
        "staff": "Substance use in the past 90 days: flag for clinician (Aetna exclusion, §7(b)5).",
        "articles": (),
    },
    "diagnosis.not_sure": {
        "patient": "You were not sure which kind of depression you have been told you have. "
        "That is okay. A clinician will go over it with you.",
        "staff": "Diagnosis not known to the patient: confirm MDD (single/recurrent) vs bipolar.",
        "articles": (),
    },
    "phq9.score": {
        "patient": "Your PHQ-9 score is {total} out of 27, which is in the {severity_words} range.",
        "staff": "PHQ-9 {total} ({severity}); no minimum in this profile.",
        "articles": (),
    },
    "phq9.missing": {
        "patient": "We do not have all your PHQ-9 answers yet. Your care team will go over "
        "them with you.",
        "staff": "PHQ-9 missing or incomplete: no total; check item 9 was screened.",
        "articles": (),
    },
    # per trial
    "trial.counted": {
        "patient": "{medication} at {dose} mg a day for {weeks} weeks did not help enough "
        "({outcome_words}). It counts as a full trial.",
        "staff": "#{number} {generic} ({drug_class}) {dose} mg/d >= {min_dose}, {weeks} wk >= "
        "{min_weeks}, {outcome}: adequate failed trial, counted.",
        "articles": _TRIAL_ARTICLES,
    },
    "trial.counted_augmentation": {
        "patient": "{medication} at {dose} mg a day for {weeks} weeks, as an add-on, did not "
        "help enough. It counts as an add-on trial.",
        "staff": "#{number} {generic} ({drug_class}) augmentation {dose} mg/d >= {min_dose}, "
        "{weeks} wk >= {min_weeks}, {outcome}: counted.",
        "articles": ("tms",),
    },
    "trial.intolerance_counted": {
        "patient": "You stopped {medication} because of side effects. The rules we used count "
        "that as a medicine that did not work for you.",
        "staff": "#{number} {generic} ({drug_class}) stopped for side effects: intolerance, "
        "counted toward failed trials by this profile.",
        "articles": _TRIAL_ARTICLES,
    },
    "trial.intolerance_not_counted": {
        "patient": "You stopped {medication} because of side effects. The rules we used do not "
        "count that as a full trial, but your care team will note it.",
        "staff": "#{number} {generic} ({drug_class}) stopped for side effects: intolerance, "
        "not counted toward failed trials by this profile.",
        "articles": (),
    },
    "trial.augmentation_side_effects": {
        "patient": "You stopped {medication} because of side effects. Your care team will note it.",
        "staff": "#{number} {medication}: add-on stopped for side effects; not counted.",
        "articles": (),
    },
    "trial.duplicate": {
        "patient": "{medication} is on your list more than once. It is counted only once.",
        "staff": "#{number} {generic}: same medication already counted.",
        "articles": (),
    },
    "trial.response": {
        "patient": "You said {medication} helped a lot. That is good to know. A medicine that "
        "helped is not counted as one that did not work.",
        "staff": "#{number} {medication}: response (50% or more), not a failure.",
        "articles": ("tms",),
    },
    "trial.ongoing": {
        "patient": "You are still taking {medication}, and it may be too early to tell if it "
        "helps. It is not counted yet.",
        "staff": "#{number} {medication}: ongoing, not counted.",
        "articles": ("tms",),
    },
    "trial.low_dose": {
        "patient": "{medication} {dose} mg a day is less than the dose that usually works, "
        "which is {min_dose} mg. So it does not count as a full trial.",
        "staff": "#{number} {generic} {dose} mg/d < minimum adequate {min_dose} mg/d: not "
        "adequate.",
        "articles": (),
    },
    "trial.too_short": {
        "patient": "{medication} was taken for {weeks} weeks. The rules we used count a trial "
        "after at least {min_weeks} weeks, so it does not count as a full trial.",
        "staff": "#{number} {generic} {weeks} wk < {min_weeks} wk: not adequate.",
        "articles": (),
    },
    "trial.low_dose_short": {
        "patient": "{medication} {dose} mg a day for {weeks} weeks is less than the dose that "
        "usually works, which is {min_dose} mg. It is also shorter than {min_weeks} weeks. So "
        "it does not count as a full trial.",
        "staff": "#{number} {generic} {dose} mg/d < {min_dose} and {weeks} wk < {min_weeks}: "
        "not adequate.",
        "articles": (),
    },
    "trial.prior_episode": {
        "patient": "{medication} was taken during an earlier time of depression. Most rules "
        "count only medicines from this time, so it is not counted here. It still helps your "
        "care team to know about it.",
        "staff": "#{number} {medication}: prior episode; not counted (most rules count the "
        "current episode, §7(a)6).",
        "articles": (),
    },
    "trial.prior_episode_only": {
        "patient": "{medication} was taken during an earlier time of depression, and you did "
        "not list a medicine for this time. Some rules let earlier medicines count then. "
        + _CLINICIAN_CHECKS,
        "staff": "#{number} {medication}: prior episode and no trial in the current episode; "
        "the FDA-label reading may allow it (EVMS, §1). Clinician to decide.",
        "articles": (),
    },
    "trial.unknown_medication": {
        "patient": 'We did not find "{medication}" in our list of medicines, so we could not '
        "tell if it counts. " + _CLINICIAN_CHECKS,
        "staff": '#{number} "{medication}" not in the catalogue: adequacy uncertain. Add it '
        "(or an alias) to the catalogue if it is a real antidepressant.",
        "articles": (),
    },
    "trial.no_dose_threshold": {
        "patient": "Whether {medication} was a full trial depends on more than the dose, such "
        "as blood tests. " + _CLINICIAN_CHECKS,
        "staff": "#{number} {generic} ({drug_class}): no mg threshold (level-based or not a "
        "classical trial); adequacy uncertain.",
        "articles": (),
    },
    "trial.missing_details": {
        "patient": "We could not tell if {medication} was a full trial because we do not have "
        "the {missing}. " + _CLINICIAN_CHECKS,
        "staff": "#{number} {generic}: {missing} missing; adequacy uncertain (min {min_dose} "
        "mg/d, {min_weeks} wk).",
        "articles": (),
    },
    "trial.episode_unsure": {
        "patient": "You were not sure if you took {medication} during this time of depression. "
        + _CLINICIAN_CHECKS,
        "staff": "#{number} {medication}: current episode unknown; adequacy uncertain.",
        "articles": (),
    },
    "trial.outcome_unknown": {
        "patient": "You were not sure how {medication} worked for you. A clinician will ask "
        "you about it.",
        "staff": "#{number} {generic} adequate dose and duration, outcome unknown.",
        "articles": (),
    },
    "trial.dose_above_max": {
        "patient": "{medication} {dose} mg a day is more than the usual highest dose of "
        "{max_dose} mg. Please check the number. Your care team will confirm it.",
        "staff": "#{number} {generic} {dose} mg/d above the usual maximum {max_dose} mg/d: "
        "check for a typing error.",
        "articles": (),
    },
    # other history
    "prior_tms.response": {
        "patient": "You said TMS helped you before, by about {improvement_pct}%. Plans often "
        "cover another course when there are records of a good response (more than half "
        "better). Your care team can help find those records.",
        "staff": "Prior TMS response {improvement_pct}% (> 50%): retreatment often covered "
        "after a documented response (L37086, UHC; Aetna adds sustained >= 2 months [S]).",
        "articles": ("tms-experience",),
    },
    "prior_tms.had": {
        "patient": "You said you have had TMS before. Your care team will ask you how it went.",
        "staff": "Prior TMS; reported improvement in percent: {improvement_pct} (retreatment "
        "rules need a documented response above 50%).",
        "articles": ("tms-experience",),
    },
    "prior_ect": {
        "patient": "You said you have had ECT. TMS is a different kind of brain stimulation "
        "that aims at one small spot in the brain. Your care team will ask you how ECT went.",
        "staff": "Prior ECT: record course and response (Maudsley staging item, §3e).",
        "articles": ("rtms", "yes"),
    },
    "info.schedule": {
        "patient": "A usual TMS course is 5 visits a week for about 6 weeks. Then there are a "
        "few more visits as it tapers off, about 36 in all. Each visit takes from a few minutes "
        "to about 40 minutes. It depends on the type of TMS.",
        "staff": "Default course 30 + 6 taper = 36 sessions (CPT 90867/90868/90869, §2b); "
        "session ~37 min standard 10 Hz, ~3 min iTBS (§6a).",
        "articles": ("tms-experience",),
    },
    "info.how_it_works": {
        "patient": "TMS uses a magnet held against your head to send gentle pulses to parts of "
        "the brain that help control mood.",
        "staff": "How-it-works links for the patient.",
        "articles": ("brain-connectivity", "dual-mechanism", "several-mechanisms"),
    },
    "info.care_team": {
        "patient": "These notes are a guide, not a decision. Your care team looks at your whole "
        "history and your insurance plan's rules, and decides the next steps with you.",
        "staff": "Automated notes only; the clinician confirms every count (§7(a)10).",
        "articles": (),
    },
}

# "Why we ask" lines for each intake step, with the articles that explain them.
WHY_WE_ASK: dict[str, dict] = {
    "about-you": {
        "text": "Your age and insurance help us use the right rules for your plan.",
        "articles": ("tms",),
    },
    "depression": {
        "text": "The kind of depression you have, and other conditions, change which "
        "treatments are safe and helpful for you.",
        "articles": ("mixed-results",),
    },
    "phq9": {
        "text": "These nine questions are a common way to measure depression. Your care team "
        "uses the score to track how you feel over time.",
        "articles": ("absolutely",),
    },
    "antidepressants": {
        "text": "Many plans cover TMS after medicines have not helped enough. The dose and how "
        "long you took each one matter.",
        "articles": ("looks-promising", "absolutely"),
    },
    "other-treatments": {
        "text": "Talk therapy, ECT and past TMS are part of your story and can change what "
        "comes next.",
        "articles": ("rtms", "yes"),
    },
    "safety": {
        "text": "TMS uses a strong magnet. Some implants and health conditions need a "
        "clinician's review first.",
        "articles": ("tms-experience",),
    },
    "consent": {
        "text": "We need your permission to use your answers to plan your care.",
        "articles": ("tms-experience",),
    },
    "review": {
        "text": "Check your answers before you send them. Your care team will read them closely.",
        "articles": ("brain-connectivity",),
    },
}

ARTICLE_SLUGS = (
    "brain-connectivity",
    "rtms",
    "dual-mechanism",
    "tms-experience",
    "several-mechanisms",
    "mixed-results",
    "looks-promising",
    "absolutely",
    "tms",
    "yes",
)


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
        key: NoteText(row["patient"], row.get("staff", ""), tuple(row["articles"]))
        for key, row in NOTE_TEXTS.items()
    }
