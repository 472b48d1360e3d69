"""The first screen of the intake's page, and the few words the queue shares with it: what a
reviewer needs to know at a glance (urgent state, safety answers, PHQ-9 and item 9, the counted
trials, the criteria, the messages). The raw answers are below it, folded by step."""

from dataclasses import dataclass

from ..eligibility.vocabulary import (
    CRITERIA,
    PHQ9_ANSWERS,
    SAFETY_STAFF_WORDS,
    SAFETY_STOP,
    SEVERITY_WORDS,
)
from ..services.results import CRITERION_STAFF_WORDS

CRITERION_VALUE_WORDS = {
    "met": "met",
    "unmet": "not met",
    "not_required": "not required",
    "unknown": "unknown: to check",
}
ITEM9_WORDS = dict(PHQ9_ANSWERS)


@dataclass(frozen=True)
class Phq9Words:
    score: str  # "16 (moderately severe)", "12 so far (5 of 9 answered)", "not answered"
    item9: str  # "item 9: Several days (1)"


def phq9_words(total, severity, answered, answers):
    """The PHQ-9 score and item 9 in a reviewer's words; a partial score says it is partial."""
    if total is not None:
        score = f"{total} ({SEVERITY_WORDS.get(severity or '', '')})"
    elif answered:
        partial = sum(answer for answer in answers if answer is not None)
        score = f"{partial} so far ({answered} of 9 answered)"
    else:
        score = "not answered"
    item9 = answers[8]
    if item9 is None:
        return Phq9Words(score, "item 9 not answered")
    return Phq9Words(score, f"item 9: {ITEM9_WORDS.get(item9, item9)} ({item9})")


@dataclass(frozen=True)
class SafetyFlag:
    level: str  # "stop" or "caution"
    words: str


def safety_flags(answers):
    """The "yes" safety answers (SafetyAnswer rows), the stops first. Their details are with
    the raw answers below (each answer is shown once on the page)."""
    flags = [
        SafetyFlag("stop" if a.key in SAFETY_STOP else "caution", SAFETY_STAFF_WORDS[a.key])
        for a in answers
        if a.answer == "yes"
    ]
    return sorted(flags, key=lambda flag: flag.level != "stop")


def criteria_at_a_glance(result):
    """Each criterion with its value in words, for the summary (none without an evaluation)."""
    if result is None:
        return []
    values = result.evaluation.criteria
    return [
        {
            "name": CRITERION_STAFF_WORDS.get(name, name),
            "value": values.get(name, "unknown"),
            "words": CRITERION_VALUE_WORDS.get(values.get(name, "unknown"), "unknown: to check"),
        }
        for name in CRITERIA
    ]


def summary_context(intake, result, thread):
    """What the first screen of the intake's page shows."""
    answers = list(intake.safety_answers.all())
    answered = sum(answer is not None for answer in intake.phq9_answers)
    return {
        "summary_phq9": phq9_words(
            intake.phq9_total, intake.phq9_severity, answered, intake.phq9_answers
        ),
        "summary_safety": safety_flags(answers),
        "summary_safety_answered": any(a.answer for a in answers),
        "summary_result": result,
        "summary_trials": result.trial_rows() if result else [],
        "summary_criteria": criteria_at_a_glance(result),
        "summary_last_message": thread[-1] if thread else None,
    }
