"""What a patient reads about a closed intake: the outcome in plain words and the next step.

Never "eligible", "approved" or "rejected" (nor colours or icons that say so): the words say
what the clinic will do next. The care team's comment on closing stays with the care team.
"""

from dataclasses import dataclass

from .models import Outcome


@dataclass(frozen=True)
class ClosedWords:
    outcome: str
    next_step: str


OUTCOME_WORDS = {
    Outcome.CONSULTATION: ClosedWords(
        "The clinic would like to meet you for a consultation.",
        "The clinic will contact you to find a time. You can also call the clinic to set it up.",
    ),
    Outcome.REFERRED: ClosedWords(
        "The clinic thinks another service may be a better fit for your care right now.",
        "The clinic can tell you where and why. Please call the clinic to talk it over.",
    ),
    Outcome.NOT_PROCEEDING: ClosedWords(
        "The clinic is not planning TMS with you for now.",
        "Your care team can talk with you about why, and about other kinds of care. Please call "
        "the clinic. If things change, you can start a new intake.",
    ),
    Outcome.WITHDRAWN: ClosedWords(
        "Your intake was closed because you asked to stop.",
        "If you would like to try again, you can start a new intake at any time.",
    ),
    Outcome.DUPLICATE: ClosedWords(
        "This intake was closed because it was a copy of another one or was made by mistake.",
        "You do not need to do anything. If you are not sure, please call the clinic.",
    ),
}

UNKNOWN = ClosedWords(
    "The clinic closed your intake.",
    "Please call the clinic to hear what happens next.",
)


def closed_words(intake):
    return OUTCOME_WORDS.get(intake.outcome, UNKNOWN)
