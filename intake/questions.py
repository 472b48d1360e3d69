"""The intake's questions, answers and steps: wording and keys in one place.

A pure module (no ORM): forms, templates, the case builder and tests all read from here, so the
PHQ-9 wording (clinical-facts section 4) and the safety keys (the contract's ``safety_yes``) are
written exactly once.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    required: bool = True


STEPS = (
    Step("about-you", "About you"),
    Step("depression", "Your depression"),
    Step("phq9", "How you have been feeling (PHQ-9)"),
    Step("antidepressants", "Antidepressants you have tried"),
    Step("other-treatments", "Other treatments"),
    Step("safety", "Safety questions"),
    Step("consent", "Consent and signature"),
    Step("review", "Check and send", required=False),
)
STEP_SLUGS = tuple(step.slug for step in STEPS)
# The steps a patient saves answers on (review only shows them).
ANSWER_STEP_SLUGS = tuple(step.slug for step in STEPS if step.required)
STEPS_BY_SLUG = {step.slug: step for step in STEPS}


def step_number(slug):
    return STEP_SLUGS.index(slug) + 1


def next_step(slug):
    index = STEP_SLUGS.index(slug)
    return STEP_SLUGS[index + 1] if index + 1 < len(STEP_SLUGS) else None


def previous_step(slug):
    index = STEP_SLUGS.index(slug)
    return STEP_SLUGS[index - 1] if index > 0 else None


# --- PHQ-9 (clinical-facts section 4, US Core / LOINC wording, used exactly) -----------------

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

# Cut-points 5, 10, 15, 20 (Kroenke 2001).
PHQ9_SEVERITY_BANDS = (
    (20, "severe", "Severe"),
    (15, "moderately_severe", "Moderately severe"),
    (10, "moderate", "Moderate"),
    (5, "mild", "Mild"),
    (0, "minimal", "Minimal"),
)


def phq9_total(answers):
    """The PHQ-9 total (0-27) of nine answers, or None while any is missing."""
    answers = list(answers)
    if len(answers) != 9 or any(a is None for a in answers):
        return None
    return sum(answers)


def phq9_severity(total):
    """The severity key for a PHQ-9 total, or None for None."""
    if total is None:
        return None
    for cut, key, _label in PHQ9_SEVERITY_BANDS:
        if total >= cut:
            return key
    raise ValueError(f"A PHQ-9 total cannot be {total}.")


PHQ9_SEVERITY_LABELS = {key: label for _cut, key, label in PHQ9_SEVERITY_BANDS}


# --- Safety screening (keys exactly the contract's safety_yes list) ------------------------

SAFETY_ITEMS = (
    ("seizure", "Have you ever had a seizure, a convulsion or epilepsy?"),
    ("fainting", "Have you ever fainted or passed out?"),
    (
        "head_injury",
        "Have you ever had a head injury where you were knocked out (lost consciousness)?",
    ),
    ("hearing_problem", "Do you have any hearing problems or ringing in your ears?"),
    ("cochlear_implant", "Do you have a cochlear implant?"),
    (
        "metal_in_head",
        "Do you have any metal in your head or skull, such as clips, plates, shrapnel or "
        "fragments? (Fillings, braces and other dental work do not count.)",
    ),
    (
        "implanted_stimulator",
        "Do you have an implanted stimulator, such as a deep brain stimulator (DBS) or a vagus "
        "nerve stimulator (VNS)?",
    ),
    ("pacemaker", "Do you have a heart pacemaker or defibrillator?"),
    ("medication_pump", "Do you have an implanted medication pump?"),
    ("pregnancy", "Are you pregnant, or could you be pregnant?"),
    (
        "seizure_threshold_meds",
        "Do you take any medicine that a doctor or pharmacist told you can make a seizure "
        "more likely?",
    ),
    (
        "brain_condition",
        "Have you ever had a stroke, a brain tumour or another condition of the brain?",
    ),
    ("prior_tms_problem", "Have you had TMS before and had a problem with it?"),
    ("prior_mri_problem", "Have you had an MRI scan before and had a problem with it?"),
)
# Short names, for the "tell us more" box of each question (its label must say which one).
SAFETY_TOPICS = {
    "seizure": "the seizure or epilepsy",
    "fainting": "the fainting",
    "head_injury": "the head injury",
    "hearing_problem": "the hearing problem",
    "cochlear_implant": "the cochlear implant",
    "metal_in_head": "the metal in your head",
    "implanted_stimulator": "the stimulator",
    "pacemaker": "the pacemaker or defibrillator",
    "medication_pump": "the medication pump",
    "pregnancy": "the pregnancy",
    "seizure_threshold_meds": "the medicine",
    "brain_condition": "the brain condition",
    "prior_tms_problem": "the problem with TMS",
    "prior_mri_problem": "the problem with the MRI",
}
SAFETY_KEYS = tuple(key for key, _question in SAFETY_ITEMS)
SAFETY_QUESTIONS = dict(SAFETY_ITEMS)
