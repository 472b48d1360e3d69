"""The one copy of the words, keys and limits that the intake forms, the eligibility rules and
the staff pages share.

- PHQ-9: the questions and answers, the total, the severity bands and their wording
  (docs/clinical-facts.md section 4, US Core / LOINC wording, used exactly), and when item 9
  is urgent.
- Safety screening: each question with its key (the case JSON's ``safety_yes``,
  docs/contract.md) and whether a "yes" stops for a clinician or calls for caution.
- The values of the case and evaluation JSON (docs/contract.md) and their wording (the notes
  the rules can emit are in ``note_specs``).
- Limits on answers.

Pure Python: no Django, nothing else of the project.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .marking import gettext_noop

# --- PHQ-9 ------------------------------------------------------------------------------------

PHQ9_STEM = (
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
)
PHQ9_ITEMS = (
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself - or that you are a failure or have let yourself or your "
    "family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed. Or the opposite - being "
    "so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead, or of hurting yourself in some way",
)
PHQ9_ANSWERS = (
    (0, "Not at all"),
    (1, "Several days"),
    (2, "More than half the days"),
    (3, "Nearly every day"),
)
PHQ9_DIFFICULTY_ITEM = (
    "How difficult have these problems made it for you to do your work, take care of things at "
    "home, or get along with other people?"
)
# Item 10 carries no score; its answers are stored 0-3 in this order.
PHQ9_DIFFICULTY_ANSWERS = (
    (0, "Not difficult at all"),
    (1, "Somewhat difficult"),
    (2, "Very difficult"),
    (3, "Extremely difficult"),
)

# (lowest total, band), highest first: cut-points 5, 10, 15, 20 (Kroenke 2001).
SEVERITY_BANDS = (
    (20, "severe"),
    (15, "moderately_severe"),
    (10, "moderate"),
    (5, "mild"),
    (0, "minimal"),
)
# A band as a heading or a filter choice ...
PHQ9_SEVERITY_LABELS = {
    "severe": "Severe",
    "moderately_severe": "Moderately severe",
    "moderate": "Moderate",
    "mild": "Mild",
    "minimal": "Minimal",
}
# ... and inside a sentence ("a moderately severe score"); never the raw key.
SEVERITY_WORDS = {band: label.lower() for band, label in PHQ9_SEVERITY_LABELS.items()}


# The PHQ-9's range: nine answers of 0 to 3 each (a property of the questionnaire, not a rule).
PHQ9_ITEM_MAX = 3
PHQ9_MAX_TOTAL = 9 * PHQ9_ITEM_MAX  # 27


def phq9_total(answers: Iterable[int | None]) -> int | None:
    """The PHQ-9 total (0 to PHQ9_MAX_TOTAL) of nine answers, or None while any is missing."""
    answers = list(answers)
    if len(answers) != 9 or None in answers:
        return None
    return sum(answers)


def phq9_severity(total: int | None) -> str | None:
    """The severity band of a PHQ-9 total, or None for None."""
    if total is None:
        return None
    for lowest, band in SEVERITY_BANDS:
        if total >= lowest:
            return band
    raise ValueError(f"A PHQ-9 total cannot be {total}.")


def item9_is_urgent(score: int | None) -> bool:
    """Whether a PHQ-9 item 9 answer (thoughts of death or self-harm) needs same-day clinician
    follow-up: any answer above 0, whatever the total (docs/clinical-facts.md section 4)."""
    return score is not None and score > 0


# --- safety screening ---------------------------------------------------------------------------

STOP, CAUTION = "stop", "caution"


@dataclass(frozen=True)
class SafetyItem:
    key: str  # the case JSON's safety_yes value
    question: str
    topic: str  # a short name, for the label of the question's "tell us more" box
    # stop: an implant a clinician must clear first (facts §5b); caution: clinician review,
    # never an automatic exclusion (Rossi 2011, facts §5a, §7(b)7).
    level: str
    staff: str  # the reviewer's words (the admin stays English)


# In the order of docs/contract.md's safety_yes list, which is the order patients see.
SAFETY_ITEMS = (
    SafetyItem(
        "seizure",
        gettext_noop("Have you ever had a seizure, a convulsion or epilepsy?"),
        gettext_noop("the seizure or epilepsy"),
        CAUTION,
        "seizure or epilepsy",
    ),
    SafetyItem(
        "fainting",
        gettext_noop("Have you ever fainted or passed out?"),
        gettext_noop("the fainting"),
        CAUTION,
        "fainting",
    ),
    SafetyItem(
        "head_injury",
        gettext_noop(
            "Have you ever had a head injury where you were knocked out (lost consciousness)?"
        ),
        gettext_noop("the head injury"),
        CAUTION,
        "head injury",
    ),
    SafetyItem(
        "hearing_problem",
        gettext_noop("Do you have any hearing problems or ringing in your ears?"),
        gettext_noop("the hearing problem"),
        CAUTION,
        "hearing problem",
    ),
    SafetyItem(
        "cochlear_implant",
        gettext_noop("Do you have a cochlear implant?"),
        gettext_noop("the cochlear implant"),
        STOP,
        "cochlear implant",
    ),
    SafetyItem(
        "metal_in_head",
        gettext_noop(
            "Do you have any metal in your head or skull, such as clips, plates, shrapnel or "
            "fragments? (Fillings, braces and other dental work do not count.)"
        ),
        gettext_noop("the metal in your head"),
        STOP,
        "metal in the head",
    ),
    SafetyItem(
        "implanted_stimulator",
        gettext_noop(
            "Do you have an implanted stimulator, such as a deep brain stimulator (DBS) or a vagus "
            "nerve stimulator (VNS)?"
        ),
        gettext_noop("the stimulator"),
        STOP,
        "implanted stimulator",
    ),
    SafetyItem(
        "pacemaker",
        gettext_noop("Do you have a heart pacemaker or defibrillator?"),
        gettext_noop("the pacemaker or defibrillator"),
        STOP,
        "pacemaker or defibrillator",
    ),
    SafetyItem(
        "medication_pump",
        gettext_noop("Do you have an implanted medication pump?"),
        gettext_noop("the medication pump"),
        STOP,
        "medication pump",
    ),
    SafetyItem(
        "pregnancy",
        gettext_noop("Are you pregnant, or could you be pregnant?"),
        gettext_noop("the pregnancy"),
        CAUTION,
        "pregnancy",
    ),
    SafetyItem(
        "seizure_threshold_meds",
        gettext_noop(
            "Do you take any medicine that a doctor or pharmacist told you can make a seizure "
            "more likely?"
        ),
        gettext_noop("the medicine"),
        CAUTION,
        "seizure-threshold medicine",
    ),
    SafetyItem(
        "brain_condition",
        gettext_noop(
            "Have you ever had a stroke, a brain tumor or another condition of the brain?"
        ),
        gettext_noop("the brain condition"),
        CAUTION,
        "brain condition",
    ),
    SafetyItem(
        "prior_tms_problem",
        gettext_noop("Have you had TMS before and had a problem with it?"),
        gettext_noop("the problem with TMS"),
        CAUTION,
        "problem with TMS before",
    ),
    SafetyItem(
        "prior_mri_problem",
        gettext_noop("Have you had an MRI scan before and had a problem with it?"),
        gettext_noop("the problem with the MRI"),
        CAUTION,
        "problem with an MRI before",
    ),
)
SAFETY_KEYS = tuple(item.key for item in SAFETY_ITEMS)
SAFETY_QUESTIONS = {item.key: item.question for item in SAFETY_ITEMS}
SAFETY_TOPICS = {item.key: item.topic for item in SAFETY_ITEMS}
SAFETY_STAFF_WORDS = {item.key: item.staff for item in SAFETY_ITEMS}
SAFETY_STOP = tuple(item.key for item in SAFETY_ITEMS if item.level == STOP)
SAFETY_CAUTION = tuple(item.key for item in SAFETY_ITEMS if item.level == CAUTION)


# --- the values of the case and evaluation JSON (docs/contract.md) -------------------------

DIAGNOSES = ("mdd_single", "mdd_recurrent", "bipolar", "not_sure")
OUTCOMES = ("response", "partial", "no_change", "worse", "side_effects", "ongoing", "unknown")
FAILED_OUTCOMES = frozenset({"partial", "no_change", "worse"})
# The patient's own answer (the labels of the intake's outcome question), never a figure they
# did not give: "Somewhat better" is not "less than half" (tested against the choices).
OUTCOME_WORDS = {
    "response": "you said \u201cmuch better\u201d",
    "partial": "you said \u201csomewhat better\u201d",
    "no_change": "you said \u201cno real change\u201d",
    "worse": "you said \u201cworse\u201d",
    "side_effects": "you said \u201cstopped because of side effects\u201d",
    "ongoing": "you said \u201ctoo early to tell\u201d",
    "unknown": "you were not sure how it worked",
}
# The same outcomes in clinical words, for staff (never the raw code), with the patient's words:
# the intake asks no percentage for a medicine.
OUTCOME_STAFF_WORDS = {
    "response": "response (patient: \u201cmuch better\u201d)",
    "partial": "partial response (patient: \u201csomewhat better\u201d)",
    "no_change": "no change",
    "worse": "worse",
    "side_effects": "stopped for side effects",
    "ongoing": "still taking, too early to judge",
    "unknown": "outcome not known",
}

LEVELS = ("urgent", STOP, CAUTION, "unmet", "met", "info")
CRITERIA = (
    "age",
    "severity",
    "failed_trials",
    "classes",
    "augmentation",
    "psychotherapy",
    "exclusions",
)
CRITERION_VALUES = ("met", "unmet", "not_required", "unknown")
# An unknown criterion needs a clinician's look, so it is shown with the cautions.
CRITERION_LEVEL = {"met": "met", "unmet": "unmet", "unknown": CAUTION}

# Trial statuses in the per-trial breakdown.
COUNTED, NOT_COUNTED, UNCERTAIN, DUPLICATE = "counted", "not_counted", "uncertain", "duplicate"


# --- limits -------------------------------------------------------------------------------------

# The most weeks one antidepressant trial or therapy course can have lasted: ten years; more is
# a typing error.
MAX_TRIAL_WEEKS = 520
# The most weeks a criteria profile may require a trial or a therapy course to last.
MAX_PROFILE_WEEKS = 52
# The most mg a day a patient may answer for one medicine; more is a typing error.
MAX_DAILY_DOSE_MG = 2000
# The most mg a day a catalogue threshold or a case JSON's dose may say: above any
# antidepressant or augmenter dose.
MAX_DOSE_MG = 5000
# The oldest age a case may give, and a profile's minimum age may ask.
MAX_AGE = 120
